"""A real SMTP server on a free local port (aiosmtpd), for the app's emails."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture
def smtp_server(app):
    """The app's MAIL_SERVER pointed at a local SMTP server; yields the list of received
    messages, each (recipients, raw message text)."""
    from aiosmtpd.controller import Controller

    received: list[tuple[list[str], str]] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            received.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield received
    finally:
        controller.stop()
        app.config["MAIL_SERVER"] = ""
