"""Views stay short (STYLE.md: 10 to 20 lines, 30 at most): what a view does beyond reading the
request, calling a lookup and a service or selector, and answering, belongs in those modules.

Every view the URLconf routes to in the project's own modules is measured from its `def` line to
its last line, docstring included, as ast reads the source; a class-based view, method by method.
"""

import ast
import inspect
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("accounts", "config", "interviews", "observability", "outbox", "questionbank")
MAX_LINES = 30


def _callbacks(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def _routed() -> dict[Path, set[str]]:
    """The project's routed views, as qualified names by source file."""
    routed: dict[Path, set[str]] = {}
    for callback in _callbacks(get_resolver().url_patterns):
        view = inspect.unwrap(getattr(callback, "view_class", None) or callback)
        if view.__module__.split(".")[0] in PACKAGES:
            routed.setdefault(Path(inspect.getfile(view)), set()).add(view.__qualname__)
    return routed


def _functions(tree: ast.Module):
    """(qualified name, node) of every top-level function and every method of a top-level
    class."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item


def test_it_finds_the_views_of_every_views_module():
    routed = _routed()
    views_modules = {path for package in PACKAGES for path in (ROOT / package).rglob("views.py")}
    assert views_modules <= set(routed), "a views module with no routed view: is it measured?"


def test_no_routed_view_is_longer_than_30_lines():
    too_long = []
    for path, names in sorted(_routed().items()):
        tree = ast.parse(path.read_text(), filename=str(path))
        measured = set()
        for name, node in _functions(tree):
            if name in names or name.split(".")[0] in names:
                measured.add(name.split(".")[0])
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_LINES:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {name} ({lines})")
        assert measured == names, f"routed views not found in {path}: {names - measured}"
    assert too_long == []
