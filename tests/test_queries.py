"""List pages run a fixed number of SQL queries, whatever the number of rows."""

import random

from sqlalchemy import select

from extensions import db
from models import Event, Unit
from services import demo

URLS = ["/units/BMT", "/admin/units", "/admin/users", "/admin/", "/admin/events/hoi-thao-2024"]


def _queries_per_page(client, count_queries):
    counts = {}
    for url in URLS:
        with count_queries() as q:
            response = client.get(url)
        assert response.status_code == 200
        counts[url] = q.count
    return counts


def test_list_pages_do_not_grow_with_rows(app, client, count_queries):
    demo.seed_demo(people=0)
    db.session.commit()
    client.login("admin", demo.DEMO_PASSWORD)
    before = _queries_per_page(client, count_queries)

    event = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2024"))
    demo.add_synthetic_people(random.Random(1), event, db.session.scalars(select(Unit)).all(), 400)
    db.session.commit()
    after = _queries_per_page(client, count_queries)

    assert after == before
    assert before["/units/BMT"] <= 10
