"""QR codes drawn as vector paths: the native zxing-cpp encoder makes the matrix (~0.15 ms)."""

from __future__ import annotations

import re

import zxingcpp


def matrix(text: str) -> list[list[bool]]:
    """Dark modules of the QR code for ``text`` (error correction M), row by row, no quiet zone."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[0]
    data = bytes(image)
    return [[data[r * size + c] < 128 for c in range(size)] for r in range(size)]


def draw(canvas, text: str, x: float, y: float, side: float) -> None:
    """Draw the code in the square (x, y, side) — lower-left corner — as one filled path.

    Each row's runs of dark modules become one rectangle, so a version-2 code is about 150
    rectangles. The square should sit inside a white margin of 4 modules (the quiet zone).
    """
    rows = matrix(text)
    n = len(rows)
    module = side / n
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        top = y + side - (r + 1) * module
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(x + start * module, top, (c - start) * module, module)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)


def link_qr_svg(text: str) -> str:
    """An SVG QR code (for a link shown on screen), from the same native encoder."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    svg = code.to_svg(add_quiet_zones=True)
    svg = svg[svg.index("<svg") :]  # inline in a page: no XML prolog
    size = re.search(r'width="(\d+)"', svg).group(1)
    # Scales with CSS: a view box instead of a fixed pixel size, crisp modules.
    return svg.replace(
        f'width="{size}" height="{size}"', f'viewBox="0 0 {size} {size}" shape-rendering="crispEdges" role="img"', 1
    )
