"""The unit's roster in Excel: template, import (all or nothing), round trip, exports, bad files."""

import csv
import html
import io
import re
import sqlite3
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from extensions import db
from models import Category, CompetitionFormat, Entry, Gender, Person, User
from services import spreadsheets
from services.errors import ValidationErrors
from services.registration import roster, roster_import
from tests.support import factories as f
from tests.support import worlds

BASE = "/units/LAK/events/hoi-thao-2024"


@pytest.fixture
def world(app):
    lak, bmt, ev = worlds.two_units()
    comps = {
        "mixed": f.competition(
            ev, "Cầu lông đôi nam nữ", Category.MIXED, CompetitionFormat.PAIR, min_men=1, min_women=1
        ),
        "o40": f.competition(ev, "Cầu lông đơn nam từ 40 tuổi", min_age=40, max_entries_per_unit=2),
        "tug": f.competition(
            ev, "Kéo co nam nữ", Category.MIXED, CompetitionFormat.TEAM, team_min=4, team_max=4, min_men=2, min_women=2
        ),
    }
    f.person(ev, bmt, "Phạm Văn Dũng", card="00099999")
    worlds.accounts(lak)
    return {"lak": lak, "bmt": bmt, "event": ev, **comps}


@pytest.fixture
def lak(client, world):
    client.login("cb.lak")
    client.get(BASE)
    return client


