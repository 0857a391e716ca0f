"""Dependencies point one way: articles -> conditions, never back."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _reaches_into(path: Path, app: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == app:
            found.append(f"{path.name}:{node.lineno} from {node.module} import ...")
        elif isinstance(node, ast.Import) and any(alias.name.split(".")[0] == app for alias in node.names):
            found.append(f"{path.name}:{node.lineno} import {app}")
        elif isinstance(node, ast.Call) and any(
            isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.split(".")[0] == app
            for arg in node.args
        ):
            found.append(f"{path.name}:{node.lineno} refers to {app} by name")
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "conditions").rglob("*.py")), ids=lambda p: p.name)
def test_conditions_never_reach_into_articles(path):
    if "migrations" in path.parts:
        pytest.skip("a migration names the apps it depends on")
    assert _reaches_into(path, "articles") == []
