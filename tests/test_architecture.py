"""The layers stay layered: no module imports a layer above it, packages form no import cycle,
models never see a protocol, and ``import remission`` stays light (docs/DEVELOPING.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "remission"

#: Bottom to top; a module may import its own layer and the layers below it.
LAYERS = (
    ("errors", "registry", "_version", "_help"),
    ("params", "protocols"),
    ("models",),
    ("engine",),
    ("io", "phenomena", "report"),
    ("fitting", "scoring"),
    ("scale", "calibration", "designer", "lifecourse", "gym"),
    ("cli",),
    ("__init__", "__main__"),
)
LAYER = {part: i for i, parts in enumerate(LAYERS) for part in parts}


def part_of(module: str) -> str:
    """``remission.engine.run`` -> ``engine``; ``remission`` and names of the front door
    (``remission.simulate``) -> ``__init__``."""
    pieces = module.split(".")
    if len(pieces) == 1 or pieces[1] not in LAYER:
        return "__init__"
    return pieces[1]


def imports() -> list[tuple[str, str, int]]:
    """(importing module, imported remission module, line) for every import, at any depth."""
    found = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(rel.parts).removesuffix(".__init__")
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                target = node.module or ""
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([target] if target else []))
                names = [target] if target != "remission" else [f"remission.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if name == "remission" or name.startswith("remission."):
                    found.append((module, name, node.lineno))
    return found


def test_every_package_has_a_layer():
    parts = {p.relative_to(SRC).with_suffix("").parts[0] for p in SRC.rglob("*.py")}
    assert parts - set(LAYER) == set(), "add new packages to LAYERS (and docs/DEVELOPING.md)"


def test_no_module_imports_a_layer_above_it():
    bad = [f"{src} (line {line}) imports {dst}" for src, dst, line in imports()
           if LAYER[part_of(dst)] > LAYER[part_of(src)]]
    assert not bad, "\n".join(bad)


def test_packages_form_no_import_cycle():
    graph = defaultdict(set)
    for src, dst, _ in imports():
        a, b = part_of(src), part_of(dst)
        if a != b:
            graph[a].add(b)

    def reach(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    cycles = sorted(p for p in list(graph) if p in reach(p))
    assert not cycles, f"packages in an import cycle: {cycles}"


def test_models_never_see_protocols_or_the_engine():
    allowed = {"errors", "registry", "_version", "params", "models"}
    bad = [f"{src} imports {dst}" for src, dst, _ in imports()
           if part_of(src) == "models" and part_of(dst) not in allowed]
    assert not bad, "\n".join(bad)


def test_models_read_no_programmed_outcome_or_lever_index():
    """Models read the perceived fields of a step only (engine/layout.py)."""
    sys.path.insert(0, str(SRC.parent))
    from remission.engine.layout import FIELDS

    hidden = sorted(k for k, f in FIELDS.items() if f.role != "perceived")
    bad = []
    for path in (SRC / "models").glob("*.py"):
        text = path.read_text()
        bad += [f"{path.name}: obs[{k!r}]" for k in hidden if f'obs["{k}"]' in text]
    assert not bad, bad


@pytest.mark.parametrize("heavy", ["jax", "numpy", "pandas", "matplotlib", "numpyro", "arviz"])
def test_import_remission_is_light(heavy):
    code = f"import remission, sys; print({heavy!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"`import remission` imports {heavy}"


def test_import_remission_leaves_jax_precision_alone():
    code = ("import remission, jax; remission.simulate; import jax.numpy as jnp; "
            "print(jnp.asarray(1.0).dtype)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "float32"


def test_registry_order_does_not_depend_on_what_was_imported_first():
    code = ("import remission.phenomena.incubation, remission.models.state_splitting; "
            "from remission import phenomena, models; "
            "print(phenomena.names()[0], models.names()[0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["escalation", "rescorla_wagner"]
