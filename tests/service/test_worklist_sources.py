"""An official's worklist names knockout slots by the rounds they come from."""

from __future__ import annotations


def test_knockout_sources_read_as_rounds(app):
    from services.results import display

    with app.test_request_context():
        assert display.source_label("W1.1", 2) == "Thắng Bán kết 1"
        assert display.source_label("L2.2", 3) == "Thua Bán kết 2"
        assert display.source_label("W1.3", 0) == "Thắng trận 1.3"
