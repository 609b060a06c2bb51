"""Reading printed PDFs back as a person would: page images (pdftoppm), QR codes, text."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader


def rasterize(pdf: bytes, dpi: int = 150, pages: int | None = None) -> list[Image.Image]:
    """The PDF's pages as images (only the first ``pages`` of them, when given)."""
    if shutil.which("pdftoppm") is None:
        reason = "pdftoppm is not installed (apt-get install -y poppler-utils)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        first_pages = ["-f", "1", "-l", str(pages)] if pages else []
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), *first_pages, "-png", str(path), str(Path(tmp) / "page")], check=True
        )
        return [Image.open(p).copy() for p in sorted(Path(tmp).glob("page*.png"))]


def qr_texts(image: Image.Image) -> list[str]:
    """The QR codes printed on a page. Ours are dark on light: no search of the inverted image,
    which once read a page of badges as a sixth, 5-digit code between them."""
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False)
    return [code.text for code in codes]


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
