"""The route walk reaches every route that takes an id (the walk's own check)."""

from __future__ import annotations

import re

from tests.http.test_route_walk import _urls


def test_the_walk_reaches_the_routes_with_ids(app):
    urls = [u for _m, u in _urls(app, 2**63)]
    assert len(urls) > 40 and any(re.search(r"/matches/\d{19}", u) for u in urls)
