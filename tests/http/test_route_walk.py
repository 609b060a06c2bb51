"""Every route, walked as an admin with ids out of range and as nobody: no answer is a 5xx
(issue 17: "ids out of range → 404")."""

from __future__ import annotations

import re

import pytest

from models import UserRole
from tests.support import factories as f

HUGE = (2**31, 2**63, 10**30)  # past PostgreSQL's integer, past a 64-bit integer, past anything


def _urls(app, value: int) -> list[tuple[str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments:
            continue
        values = {}
        for name in rule.arguments:
            converter = rule._converters.get(name)
            kind = type(converter).__name__ if converter else ""
            values[name] = value if "Integer" in kind or "Int" in kind else "hoi-thao-2024" if name == "slug" else "LAK"
        if "kind" in rule.arguments:
            values["kind"] = "xlsx"
        try:
            url = app.url_map.bind("localhost").build(rule.endpoint, values)
        except Exception:  # noqa: BLE001 - a rule this walk cannot fill in
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((method, url))
    return out


@pytest.mark.parametrize("value", HUGE)
def test_no_route_answers_5xx_to_an_id_out_of_range(app, client, value):
    ev = f.event()
    f.unit("LAK")
    f.user("admin", role=UserRole.ADMIN)
    assert ev.slug == "hoi-thao-2024"
    client.login("admin")
    failures = []
    for method, url in _urls(app, value):
        try:
            if method == "GET":
                answer = client.get(url)
            else:
                answer = client.request(method.lower(), url, data={"csrf_token": client.token})
        except Exception as error:  # noqa: BLE001 - the test app propagates what a server answers 500 to
            failures.append((method, url, type(error).__name__))
            continue
        if answer.status_code >= 500:
            failures.append((method, url, answer.status_code))
    assert failures == []


@pytest.mark.parametrize("value", HUGE)
def test_ids_in_query_strings_out_of_range_are_404(app, client, value):
    f.event()
    f.unit("LAK")
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    for url in (
        f"/admin/events/hoi-thao-2024/badges.pdf?competition={value}",
        f"/admin/events/hoi-thao-2024/export.xlsx?competition={value}",
        f"/units/LAK/events/hoi-thao-2024/badges.pdf?competition={value}",
    ):
        assert client.get(url).status_code == 404, url


def test_the_walk_reaches_the_routes_with_ids(app):
    urls = [u for _m, u in _urls(app, 2**63)]
    assert len(urls) > 40 and any(re.search(r"/matches/\d{19}", u) for u in urls)
