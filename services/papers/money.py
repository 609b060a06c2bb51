"""Amounts of money as Vietnamese financial papers write them: figures with dots
(1.015.000) and in words ("Số tiền bằng chữ": Một triệu không trăm mười lăm nghìn đồng).

The reading, checked against a table of edge amounts (tests/unit/test_money.py):
- groups of three digits named nghìn, triệu, tỷ; a group of zeros is not read;
- every group after the first reads its hundreds, "không trăm" included (1.015.000);
- a zero tens digit after hundreds reads "linh" (105 → một trăm linh năm);
- 1 after a tens word of 20 or more is "mốt", 4 is "tư", 5 after any tens word is "lăm";
- a capital first letter, and "đồng" at the end.
num2words (lang "vi") was tried and gives "một triệu mười lăm nghìn" and "một trăm lẻ năm":
not what the accountant writes, hence this module.
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ")
MAX_AMOUNT = 999_999_999_999  # 999 tỷ: more than any prize; the forms refuse more


def figures(amount: int) -> str:
    """1015000 → "1.015.000"."""
    return f"{amount:,}".replace(",", ".")


def _units(tens: int, units: int) -> list[str]:
    if units == 0:
        return []
    if units == 5 and tens >= 1:
        return ["lăm"]
    if tens >= 2 and units in (1, 4):
        return ["mốt" if units == 1 else "tư"]
    return [DIGITS[units]]


def _group(value: int, leading: bool) -> list[str]:
    """Three digits; a group after the first reads its hundreds even when zero."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += (["linh"] if words else []) + [DIGITS[units]]
    elif tens == 1:
        words += ["mười", *_units(1, units)]
    else:
        words += [DIGITS[tens], "mươi", *_units(tens, units)]
    return words


def in_words(amount: int) -> str:
    """1015000 → "Một triệu không trăm mười lăm nghìn đồng"."""
    if not 0 <= amount <= MAX_AMOUNT:
        raise ValueError(amount)
    if amount == 0:
        return "Không đồng"
    groups = []
    while amount:
        amount, group = divmod(amount, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            words += _group(groups[index], leading=not words)
            words += [SCALES[index]] if SCALES[index] else []
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
