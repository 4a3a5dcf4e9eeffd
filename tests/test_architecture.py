"""The layers of docs/ARCHITECTURE.md, checked against every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RECAP = Path(__file__).resolve().parent.parent / "recap"

FOUNDATIONS = {"domain", "errors", "atomic", "locks", "config", "clock"}
ALLOWED = {
    # layer: the layers (top-level modules or packages of recap) it may import
    "domain": {"errors"},
    "errors": set(),
    "clock": set(),
    "atomic": set(),
    "locks": set(),
    "config": {"errors", "store"},
    "audio": FOUNDATIONS,
    "models": FOUNDATIONS,
    "asr": FOUNDATIONS,
    "transcribe": FOUNDATIONS | {"audio", "asr", "models", "heard"},
    "heard": FOUNDATIONS | {"asr"},
    "live": FOUNDATIONS | {"asr", "models", "transcribe", "heard"},
    "transcripts": FOUNDATIONS | {"speakers"},
    "speakers": FOUNDATIONS,
    "extract": {"domain", "errors", "clock"},
    "store": FOUNDATIONS | {"migrations"},
    "search": FOUNDATIONS | {"store"},
    "migrations": FOUNDATIONS | {"store"},
    "share": {"domain", "errors", "clock"},
}


def layer_of(path: Path) -> str:
    parts = path.relative_to(RECAP).with_suffix("").parts
    return parts[0] if parts[0] != "__init__" else "recap"


def imported_layers(path: Path) -> set[str]:
    """The recap layers a module imports (relative or absolute), other than its own."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(RECAP).parent.parts
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - (node.level - 1)]) if node.level > 1 else list(package)
                target = base + (node.module.split(".") if node.module else [])
                if not target:  # "from . import config": the names are modules
                    found |= {a.name for a in node.names}
                    continue
                found.add(target[0])
            elif node.module and node.module.startswith("recap."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("recap.")}
    return found - {layer_of(path)}


MODULES = sorted(p for p in RECAP.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(RECAP)))
def test_each_module_imports_only_the_layers_below_it(path):
    layer = layer_of(path)
    used = imported_layers(path)
    if layer in ALLOWED:
        assert used <= ALLOWED[layer], f"{layer} may not import {sorted(used - ALLOWED[layer])}"
    if layer not in ("cli", "__main__"):
        assert "cli" not in used, "only recap.__main__ imports the CLI"


def test_the_note_names_every_layer():
    note = (RECAP.parent / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    top = {layer_of(p) for p in MODULES} - {"recap", "__main__", "demo"}
    missing = [name for name in sorted(top) if f"`{name}" not in note]
    assert not missing, missing
