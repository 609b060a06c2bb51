"""NFC normalisation and Vietnamese name order."""

import unicodedata

from services.text import name_sort_key, nfc, text_sort_key


def test_nfc_makes_names_typed_on_different_systems_equal():
    composed = "Nguyễn Thị Ánh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert nfc(decomposed) == composed
    assert nfc("  Lê   Văn\tAn ") == "Lê Văn An"


def test_names_sort_by_given_name_then_family_and_middle():
    names = ["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị Bình", "Phạm An"]
    assert sorted(names, key=name_sort_key) == ["Nguyễn Văn An", "Phạm An", "Lê Thị Bình", "Trần Văn Bình"]


def test_vietnamese_letter_order():
    # a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư: not the code-point or accent-stripped order
    given = ["Ân", "Ăn", "An", "Đức", "Dung", "Ê", "Em", "Ơn", "Ôn", "On", "Ưng", "Ung"]
    ordered = [name.split()[-1] for name in sorted((f"Lê {g}" for g in given), key=name_sort_key)]
    assert ordered == ["An", "Ăn", "Ân", "Dung", "Đức", "Em", "Ê", "On", "Ôn", "Ơn", "Ung", "Ưng"]


def test_tones_only_break_ties_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    words = ["Mạ", "Má", "Mã", "Mả", "Mà", "Ma", "Mai"]
    assert sorted(words, key=text_sort_key) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Mai"]


def test_decomposed_input_sorts_like_composed():
    a = unicodedata.normalize("NFD", "Lê Thị Ánh")
    assert name_sort_key(a)[:4] == name_sort_key("Lê Thị Ánh")[:4]
