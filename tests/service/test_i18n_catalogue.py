"""Dates in dd/mm/yyyy and Vietnam time, UTC stored; the English catalogue complete and compiled; labels per language."""

from datetime import UTC, date, datetime

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from extensions import db
from models import Event
from services.i18n import format_date, format_datetime, local_to_utc
from tests.http.test_i18n import ROOT
from tests.support import factories as f

PO = ROOT / "translations/en/LC_MESSAGES/messages.po"
MO = ROOT / "translations/en/LC_MESSAGES/messages.mo"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    "lazy_gettext": None,
    "_lp": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
    "ngettext": (1, 2),
}


def test_dates_show_day_month_year_and_times_in_vietnam():
    assert format_date(date(2024, 8, 26)) == "26/08/2024"
    # 17:30 UTC on 25 August is 00:30 on 26 August in Vietnam (UTC+7).
    moment = datetime(2024, 8, 25, 17, 30, tzinfo=UTC)
    assert format_datetime(moment) == "26/08/2024 00:30"
    assert format_date(moment) == "26/08/2024"
    assert local_to_utc(datetime(2024, 8, 26, 7, 0)) == datetime(2024, 8, 26, 0, 0, tzinfo=UTC)


def test_stored_times_come_back_timezone_aware_utc(app):
    ev = f.event()
    ev.registration_closes_at = datetime(2024, 8, 15, 17, 0, tzinfo=UTC)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Event, ev.id).registration_closes_at
    assert stored.tzinfo is not None
    assert stored == datetime(2024, 8, 15, 17, 0, tzinfo=UTC)


def test_every_message_in_the_code_has_an_english_translation():
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.json", "jinja2")]
    catalogue = {(m.context, m.id): m.string for m in read_po(PO.open("rb")) if m.id}
    found = [
        (context, message[0] if isinstance(message, tuple) else message)
        for _file, _line, message, _comments, context in extract_from_dir(ROOT, method_map, keywords=KEYWORDS)
    ]
    assert len(found) > 150  # templates and code were both read
    missing = [msgid for key in found if not catalogue.get(key) for msgid in [key[1]]]
    assert missing == [], "run translations/update.sh (translations/README.md) and translate these"


def test_compiled_catalogue_matches_the_po_file():
    po = {(m.context, m.id): m.string for m in read_po(PO.open("rb")) if m.id}
    mo = {(m.context, m.id): m.string for m in read_mo(MO.open("rb")) if m.id}
    assert mo == po, "translations/en/LC_MESSAGES/messages.mo is stale: run pybabel compile -d translations"


def test_labels_are_remembered_per_language_not_across_languages(app):
    from flask_babel import force_locale

    from models import PersonRole
    from services.labels import label

    with app.test_request_context():
        with force_locale("vi"):
            assert label(PersonRole.ATHLETE) == "Vận động viên"
        with force_locale("en"):
            assert label(PersonRole.ATHLETE) == "Athlete"
        with force_locale("vi"):
            assert label(PersonRole.ATHLETE) == "Vận động viên"
        assert label("not-a-known-value") == "not-a-known-value"
