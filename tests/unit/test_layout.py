"""The code's floor plan holds: printables take plain data, services know no request, the
services' imports have no circle, and no services module grows past ~400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400
# Names that only make sense inside a request (or a response): none of them in services/.
REQUEST_BOUND = {
    "flask": {"request", "session", "g", "abort", "url_for", "redirect", "flash", "render_template", "make_response"},
}


def modules(folder: str) -> dict[str, Path]:
    """Dotted module name → file, for every .py under ``folder``."""
    out = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names imported from it, line) for every import in the file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def test_printables_import_no_models_and_no_services():
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in modules("printables").values()
        for module, _names, line in imports(path)
        if module.split(".")[0] in {"models", "services", "extensions", "blueprints"}
    ]
    assert wrong == []


def test_services_use_no_request_context():
    wrong = []
    for path in modules("services").values():
        for module, names, line in imports(path):
            top = module.split(".")[0]
            bound = set(names) & REQUEST_BOUND.get(module, set())
            if top in {"flask_login", "flask_wtf", "wtforms", "blueprints", "cli"} or bound:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module} {sorted(bound) or ''}")
    assert wrong == []


def _graph() -> dict[str, set[str]]:
    known = modules("services")
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for module, names, _line in imports(path):
            if not module.startswith("services"):
                continue
            # "from services.results import drawing" names the module services.results.drawing
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in known] or [module]
            graph[name] |= {t for t in targets if t in known and t != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_services_import_graph_has_no_cycle():
    assert _cycle(_graph()) is None


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_services_module_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in modules("services").values()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_services_package_says_what_it_owns():
    silent = [
        str(path.relative_to(ROOT))
        for name, path in modules("services").items()
        if path.name == "__init__.py" and name != "services" and not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert silent == []