def template(client) -> Workbook:
    response = client.get(BASE + "/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.data))


def fill(wb: Workbook, rows: list[list]) -> bytes:
    ws = wb["Danh sách"]
    for row in ws.iter_rows(min_row=4):  # start from what the unit had: an empty list
        for cell in row:
            cell.value = None
    for i, row in enumerate(rows, start=4):
        for col, value in enumerate(row, start=1):
            ws.cell(row=i, column=col, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(client, content: bytes, name="danh-sach.xlsx"):
    return client.post(BASE + "/import", {"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


GOOD = [
    [
        1,
        "Nguyễn Văn An",
        "Nam",
        "01/01/1980",
        "00012345",
        "Trường THCS Lắk",
        "0905000111",
        "Vận động viên",
        "Cầu lông đơn nam từ 40 tuổi",
        None,
        "Cầu lông đôi nam nữ",
        1,
    ],
    [2, "Trần Thị Cúc", "Nữ", datetime(1990, 3, 15), "00012346", "", "", "Vận động viên", "Cầu lông đôi nam nữ", 1],
    [3, "H'Lan Mlô", "Nữ", "15/03/1991", "00012347", "", "", "Vận động viên", "Kéo co nam nữ", 1],
    [4, "Y Bhăm Êban", "Nam", "20/10/1988", "00012348", "", "", "Vận động viên", "Kéo co nam nữ", 1],
    [5, "Lê Thị Đào", "Nữ", "02/02/1992", "00012349", "", "", "Vận động viên", "Kéo co nam nữ", None],
    [6, "Võ Văn Em", "Nam", "03/03/1983", "00012350", "", "", "Vận động viên", "Kéo co nam nữ", 1],
    [7, "Đặng Văn Phúc", "Nam", "04/04/1975", "00012351", "", "", "Trưởng đoàn"],
]


def test_template_has_instructions_dropdowns_and_a_text_card_column(lak, world):
    wb = template(lak)
    assert wb.sheetnames[:3] == ["Hướng dẫn", "Danh sách", "Danh mục"]
    assert "Cầu lông đôi nam nữ" in "\n".join(str(c.value) for c in wb["Hướng dẫn"]["A"])
    ws = wb["Danh sách"]
    assert [c.value for c in ws[3]][:8] == [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh (dd/mm/yyyy)",
        "Số thẻ đoàn viên",
        "CĐCS / nơi làm việc",
        "Điện thoại",
        "Vai trò",
    ]
    assert ws.column_dimensions["E"].number_format == "@"
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {"='Danh mục'!$A$1:$A$2", "='Danh mục'!$B$1:$B$6", "='Danh mục'!$C$1:$C$3"}
    assert [c.value for c in wb["Danh mục"]["A"] if c.value] == ["Nam", "Nữ"]


def test_good_file_previews_then_imports(lak, world):
    preview = upload(lak, fill(template(lak), GOOD))
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200, body
    assert "Nếu lưu: 7 người mới, 0 cập nhật, 0 bị xoá; 3 lượt thi đấu." in body
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1  # nothing saved by a preview
    done = lak.post(BASE + "/import/confirm", follow_redirects=True)
    assert "Đã nhập danh sách: 7 người mới" in done.get_data(as_text=True)
    people = {p.full_name: p for p in db.session.scalars(select(Person).where(Person.unit_id == world["lak"].id))}
    assert people["Trần Thị Cúc"].birth_date == date(1990, 3, 15)  # a real Excel date
    assert people["Nguyễn Văn An"].birth_date == date(1980, 1, 1)  # typed dd/mm/yyyy
    assert people["Nguyễn Văn An"].union_card_no == "00012345"
    tug = db.session.scalar(select(Entry).where(Entry.competition_id == world["tug"].id))
    assert sorted(m.person.full_name for m in tug.members) == ["H'Lan Mlô", "Lê Thị Đào", "Võ Văn Em", "Y Bhăm Êban"]


def test_a_preview_takes_no_write_lock_and_the_import_writes_after_reading(lak, world, count_queries):
    """SQLite has one write lock, which the scans need: a 5,000-row file is read and checked
    without it (the preview never takes it), and the confirmation takes it only to write."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single write lock")
    content = fill(template(lak), GOOD)
    db.session.commit()
    scans = sqlite3.connect(db.engine.url.database, isolation_level=None)
    scans.execute("BEGIN IMMEDIATE")  # another writer holds the lock all through the preview
    try:
        preview = upload(lak, content)
    finally:
        scans.execute("ROLLBACK")
        scans.close()
    assert preview.status_code == 200 and "Nếu lưu: 7 người mới" in preview.get_data(as_text=True)
    with count_queries() as q:
        assert lak.post(BASE + "/import/confirm").status_code == 302
    statements = [s.lstrip().split(None, 1)[0].upper() for s in q.statements]
    assert statements.count("BEGIN") >= 1 and "INSERT" in statements
    locked = statements.index("INSERT") - statements[: statements.index("INSERT")][::-1].index("BEGIN") - 1
    assert q.statements[locked] == "BEGIN IMMEDIATE"  # the writing transaction, begun after the reads
    assert q.statements.count("BEGIN IMMEDIATE") == 1
    assert set(statements[:locked]) <= {"SELECT", "BEGIN"}  # before it: reads only, without the lock
    assert db.session.scalar(select(func.count()).select_from(Person)) == 8


def _planned(lak, world):
    """The confirmation's first half: the file read, checked and planned in a reading
    transaction, which then ends (extensions.writing)."""
    event, unit = world["event"], world["lak"]
    parsed = roster_import.read_roster(event, unit, "danh-sach.xlsx", fill(template(lak), GOOD))
    planned = roster_import.plan_import(event, unit, parsed)
    db.session.rollback()
    return parsed, planned, db.session.scalar(select(User).where(User.username == "cb.lak"))


def test_under_the_lock_an_unchanged_plan_is_written_without_checking_again(lak, world, count_queries):
    """The file was checked outside the write lock; under it only what that check read is
    compared (services/registration/snapshot.py), in a fixed number of statements."""
    parsed, planned, actor = _planned(lak, world)
    with count_queries() as q:
        change = roster_import.save_import(world["event"], world["lak"], parsed, actor, planned)
    db.session.commit()
    assert (change.created, change.entries) == (7, 3)
    assert not [s for s in q.statements if "person.unit_id !=" in s]  # the other units' people: not read again
    assert q.count <= 20, q.statements
    assert len(db.session.scalars(select(Person).where(Person.unit_id == world["lak"].id)).all()) == 7


def test_a_change_between_the_check_and_the_write_is_caught_under_the_lock(lak, world):
    """Another unit registers one of the file's people after the check: the digests differ,
    the whole check runs again under the lock and nothing is written."""
    parsed, planned, actor = _planned(lak, world)
    twin = f.person(world["event"], world["bmt"], "Trần Thị Cúc", Gender.FEMALE, card="00012346")
    db.session.commit()
    with pytest.raises(ValidationErrors) as refused:
        roster_import.save_import(world["event"], world["lak"], parsed, actor, planned)
    db.session.rollback()
    assert any("00012346" in p and "LĐLĐ" in p for p in refused.value.problems), refused.value.problems
    assert db.session.scalars(select(Person).where(Person.unit_id == world["lak"].id)).all() == []
    db.session.delete(twin)
    db.session.commit()
    parsed, planned, actor = _planned(lak, world)  # a competition's rules change: checked again too
    world["tug"].team_max = 3
    db.session.commit()
    with pytest.raises(ValidationErrors):
        roster_import.save_import(world["event"], world["lak"], parsed, actor, planned)


def test_every_mistake_is_listed_by_row_and_column_and_nothing_is_saved(lak, world):
    rows = [list(r) for r in GOOD]
    rows[0][3] = "31/02/1980"  # D4: no such day
    rows[1][2] = "Nu?"  # C5
    rows[2][7] = "Cổ động viên"  # H6
    rows[3][8] = "Bóng đá"  # I7: no such competition
    rows[4][4] = "00099999"  # E8: BMT's card
    rows.append([8, "", "Nam", "", "1", "", "", "Vận động viên"])  # B11: no name
    rows.append(
        [9, "Ngô Văn Giàu", "Nam", "01/01/1990", "00012399", "", "", "Vận động viên", "Cầu lông đơn nam từ 40 tuổi"]
    )  # too young
    response = upload(lak, fill(template(lak), rows))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    listed = [html.unescape(m).strip() for m in re.findall(r"<li>(.*?)</li>", body, re.S)]
    # One pass: what the cells say and the rules the readable rows break, together, by row.
    assert [int(re.match(r"Dòng (\d+)", m).group(1)) for m in listed] == [4, 5, 6, 7, 8, 11, 12]
    assert "Chưa nhập gì vì tệp có 7 lỗi" in body
    assert "Dòng 8, cột E (Số thẻ đoàn viên): Lê Thị Đào: đã được LĐLĐ thành phố Buôn Ma Thuột đăng ký" in body
    assert "Dòng 12, cột I (Nội dung): Ngô Văn Giàu – Cầu lông đơn nam từ 40 tuổi: 34 tuổi" in body
    assert "Dòng 4, cột D (Ngày sinh (dd/mm/yyyy)): ngày sinh “31/02/1980” không hợp lệ" in body
    assert "Dòng 5, cột C (Giới tính): ghi “Nam” hoặc “Nữ” (đã ghi “Nu?”)." in body
    assert "Dòng 6, cột H (Vai trò): vai trò “Cổ động viên” không có trong danh sách." in body
    assert "Dòng 7, cột I (Nội dung 1): không có nội dung “Bóng đá” trong sự kiện này." in body
    assert "Dòng 11, cột B (Họ và tên): họ và tên không được để trống." in body
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1

    # Cell problems fixed, rule problems remain: listed the same way.
    rows[0][3], rows[1][2], rows[2][7], rows[3][8] = "01/01/1980", "Nữ", "Vận động viên", "Kéo co nam nữ"
    rows[7][1] = "Hồ Văn Hải"
    body = upload(lak, fill(template(lak), rows)).get_data(as_text=True)
    assert "Dòng 8, cột E (Số thẻ đoàn viên): Lê Thị Đào: đã được LĐLĐ thành phố Buôn Ma Thuột đăng ký" in body
    assert "Dòng 12, cột I (Nội dung): Ngô Văn Giàu – Cầu lông đơn nam từ 40 tuổi: 34 tuổi" in body
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_card_numbers_stored_as_numbers_and_decomposed_names(lak, world):
    wb = template(lak)
    rows = [[1, "  Nguye\u0302\u0303n   Văn  An ", "nam", 29221, 12345, "", "", "vận động viên"]]  # 29221 = 01/01/1980
    ws = wb["Danh sách"]
    ws["E4"].number_format = "00000000"  # a width we can restore zeros from
    content = fill(wb, rows)
    assert upload(lak, content).status_code == 200
    lak.post(BASE + "/import/confirm")
    person = db.session.scalar(select(Person).where(Person.unit_id == world["lak"].id))
    assert person.full_name == "Nguyễn Văn An" and person.union_card_no == "00012345"
    assert person.birth_date == date(1980, 1, 1)
    ws["E4"].number_format = "General"  # no width: flagged, not guessed
    body = upload(lak, fill(wb, rows)).get_data(as_text=True)
    assert "Dòng 4, cột E (Số thẻ đoàn viên): số thẻ 12345 được lưu dạng số nên có thể đã mất số 0 ở đầu" in body
    world["event"].union_card_digits = 8  # the event knows the width
    db.session.commit()
    assert upload(lak, fill(wb, rows)).status_code == 200


def test_export_then_import_gives_the_same_roster(lak, world):
    upload(lak, fill(template(lak), GOOD))
    lak.post(BASE + "/import/confirm")
    before = snapshot(world)
    exported = lak.get(BASE + "/template.xlsx").data
    preview = upload(lak, exported).get_data(as_text=True)
    assert "Nếu lưu: 0 người mới, 0 cập nhật, 0 bị xoá; 3 lượt thi đấu." in preview
    lak.post(BASE + "/import/confirm")
    assert snapshot(world) == before


def snapshot(world):
    db.session.expire_all()
    people, entries = roster.unit_roster(world["event"], world["lak"])
    return (
        [(p.id, p.full_name, p.gender, p.birth_date, p.union_card_no, p.workplace, p.phone, p.role) for p in people],
        [(e.competition.name, e.team_no, [m.id for m in e.members]) for e in entries],
    )


def test_import_replaces_the_roster_and_keeps_known_people(lak, world):
    upload(lak, fill(template(lak), GOOD))
    lak.post(BASE + "/import/confirm")
    an_id = db.session.scalar(select(Person.id).where(Person.full_name == "Nguyễn Văn An"))
    rows = [GOOD[0][:9]]  # An alone, only in the singles, with a new phone number
    rows[0][6] = "0911222333"
    body = upload(lak, fill(template(lak), rows)).get_data(as_text=True)
    assert "0 người mới, 1 cập nhật, 6 bị xoá; 1 lượt thi đấu" in body
    lak.post(BASE + "/import/confirm")
    people = db.session.scalars(select(Person).where(Person.unit_id == world["lak"].id)).all()
    assert [(p.id, p.phone) for p in people] == [(an_id, "0911222333")]  # same record: a badge stays valid
    assert db.session.scalar(select(func.count()).select_from(Entry).where(Entry.unit_id == world["lak"].id)) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("danh-sach.xlsx", b"Ho va ten,Gioi tinh\nAn,Nam\n", "không phải tệp Excel .xlsx thật"),
        ("danh-sach.xls", b"\xd0\xcf\x11\xe0", "Chỉ nhận tệp Excel .xlsx"),
        ("danh-sach.xlsx", b"PK\x03\x04broken", "không phải tệp Excel .xlsx thật"),
        ("danh-sach.xlsx", b"x" * (spreadsheets.MAX_BYTES + 1), "vượt giới hạn 5 MB"),
    ],
)
def test_files_that_are_not_rosters_get_clear_messages(lak, world, name, content, message):
    response = upload(lak, content, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_empty_sheet_wrong_headers_and_another_units_template(lak, world, make_client):
    body = upload(lak, fill(template(lak), [])).get_data(as_text=True)
    assert "không có dòng dữ liệu nào (dữ liệu bắt đầu từ dòng 4)" in body
    body = upload(lak, f.xlsx([["Tên", "Tuổi"], ["An", 40]])).get_data(as_text=True)
    assert "Không tìm thấy dòng tiêu đề có cột “Họ và tên”" in body
    body = upload(lak, f.xlsx([["Họ và tên", "Ngày sinh"], ["An", "01/01/1980"]])).get_data(as_text=True)
    assert "Dòng tiêu đề (dòng 1) thiếu cột: “Giới tính”, “Vai trò”." in body
    admin = make_client()
    admin.login("admin")
    bmt_file = admin.get("/units/BMT/events/hoi-thao-2024/template.xlsx").data
    body = upload(lak, bmt_file).get_data(as_text=True)
    assert "Tệp này là danh sách của đơn vị BMT, không phải LAK." in body


def test_a_plain_workbook_with_the_right_headers_is_accepted(lak, world):
    content = f.xlsx(
        [
            ["Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ đoàn viên", "Vai trò", "Nội dung 1"],
            ["Nguyễn Văn An", "Nam", "01/01/1980", "00012345", "Vận động viên", "Cầu lông đơn nam từ 40 tuổi"],
        ]
    )
    assert upload(lak, content).status_code == 200


def test_exports_xlsx_and_csv_keep_vietnamese(lak, world, make_client):
    upload(lak, fill(template(lak), GOOD))
    lak.post(BASE + "/import/confirm")
    raw = lak.get(BASE + "/export.csv").data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Mã đơn vị", "Đơn vị", "Nội dung", "Đội", "Họ và tên"]
    assert ["LAK", "LĐLĐ huyện Lắk", "Kéo co nam nữ", "1", "H'Lan Mlô", "Nữ", "15/03/1991", "00012347"] in [
        r[:8] for r in rows
    ]
    assert any(r[4] == "Đặng Văn Phúc" and r[2] == "" for r in rows)  # the leader, in no competition
    # CSV keeps values as stored (00012347) for programs; the page says .xlsx is for spreadsheets
    page = lak.get(BASE).get_data(as_text=True)
    assert 'id="csv-note"' in page and "dùng tệp .xlsx: giữ nguyên số 0 ở đầu" in page

    admin = make_client()
    admin.login("admin")
    wb = load_workbook(io.BytesIO(admin.get("/admin/events/hoi-thao-2024/export.xlsx").data))
    values = list(wb.active.iter_rows(values_only=True))
    assert values[1][0] == "Mã đơn vị"
    assert {r[4] for r in values[2:]} >= {"Phạm Văn Dũng", "Nguyễn Văn An"}  # every unit
    per_comp = load_workbook(
        io.BytesIO(admin.get(f"/admin/events/hoi-thao-2024/export.xlsx?competition={world['mixed'].id}").data)
    )
    names = [r[4] for r in list(per_comp.active.iter_rows(values_only=True))[2:]]
    assert sorted(names) == ["Nguyễn Văn An", "Trần Thị Cúc"]


def _rewrite_sheet(content: bytes, change, sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The same .xlsx with a sheet's XML changed by ``change`` (bytes → bytes)."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == sheet:
                data = change(data)
            target.writestr(item, data)
    return out.getvalue()


XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)


def _with_prolog(prolog: bytes):
    return lambda xml: prolog + xml[xml.index(b"<worksheet") :]


@pytest.mark.parametrize("prolog", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_xml_with_entities_is_refused_as_a_damaged_file(lak, world, prolog):
    content = _rewrite_sheet(fill(template(lak), GOOD), _with_prolog(prolog))
    response = upload(lak, content)
    assert response.status_code == 400
    assert "tệp hỏng" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_a_zip_bomb_is_refused_unread(lak, world):
    padding = b"<!-- " + b"0" * (spreadsheets.MAX_UNPACKED_BYTES + 1) + b" -->"
    content = _rewrite_sheet(fill(template(lak), GOOD), lambda xml: xml + padding)
    assert len(content) < spreadsheets.MAX_BYTES  # small on the wire
    response = upload(lak, content)
    assert response.status_code == 400 and "tệp hỏng" in response.get_data(as_text=True)


@pytest.mark.parametrize("serial", [-5, 10**9])
def test_a_date_serial_no_calendar_has_is_a_cell_error_or_a_file_error(lak, world, serial):
    wb = template(lak)
    rows = [list(GOOD[6])]
    rows[0][3] = serial
    ws = wb["Danh sách"]
    content = fill(wb, rows)
    wb = load_workbook(io.BytesIO(content))
    wb["Danh sách"]["D4"].number_format = "dd/mm/yyyy"
    buf = io.BytesIO()
    wb.save(buf)
    del ws
    response = upload(lak, buf.getvalue())
    assert response.status_code in (200, 400)
    body = response.get_data(as_text=True)
    assert "tệp hỏng" in body or "ngày sinh" in body
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_hostile_cells_are_listed_by_row_and_column_with_the_rules_broken_elsewhere(lak, world):
    rows = [list(r) for r in GOOD[:2]] + [list(GOOD[6])]
    rows[0][6] = "0" * 60  # G4: a 60-character phone (PostgreSQL's column holds 40)
    rows[1][1] = "\u200b\u200b"  # B5: a name of zero-width spaces only
    rows[2][1] = "Đặng\u202e Văn Phúc"  # B6: a right-to-left override (a hidden format character)
    rows.append([8, "Hồ Văn Hải", "Nam", "01/01/2999", "00012352", "", "", "Vận động viên"])  # D7
    body = upload(lak, fill(template(lak), rows)).get_data(as_text=True)
    listed = [html.unescape(m).strip() for m in re.findall(r"<li>(.*?)</li>", body, re.S)]
    assert any(m.startswith("Dòng 4, cột G (Điện thoại): Điện thoại: dài 60 ký tự, tối đa 40") for m in listed), listed
    assert any(m.startswith("Dòng 5, cột B (Họ và tên): Họ và tên không được để trống") for m in listed), listed
    assert any(m.startswith("Dòng 6, cột B (Họ và tên): Họ và tên: có ký tự điều khiển") for m in listed), listed
    assert any(m.startswith("Dòng 7, cột D (Ngày sinh (dd/mm/yyyy)): Ngày sinh: ngày sinh 01/01/2999") for m in listed)
    rows_listed = [int(re.match(r"Dòng (\d+)", m).group(1)) for m in listed]
    assert rows_listed == sorted(rows_listed)
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def test_a_name_that_grows_when_case_folded_is_imported(lak, world):
    """The import writes many rows at once (services/bulk.py): a name whose compare keys fold
    longer than the name ("ß" → "ss") is kept, and searchable, like one typed in the form."""
    rows = [list(r) for r in GOOD]
    rows[6][1] = "Đặng " + "ßﬁ" * 97  # 199 characters; folded, 393
    assert upload(lak, fill(template(lak), rows)).status_code == 200
    done = lak.post(BASE + "/import/confirm", follow_redirects=True)
    assert "Đã nhập danh sách: 7 người mới" in done.get_data(as_text=True)
    person = db.session.scalar(select(Person).where(Person.union_card_no == "00012351"))
    assert person.full_name == rows[6][1] and person.search_key.startswith("dang ssfissfi")


def test_a_formula_where_a_value_is_read_is_refused_by_cell(lak, world):
    """Excel keeps a formula's last result beside it: "=1+1" in a name cell used to come in as
    the name "2". A numbering formula in STT is fine (it is not read)."""
    rows = [list(r) for r in GOOD[:2]]
    rows[0][1] = "=1+1"  # B4
    rows[1][0] = "=ROW()-3"  # A5: the STT column
    content = fill(template(lak), rows)
    sheet = next(n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if b"<f>1+1</f>" in _read(content, n))
    with_results = _rewrite_sheet(
        content,
        lambda xml: re.sub(  # an empty <v/>, written one way or another (with lxml or without)
            rb"<f>(1\+1|ROW\(\)-3)</f><v ?/>|<f>(1\+1|ROW\(\)-3)</f><v></v>",
            lambda m: b"<f>" + (m.group(1) or m.group(2)) + b"</f><v>2</v>",
            xml,
        ),
        sheet,
    )
    assert b"<f>1+1</f><v>2</v>" in _read(with_results, sheet)  # as Excel saves it: the formula and its result
    response = upload(lak, with_results)
    body = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Dòng 4, cột B (Họ và tên): ô có công thức “=1+1”; hãy dán giá trị thay cho công thức" in body
    assert "Dòng 5, cột A" not in body and "ROW()" not in body  # the numbering formula is not read
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


def _read(content: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(content)).read(name)


def test_two_imports_confirmed_at_once_leave_one_whole_roster(lak, world, served):
    """Two organisers of the unit confirm two different files at once: each import is checked
    and written under the registration's lock, so the roster is one file's, whole."""
    from tests.support.races import Person as Organiser
    from tests.support.races import at_once

    files = {7: fill(template(lak), GOOD), 3: fill(template(lak), GOOD[:2] + GOOD[6:])}
    f.user("cb.lak2", unit=world["lak"])
    db.session.commit()
    organisers = {}
    for rows, (name, content) in zip(files, (("cb.lak", files[7]), ("cb.lak2", files[3])), strict=True):
        who = Organiser(served, name, f.PASSWORD)
        answer = who.http.post(
            served + BASE + "/import",
            data={"csrf_token": who.token},
            files={"file": ("danh-sach.xlsx", content)},
        )
        assert answer.status_code == 200 and f"Nếu lưu: {rows} người mới" in answer.text, answer.text[-500:]
        organisers[rows] = who
    answers = at_once(*(lambda who=who: who.post(BASE + "/import/confirm") for who in organisers.values()))
    assert [getattr(a, "status_code", a) for a in answers] == [302, 302]
    db.session.commit()
    names = sorted(db.session.scalars(select(Person.full_name).where(Person.unit_id == world["lak"].id)))
    assert names in (sorted(r[1] for r in GOOD), sorted(r[1] for r in GOOD[:2] + GOOD[6:]))
    assert len(names) == len(set(names))
