"""Email through the SMTP server in the configuration (MAIL_SERVER …); nothing if none is set."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send(messages: list[tuple[str, str, str]]) -> None:
    """(to, subject, body) each, over one SMTP connection."""
    cfg = current_app.config
    with smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=15) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD", ""))
        for to, subject, body in messages:
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = cfg["MAIL_FROM"], to, subject
            message.set_content(body)
            smtp.send_message(message)
