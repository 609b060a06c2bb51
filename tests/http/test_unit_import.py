"""Units imported from an Excel or CSV list: all rows or none, errors by row and column."""

import io

import pytest
from sqlalchemy import select

from extensions import db
from models import Unit, UserRole
from tests.support import factories as f


@pytest.fixture
def admin(client):
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    client.get("/admin/units")
    return client


def upload(client, name, content):
    return client.post("/admin/units/import", {"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


HEADER = ["Mã", "Tên đơn vị", "Loại", "Tính vào 100%", "Người liên hệ", "Điện thoại", "Email"]


def test_excel_list_creates_and_updates_units(admin):
    f.unit("LAK", "Tên cũ")
    db.session.commit()
    content = f.xlsx(
        [
            HEADER,
            ["LAK", "LĐLĐ huyện Lắk", "LĐLĐ huyện", "có", "H'Lan Mlô", "0262 3585 123", "lak@example.vn"],
            ["GD", "Công đoàn ngành Giáo dục", "Công đoàn ngành", None, None, None, None],
            ["CS-DIEN", "CĐCS Công ty Điện lực", "CĐCS trực thuộc", None, None, None, None],
        ]
    )
    response = upload(admin, "don-vi.xlsx", content)
    assert response.status_code == 302
    db.session.expire_all()
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    assert units["LAK"].name == "LĐLĐ huyện Lắk" and units["LAK"].contact_name == "H'Lan Mlô"
    assert units["GD"].counts_for_participation is True
    assert units["CS-DIEN"].counts_for_participation is False  # grassroots: not counted by default
    assert "1 đơn vị mới" not in admin.get("/admin/units").get_data(as_text=True)  # flash shown once, on redirect


def test_csv_list_with_semicolons_is_read(admin):
    content = "\ufeffcode;name;kind;counts\nBMT;LĐLĐ thành phố Buôn Ma Thuột;district;yes\n".encode()
    assert upload(admin, "units.csv", content).status_code == 302
    assert db.session.scalar(select(Unit)).name == "LĐLĐ thành phố Buôn Ma Thuột"


def test_errors_name_row_and_column_and_nothing_is_saved(admin):
    content = f.xlsx(
        [
            HEADER,
            ["BMT", "LĐLĐ thành phố Buôn Ma Thuột", "LĐLĐ huyện", "có"],
            ["EKA", "LĐLĐ huyện Ea Kar", "xã", "có"],
            ["BMT", "Trùng mã", "LĐLĐ huyện", "có"],
            ["KPA", "", "LĐLĐ huyện", "có"],
            ["KNA", "LĐLĐ huyện Krông Năng", "LĐLĐ huyện", "chưa biết"],
        ]
    )
    response = upload(admin, "don-vi.xlsx", content)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Chưa nhập đơn vị nào vì tệp có lỗi" in body
    assert "Dòng 3, cột C (Loại): loại đơn vị “xã” không hợp lệ" in body
    assert "Dòng 4, cột A (Mã): mã “BMT” trùng với dòng 2." in body
    assert "Dòng 5, cột B (Tên đơn vị): Tên đơn vị không được để trống." in body
    assert "Dòng 6, cột D (Tính vào 100%): ghi “có” hoặc “không”" in body
    assert db.session.query(Unit).count() == 0


def test_missing_columns_and_wrong_file_types_are_explained(admin):
    body = upload(admin, "x.xlsx", f.xlsx([["Mã", "Tên"], ["A", "B"]])).get_data(as_text=True)
    assert "Dòng tiêu đề (dòng 1) thiếu cột: “loại đơn vị”." in body
    body = upload(admin, "x.xlsx", b"this is not excel").get_data(as_text=True)
    assert "“x.xlsx” không phải tệp Excel .xlsx thật" in body
    body = upload(admin, "x.pdf", b"%PDF").get_data(as_text=True)
    assert "Chỉ nhận tệp .xlsx hoặc .csv" in body
    body = upload(admin, "x.csv", "Mã,Tên,Loại\n".encode("utf-16")).get_data(as_text=True)
    assert "phải lưu bằng bảng mã UTF-8" in body


def test_a_formula_in_the_list_is_refused_by_cell(admin):
    content = f.xlsx([HEADER, ["BMT", '=UPPER("lđlđ")', "LĐLĐ huyện", "có"]])
    response = upload(admin, "don-vi.xlsx", content)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dòng 2, cột B: ô có công thức “=UPPER(&#34;lđlđ&#34;)”" in body or "Dòng 2, cột B: ô có công thức" in body
    assert db.session.query(Unit).count() == 0
