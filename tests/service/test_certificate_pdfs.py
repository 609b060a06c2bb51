"""Certificates drawn by the services: the longest names and unit names fit the page."""

import io

import pdfplumber

from printables.certificates import PAGE_W, certificate_pdf
from services.certificates.issue import CertificateData
from tests.http.test_badges import SIXTY
from tests.http.test_certificates import _flat
from tests.support.pdfs import page_texts


def test_longest_names_and_unit_names_fit_the_page():
    longest_unit = "Công đoàn ngành Nông nghiệp và Phát triển nông thôn tỉnh Đắk Lắk (Công đoàn cơ sở trực thuộc)"
    data = [
        CertificateData(
            serial="K7Q3-M9XA-2B",
            title="GIẤY CHỨNG NHẬN",
            holder=name,
            unit_name=longest_unit,
            text="Đã đạt giải Khuyến khích nội dung Kéo co nam nữ (10 người) tại Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024.",
            verify_url="https://hoithao.example.vn/verify/K7Q3-M9XA-2B",
            organisation="LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK",
            place_date="Đắk Lắk, ngày 30 tháng 08 năm 2024",
            signer_title="TM. BAN TỔ CHỨC\nTRƯỞNG BAN",
            signer_name="Nguyễn Văn Bình",
        )
        for name in (SIXTY, f"{SIXTY} {SIXTY}", "Lê")
    ]
    pdf = certificate_pdf(data)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for ch in page.chars:
                assert ch["x0"] >= 10 and ch["x1"] <= PAGE_W - 10, (ch["text"], ch["x0"], ch["x1"])
    for d, text in zip(data, page_texts(pdf), strict=True):
        assert _flat(d.holder) in _flat(text) and _flat(longest_unit) in _flat(text)
