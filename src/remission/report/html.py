"""Self-contained HTML pages (figures embedded as base64 PNG) from the package's jinja2 templates.

This is a rendering library: the products that write reports (the scorecard, calibration, ...)
assemble their own context and call :func:`render`.
"""

from __future__ import annotations

import base64
import math

from jinja2 import Environment, PackageLoader, select_autoescape


def fmt(x) -> str:
    """A number with 3 significant digits; ``–`` for missing or non-finite values."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.3g}"


def embed_png(png: bytes) -> str:
    """PNG bytes as the base64 text of a ``data:image/png`` URI."""
    return base64.b64encode(png).decode("ascii")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("remission.report", "templates"),
                      autoescape=select_autoescape(["html"]))
    env.filters["fmt"] = fmt
    return env


def render(template: str, **context) -> str:
    """Render ``templates/<template>`` with ``context``."""
    return _environment().get_template(template).render(**context)
