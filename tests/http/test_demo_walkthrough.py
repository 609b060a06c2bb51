"""The issue's 'done when', through HTTP on the seeded demo."""

import re

from cli import demo
from extensions import db


def test_admin_sees_all_units_and_lak_organiser_sees_only_lak(app, make_client):
    demo.seed_demo()
    db.session.commit()

    admin = make_client()
    assert admin.login("admin", demo.DEMO_PASSWORD).headers["Location"] == "/admin/"
    units_page = admin.get("/admin/units").get_data(as_text=True)
    assert "21 đơn vị tính vào chỉ tiêu 100%, 10 đơn vị không tính." in units_page
    assert units_page.count('data-unit="') == 31
    overview = admin.get("/admin/events/hoi-thao-2024").get_data(as_text=True)
    assert "Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024" in overview
    assert "Sân vận động tỉnh Đắk Lắk" in overview

    lak = make_client()
    assert lak.login("cb.lak", demo.DEMO_PASSWORD).headers["Location"] == "/units/LAK"
    page = lak.get("/units/LAK").get_data(as_text=True)
    assert "LĐLĐ huyện Lắk" in page
    assert "Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024" in page
    assert lak.get("/units/BMT").status_code == 403
    assert lak.get("/admin/units").status_code == 403


def test_organiser_imports_30_people_fixes_mistakes_submits_and_admin_approves(app, make_client):
    import io

    from openpyxl import load_workbook

    demo.seed_demo()
    db.session.commit()
    lak = make_client()
    lak.login("cb.lak", demo.DEMO_PASSWORD)
    base = "/units/LAK/events/hoi-thao-2024"
    assert "Đang soạn" in lak.get(base).get_data(as_text=True)
    template = lak.get(base + "/template.xlsx").data

    def person(i, gender, year, comp="", team=None, role="Vận động viên"):
        name = demo.random_person_name(
            demo.random.Random(i), demo.Gender.MALE if gender == "Nam" else demo.Gender.FEMALE
        )
        return [
            i,
            f"{name} {chr(65 + i % 26)}",
            gender,
            f"0{1 + i % 9}/0{1 + i % 9}/{year}",
            f"5500{i:04d}",
            "CĐCS Trường THCS Lắk",
            "",
            role,
            comp,
            team,
        ]

    rows = [person(i, "Nam" if i < 4 else "Nữ", 1985, "Kéo co nam nữ (10 người)", 1) for i in range(10)]
    rows += [person(i, "Nam", 1990, "Bóng chuyền hơi nam", 1) for i in range(10, 16)]
    rows += [person(16, "Nam", 1988, "Cầu lông đôi nam nữ"), person(17, "Nữ", 1989, "Cầu lông đôi nam nữ")]
    rows += [
        person(18, "Nam", 1975, "Cầu lông đơn nam từ 40 tuổi"),
        person(19, "Nam", 1979, "Cầu lông đơn nam từ 40 tuổi"),
    ]
    rows += [person(i, "Nữ", 1995, role="Công nhân") for i in range(20, 30)]
    mistakes = [list(r) for r in rows]
    mistakes[2][3] = "30/02/1985"  # row 6: no such date
    mistakes[20][2] = "N"  # row 24: gender unclear
    mistakes[19][3] = "01/01/1990"  # row 23: 34 years old in a 40+ event

    def xlsx(data):
        wb = load_workbook(io.BytesIO(template))
        for r, values in enumerate(data, start=4):
            for c, v in enumerate(values, start=1):
                wb["Danh sách"].cell(row=r, column=c, value=v)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    def upload(content):
        return lak.post(
            base + "/import", {"file": (io.BytesIO(content), "lak.xlsx")}, content_type="multipart/form-data"
        )

    bad = upload(xlsx(mistakes)).get_data(as_text=True)
    assert "Dòng 6, cột D" in bad and "Dòng 24, cột C" in bad
    assert demo_people("LAK") == 0
    mistakes[2], mistakes[20] = rows[2], rows[20]  # the cell mistakes fixed
    bad = upload(xlsx(mistakes)).get_data(as_text=True)
    assert "Dòng 23, cột I (Nội dung)" in bad and "34 tuổi" in bad  # the rule, found once the cells are right
    assert demo_people("LAK") == 0

    preview = upload(xlsx(rows)).get_data(as_text=True)
    assert "30 người mới" in preview, re.findall(r"<li>([^<]*)</li>", preview)
    lak.post(base + "/import/confirm")
    assert demo_people("LAK") == 30
    assert "Đã gửi, chờ duyệt" in lak.post(base + "/submit", follow_redirects=True).get_data(as_text=True)

    admin = make_client()
    admin.login("admin", demo.DEMO_PASSWORD)
    admin.get("/admin/events/hoi-thao-2024/registrations")
    admin.post("/admin/events/hoi-thao-2024/registrations/LAK/approve")
    assert "Đã duyệt" in lak.get(base).get_data(as_text=True)
    exported = load_workbook(io.BytesIO(admin.get("/admin/events/hoi-thao-2024/export.xlsx?unit=LAK").data))
    lines = list(exported.active.iter_rows(values_only=True))
    assert lines[0][0] == "Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024 – LĐLĐ huyện Lắk"
    assert len(lines) == 2 + 30
    assert {line[2] for line in lines[2:]} >= {"Kéo co nam nữ (10 người)", "Cầu lông đôi nam nữ"}


def demo_people(code):
    from sqlalchemy import func, select

    from models import Person, Unit

    return db.session.scalar(select(func.count()).select_from(Person).join(Unit).where(Unit.code == code))
