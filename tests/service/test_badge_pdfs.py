"""Badge PDFs drawn by the services and read back as a person would (rasterised, QR decoded, text extracted); the command-line print."""

import io

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A6

from cli import demo_data
from printables import badges as printable
from printables.badges import BadgeData, badge_pdf
from tests.http.test_badges import SIXTY
from tests.support import worlds
from tests.support.pdfs import page_texts, qr_texts, rasterize


def _chars_inside(pdf: bytes, width: float) -> None:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for ch in page.chars:
                assert ch["x0"] >= 0 and ch["x1"] <= width, (ch["text"], ch["x0"], ch["x1"])


@pytest.fixture
def world(app):
    return worlds.badge_people(SIXTY)


def test_long_names_fit_their_box_and_are_never_cut(app):
    demo_longest = sorted(demo_data.GIVEN_F + demo_data.GIVEN_M, key=len)[-1]
    names = [f"Công Tằng Tôn Nữ Thị {demo_longest} Hạnh", SIXTY, "X" * 60, "Lê"]
    assert all(len(n) >= 2 for n in names) and len(SIXTY) == 60
    data = [
        BadgeData(
            event_name="Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024",
            full_name=n,
            unit_name="Công đoàn ngành Nông nghiệp và Phát triển nông thôn",
            role="athlete",
            role_label="Vận động viên",
            token="A" * 38,
            short_code="K7M3QXP",
            number="0001",
            competitions=["Cầu lông đôi nam nữ", "Cầu lông đơn nam từ 40 tuổi", "Kéo co nam nữ"],
        )
        for n in names
    ]
    a6 = badge_pdf(data, "a6")
    _chars_inside(a6, A6[0] - 5)
    texts = [t.replace(" ", "").replace("\n", "") for t in page_texts(a6)]
    for name, text in zip(names, texts, strict=True):
        assert name.replace(" ", "") in text  # every letter there, diacritics exact
    sheet = badge_pdf(data, "a4-8")
    x0, _y0 = printable._sheet_origin()
    with pdfplumber.open(io.BytesIO(sheet)) as doc:
        for ch in doc.pages[0].chars:
            if ch["size"] >= 8:  # names: inside the text column, left of the QR
                column = 0 if ch["x0"] < x0 + printable.CARD_W else 1
                left = x0 + column * (printable.CARD_W + printable.GUTTER)
                assert left <= ch["x0"] and ch["x1"] <= left + printable.CARD_W, ch["text"]
    sheet_text = page_texts(sheet)[0].replace(" ", "").replace("\n", "")
    assert SIXTY.replace(" ", "") in sheet_text


def test_cli_prints_a_units_badges(app, world, tmp_path):
    out = tmp_path / "lak.pdf"
    result = app.test_cli_runner().invoke(
        args=["print", "badges", "--event", "hoi-thao-2024", "--unit", "LAK", "--layout", "a4-8", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Đã in 5 thẻ (a4-8)" in result.output
    assert len(page_texts(out.read_bytes())) == 1
    bad = app.test_cli_runner().invoke(args=["print", "badges", "--event", "nope", "--out", str(out)])
    assert bad.exit_code != 0 and "Không có sự kiện “nope”" in bad.output


def test_a_print_in_many_parts_is_one_valid_pdf(app, monkeypatch):
    monkeypatch.setattr(printable, "PART_PAGES", 3)
    data = [
        BadgeData(
            event_name="Ngày hội",
            full_name=f"Người số {i}",
            unit_name="Đơn vị",
            role="worker",
            role_label="Công nhân",
            token=f"{i:02d}".replace("0", "A").replace("1", "B") + "C" * 36,
            short_code="K7M3QXP",
            number=f"{i:04d}",
        )
        for i in range(10)
    ]
    pdf = badge_pdf(data, "a6")
    texts = page_texts(pdf)
    assert len(texts) == 10
    assert [t.split("\n")[1] for t in texts] == [f"Người số {i}" for i in range(10)]
    assert all(len(qr_texts(page)) == 1 for page in rasterize(pdf, 100))
