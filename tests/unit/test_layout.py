"""The code's floor plan holds: printables take plain data, services know no request, the
services' imports have no circle, views build no queries, access is decided by the named
rules of services/policy.py, and no module of services/, blueprints/ or cli/ grows past
~400 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("folder", ["services", "blueprints", "cli"])
def test_no_module_is_over_400_lines(folder):
    long = {
        str(path.relative_to(ROOT)): n
        for path in modules(folder).values()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


SESSION_USE_IN_VIEWS = {"commit", "rollback", "flush"}  # a view ends the transaction; services query


def session_calls(path: Path) -> list[tuple[str, int]]:
    """(attribute, line) for every ``db.session.<attribute>`` in the file."""
    return [
        (node.attr, node.lineno)
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "session"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == "db"
    ]


def test_views_build_no_queries():
    """Blueprints parse, call a service, commit and answer: no ``select``, no
    ``db.session.execute``/``get``/``scalars`` — a service answers (services/lookup.by_id,
    ``…_of_event``)."""
    wrong = []
    for path in modules("blueprints").values():
        where = path.relative_to(ROOT)
        wrong += [f"{where}:{line} imports {m}" for m, _n, line in imports(path) if m.split(".")[0] == "sqlalchemy"]
        wrong += [f"{where}:{line} db.session.{a}" for a, line in session_calls(path) if a not in SESSION_USE_IN_VIEWS]
    assert wrong == []


def test_the_query_rule_sees_a_query(tmp_path):
    view = tmp_path / "views.py"
    view.write_text("from sqlalchemy import select\n\ndef v():\n    return db.session.scalars(select(X))\n")
    assert [m for m, _n, _l in imports(view)] == ["sqlalchemy"]
    assert session_calls(view) == [("scalars", 4)]


ROLE_TEST_IN_TEMPLATE = re.compile(r"is_admin|\brole(\.value)?\s*(==|!=|\bin\b|\bnot\b)")
ROLE_TEST_IN_CODE = re.compile(r"\bis_admin\b|\brole\s*(==|!=|\bin\b|\bnot in\b)|UserRole\.\w+\s*(==|!=)")


def test_access_is_decided_by_the_policy_rules():
    """Templates ask ``may.<rule>(current_user)``; views use blueprints/policy.py; no page, view
    or service tests a user's role itself (services/policy.py is where the rules are)."""
    wrong = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in ROLE_TEST_IN_TEMPLATE.finditer(path.read_text())
    ]
    for path in modules("blueprints").values():
        if path.name != "policy.py":
            text = path.read_text()
            wrong += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in ROLE_TEST_IN_CODE.finditer(text)]
    assert wrong == []
    assert ROLE_TEST_IN_TEMPLATE.search('{% if current_user.role.value == "official" %}')
    assert ROLE_TEST_IN_CODE.search("if current_user.role != UserRole.VOLUNTEER:")


def test_every_services_package_says_what_it_owns():
    silent = [
        str(path.relative_to(ROOT))
        for name, path in modules("services").items()
        if path.name == "__init__.py" and name != "services" and not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert silent == []
