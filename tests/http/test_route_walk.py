"""Every route, walked as an admin with ids out of range and as nobody: no answer is a 5xx
(issue 17: "ids out of range → 404")."""

from __future__ import annotations

import io

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
def test_ids_in_query_strings_out_of_range_are_400(app, client, value):
    """No table holds such an id: a 400 naming it (issue 29: "integers out of the database's
    range are a 400"), never the database's error."""
    f.event()
    f.unit("LAK")
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    for url in (
        f"/admin/events/hoi-thao-2024/badges.pdf?competition={value}",
        f"/admin/events/hoi-thao-2024/export.xlsx?competition={value}",
        f"/units/LAK/events/hoi-thao-2024/badges.pdf?competition={value}",
        f"/admin/events/hoi-thao-2024/audit?user={value}",
    ):
        answer = client.get(url)
        assert answer.status_code == 400 and "không hợp lệ" in answer.get_data(as_text=True), url


FIELDS = (
    "name", "full_name", "code", "username", "password", "confirm", "value", "score_a", "score_b", "sets",
    "birth_date", "opens_at", "closes_at", "starts_on", "ends_on", "seed", "version", "phone", "role", "gender",
    "kind", "unit_id", "competition_id", "members", "head_count", "reason", "caption", "credit", "union_card_no",
    "workplace", "frequency", "venue_id", "volunteer_ids", "checkpoint_id", "size", "offset", "status", "q",
)  # fmt: skip
MALFORMED = (
    "\x00\x01\u202e",  # control and bidi characters, a NUL
    "9" * 70,  # a number no column holds
    "-1",
    "NaN",
    "A" * 30_000,
    "31/02/0000",
)


@pytest.mark.parametrize("junk", MALFORMED, ids=["control", "huge-number", "negative", "nan", "long", "bad-date"])
def test_no_route_answers_5xx_to_a_malformed_body(app, client, junk):
    ev = f.event()
    lak = f.unit("LAK")
    f.person(ev, lak, "Nguyễn Văn An")
    f.competition(ev, "Cờ tướng cá nhân nam")
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    failures = []
    for method, url in _urls(app, 1):
        if method == "GET" or "/logout" in url:
            continue
        bodies = (
            {"data": {"csrf_token": client.token} | dict.fromkeys(FIELDS, junk)},
            {"json": dict.fromkeys(FIELDS, junk), "headers": {"X-CSRFToken": client.token}},
            {
                "data": b"\xff\xfe{not json",
                "headers": {"X-CSRFToken": client.token, "Content-Type": "application/json"},
            },
        )
        for body in bodies:
            try:
                answer = client.request(method.lower(), url, **body)
            except Exception as error:  # noqa: BLE001 - the test app propagates what a server answers 500 to
                failures.append((method, url, type(error).__name__, str(error)[:120]))
                continue
            if answer.status_code >= 500:
                failures.append((method, url, answer.status_code))
    assert failures == []


DEEP = "[" * 100_000 + "]" * 100_000
WRONG_KINDS = {
    "json-array": {"json": [1, [2], {"a": 3}]},
    "json-string": {"json": "chuỗi"},
    "json-number": {"json": 10**23},
    "json-deep": {"data": DEEP, "content_type": "application/json"},
    "xml": {"data": "<a><b/></a>", "content_type": "application/xml"},
    "text": {"data": "name=x", "content_type": "text/plain"},
    "file-parts": {
        "data": "files-of-fields",  # filled per request: every text field sent as a file
        "content_type": "multipart/form-data",
    },
}


def _wrong(kind: str, token: str) -> dict:
    body = dict(WRONG_KINDS[kind])
    body["headers"] = {"X-CSRFToken": token}
    if kind == "file-parts":
        body["data"] = {"csrf_token": token} | {name: (io.BytesIO(b"x" * 10), "a.txt") for name in FIELDS}
    return body


@pytest.mark.parametrize("who", ["admin", "nobody"])
@pytest.mark.parametrize("kind", sorted(WRONG_KINDS))
def test_every_route_answers_a_body_of_the_wrong_kind_with_a_400_naming_what_it_takes(app, client, kind, who):
    """Issue 29: a JSON, array, string, deeply nested, XML or file body where a form is
    expected is a 400 saying what the page takes, on every route, logged in or not; the scan
    API answers its own JSON errors; the resumable upload's two views take JSON and bytes."""
    ev = f.event()
    lak = f.unit("LAK")
    f.person(ev, lak, "Nguyễn Văn An")
    f.competition(ev, "Cờ tướng cá nhân nam")
    f.user("admin", role=UserRole.ADMIN)
    if who == "admin":
        client.login("admin")
    else:
        client.get("/login")  # the CSRF token of an anonymous session
    failures = []
    for method, url in [*_urls(app, 1), ("POST", "/login"), ("POST", "/lang/en"), ("POST", "/set-password/x")]:
        if method == "GET" or "/logout" in url:
            continue
        try:
            answer = client.request(method.lower(), url, **_wrong(kind, client.token))
        except Exception as error:  # noqa: BLE001 - the test app propagates what a server answers 500 to
            failures.append((method, url, type(error).__name__, str(error)[:120]))
            continue
        text = answer.get_data(as_text=True)
        if answer.status_code >= 500:
            failures.append((method, url, answer.status_code))
        elif url.startswith("/api/") or "/media/uploads" in url:
            continue
        elif answer.status_code != 400 or (
            "nhận dữ liệu của biểu mẫu" not in text and "nhận chữ, không nhận tệp" not in text
        ):
            failures.append((method, url, answer.status_code, text[:200]))
    assert failures == []
