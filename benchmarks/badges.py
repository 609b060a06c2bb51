"""Render N A6 badges (QR as vectors, Be Vietnam Pro text) to a PDF file and time it.

    .venv/bin/python benchmarks/badges.py [--runs 3] [--layout a6]

Runs 2,000 and 10,000 badges, each run in a fresh process so its peak memory is its own,
and prints each run, then one line of medians: the 2,000 run's speed and the 10,000 run's
peak memory beside the 2,000 run's (flat memory: the two should be close).
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import fresh_runs  # noqa: E402


def one_run(count: int, layout: str) -> dict:
    import random

    from cli.demo import random_person_name
    from cli.demo_data import GIVEN_F, GIVEN_M
    from printables.badges import BadgeData, badge_pdf_stream
    from services.badges.tokens import ALPHABET, SHORT_CODE_LENGTH, TOKEN_LENGTH

    rng = random.Random(1)
    units = ["LĐLĐ huyện Krông Pắc", "Công đoàn ngành Nông nghiệp và Phát triển nông thôn", "LĐLĐ huyện Cư M'gar"]

    def badges():
        for i in range(count):
            male = i % 2 == 0
            name = random_person_name(rng, "male" if male else "female")
            yield BadgeData(
                event_name="Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024",
                full_name=name,
                unit_name=units[i % 3],
                role="athlete" if i % 5 else "coach",
                role_label="Vận động viên" if i % 5 else "Huấn luyện viên",
                token="".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH)),
                short_code="".join(secrets.choice(ALPHABET) for _ in range(SHORT_CODE_LENGTH)),
                number=f"{i + 1:04d}",
                competitions=["Cầu lông đôi nam nữ"] if i % 5 else [],
            )

    assert GIVEN_F and GIVEN_M
    return fresh_runs.time_pdf(badge_pdf_stream(badges(), layout), count)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--layout", default="a6")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one, args.layout)))
        return
    results = fresh_runs.run_sizes(__file__, args.runs, ["--layout", args.layout], "badges")
    print(fresh_runs.summary(results, "badges") + f" layout={args.layout}")


if __name__ == "__main__":
    main()
