"""Amounts in words as the federation's accountant writes them (issue 30's cases and edges)."""

import pytest

from services.papers.money import figures, in_words

CASES = [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14_000, "Mười bốn nghìn đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (50, "Năm mươi đồng"),
    (105_000, "Một trăm linh năm nghìn đồng"),
    (110_000, "Một trăm mười nghìn đồng"),
    (700_000, "Bảy trăm nghìn đồng"),
    (1_000_000, "Một triệu đồng"),
    (1_001_000, "Một triệu không trăm linh một nghìn đồng"),
    (1_015_000, "Một triệu không trăm mười lăm nghìn đồng"),
    (1_000_500, "Một triệu năm trăm đồng"),
    (1_000_015, "Một triệu không trăm mười lăm đồng"),
    (1_500_000, "Một triệu năm trăm nghìn đồng"),
    (3_450_000, "Ba triệu bốn trăm năm mươi nghìn đồng"),
    (10_000_000, "Mười triệu đồng"),
    (21_000_000, "Hai mươi mốt triệu đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (2_000_005_000, "Hai tỷ không trăm linh năm nghìn đồng"),
    (115_250_000, "Một trăm mười lăm triệu hai trăm năm mươi nghìn đồng"),
]


@pytest.mark.parametrize(("amount", "words"), CASES)
def test_amounts_read_as_financial_papers_write_them(amount, words):
    assert in_words(amount) == words


def test_figures_use_dots_between_thousands():
    assert figures(1_015_000) == "1.015.000" and figures(700) == "700" and figures(0) == "0"


@pytest.mark.parametrize("amount", [-1, 10**12])
def test_amounts_outside_the_range_are_refused(amount):
    with pytest.raises(ValueError):
        in_words(amount)
