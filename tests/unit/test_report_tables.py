"""Report tables never break a word: widths from the font's metrics, or a smaller size."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from printables.reports import Report, Section, layout, report_pdf

CALL_LIST_HEADERS = ["Mã", "Đơn vị", "Tình trạng", "Người liên hệ", "Điện thoại", "Email", "Lời nhắn"]


def _words(pdf: bytes) -> set[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return {w["text"] for page in doc.pages for w in page.extract_words(keep_blank_chars=False)}


def _call_list(rows: int) -> Section:
    body = [
        [
            code,
            f"LĐLĐ huyện {name}",
            "Đã duyệt, chưa có mặt",
            "Nguyễn Thị Hồng Vân",
            "0262 3456 789",
            f"lienhe.{code.lower()}@congdoan-daklak.example.vn",
            "Kính gửi đồng chí phụ trách, đăng ký đã được duyệt nhưng chưa có ai có mặt (chưa quét thẻ). " * 2,
        ]
        for code, name in [("BDO", "Buôn Đôn"), ("CMG", "Cư M'gar"), ("KBO", "Krông Bông"), ("MDR", "M'Đrắk")] * rows
    ]
    return Section("Đơn vị cần liên hệ", CALL_LIST_HEADERS, body)


@pytest.mark.parametrize("landscape_page", [True, False])
def test_no_word_of_a_wide_table_is_broken(landscape_page):
    section = _call_list(3)
    pdf = report_pdf(Report("Danh sách đơn vị cần liên hệ", "Hội thao", "In lúc 30/08/2024", [section], landscape_page))
    words = _words(pdf)
    for word in ["BDO", "CMG", "KBO", "MDR", "Email", "Mã", "lienhe.bdo@congdoan-daklak.example.vn", "Nguyễn"]:
        assert word in words, word  # whole, never "BD" + "O" or "Emai" + "l"


def test_columns_are_at_least_as_wide_as_their_longest_word_and_fill_the_page():
    widths, size = layout(_call_list(1), 770)
    assert abs(sum(widths) - 770) < 0.01 and size == 9
    narrow, small = layout(_call_list(1), 330)  # a portrait half page: the table is set smaller
    assert small < 9 and abs(sum(narrow) - 330) < 0.01
