"""How the code's rooms connect, beyond what import-linter's contracts in pyproject.toml check:
no project module is imported inside a function (a loop dodged, not fixed), and no views module
imports another views module (shared view helpers live in modules that are not views)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("accounts", "config", "interviews", "observability", "outbox", "questionbank")
PROJECT = {*PACKAGES, "tests", "bench"}
# The benchmarks too: each script sets Django up first (bench/boot.py), then imports the project.
CHECKED = (*PACKAGES, "bench")


def _modules():
    for package in CHECKED:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(), filename=str(path))


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def _is_project(name: str) -> bool:
    return name.split(".")[0] in PROJECT


def test_no_project_module_is_imported_inside_a_function():
    found = []
    for path, tree in _modules():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if path.name == "apps.py" and function.name == "ready":
                continue  # where Django wants receivers connected
            for node in ast.walk(function):
                names = [n for n in _imported(node) if _is_project(n)]
                if names:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {names[0]}")
    assert found == []


def test_no_views_module_imports_another_views_module():
    found = []
    for path, tree in _modules():
        if path.stem != "views":
            continue
        for node in ast.walk(tree):
            names = [n for n in _imported(node) if _is_project(n) and "views" in n.split(".")[1:]]
            if names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {names[0]}")
    assert found == []
