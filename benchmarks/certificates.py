"""Render N A4 certificates (verification QR, Be Vietnam Pro, a background image drawn once
per part) to a PDF file and time it.

    .venv/bin/python benchmarks/certificates.py [--runs 3] [--no-background]

Runs 2,000 and 10,000 certificates, each run in a fresh process so its peak memory is its
own; prints each run, then one line of medians: the 2,000 run's speed and the 10,000 run's
peak memory beside the 2,000 run's (flat memory: the two should be close).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import fresh_runs  # noqa: E402


def _background() -> bytes:
    """An ornate-ish A4 landscape background as a PNG (a gradient frame), like an upload."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1754, 1240), (255, 252, 240))
    draw = ImageDraw.Draw(image)
    for i in range(0, 60, 3):
        draw.rectangle((i, i, 1753 - i, 1239 - i), outline=(200 - i, 150, 40 + i))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def one_run(count: int, background: bool) -> dict:
    from cli.demo import random_person_name
    from printables.certificates import certificate_pdf_stream
    from services.certificates.issue import SERIAL_ALPHABET, CertificateData

    rng = random.Random(1)
    units = ["LĐLĐ huyện Krông Pắc", "Công đoàn ngành Nông nghiệp và Phát triển nông thôn", "LĐLĐ huyện Cư M'gar"]

    def certificates():
        for i in range(count):
            serial = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(10))
            serial = f"{serial[:4]}-{serial[4:8]}-{serial[8:]}"
            yield CertificateData(
                serial=serial,
                title="GIẤY CHỨNG NHẬN",
                holder=random_person_name(rng, "male" if i % 2 else "female"),
                unit_name=units[i % 3],
                text="Đã đạt giải Nhì nội dung Cầu lông đôi nam nữ tại Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024.",
                verify_url=f"https://hoithao.ldld.daklak.vn/verify/{serial}",
                organisation="LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK",
                place_date="Đắk Lắk, ngày 30 tháng 08 năm 2024",
                signer_title="TM. BAN TỔ CHỨC\nTRƯỞNG BAN",
                signer_name="Nguyễn Văn Bình",
            )

    image = _background() if background else None
    return fresh_runs.time_pdf(certificate_pdf_stream(certificates(), image), count)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-background", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one, not args.no_background)))
        return
    extra = ["--no-background"] if args.no_background else []
    results = fresh_runs.run_sizes(__file__, args.runs, extra, "certificates")
    print(fresh_runs.summary(results, "certificates") + f" background={not args.no_background}")


if __name__ == "__main__":
    main()
