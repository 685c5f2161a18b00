"""JAX's persistent compilation cache, on by default for the engine.

A compiled program (one per model, step bucket, subject count and record selection) is written to
``$XDG_CACHE_HOME/remission/jax`` (``~/.cache/remission/jax``) and read back by later processes,
so a second ``remission scorecard`` or ``make demo`` compiles almost nothing.

``REMISSION_JAX_CACHE=0`` (or ``off``/``false``/``no``) turns it off; ``REMISSION_JAX_CACHE=/some/dir``
puts it elsewhere. A cache folder already configured for JAX (``JAX_COMPILATION_CACHE_DIR`` or
``jax.config``) is left as it is. :func:`enable` runs where the engine is first used
(:func:`~remission.engine.simulate` and friends), never at ``import remission``.
"""

from __future__ import annotations

import os
from pathlib import Path

import jax

OFF = {"0", "off", "false", "no"}
MIN_COMPILE_SECONDS = 0.2
"""Programs that compile faster than this are not written (JAX's default is 1 s; most of ours take 0.3–3 s)."""

_state = {"checked": False, "path": None}


def folder() -> Path | None:
    """Where the cache goes, or None when ``REMISSION_JAX_CACHE`` turns it off."""
    setting = os.environ.get("REMISSION_JAX_CACHE", "").strip()
    if setting.lower() in OFF:
        return None
    if setting and setting.lower() not in {"1", "on", "true", "yes"}:
        return Path(setting).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "remission" / "jax"


def enable() -> str | None:
    """Turn the persistent cache on (once per process); returns the folder in use, or None."""
    if _state["checked"]:
        return _state["path"]
    _state["checked"] = True
    configured = jax.config.jax_compilation_cache_dir
    if configured:
        _state["path"] = str(configured)
        return _state["path"]
    path = folder()
    if path is None:
        return None
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only home: run without the cache rather than fail
        return None
    jax.config.update("jax_compilation_cache_dir", str(path))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", MIN_COMPILE_SECONDS)
    _state["path"] = str(path)
    return _state["path"]
