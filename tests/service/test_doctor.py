"""``flask doctor`` names what to fix and fails on a weak secret."""

from __future__ import annotations

import secrets

import pytest

from tests.http.test_operations import _stamped


@pytest.mark.rebuilds_schema
def test_doctor_names_what_to_fix_and_fails_on_a_weak_secret(app, tmp_path, monkeypatch):
    _stamped()
    app.config.update(MEDIA_ROOT=str(tmp_path / "media"), HEALTH_MIN_FREE_MB=0)
    monkeypatch.delenv("BACKUP_DIR", raising=False)
    weak = app.test_cli_runner().invoke(args=["doctor"])
    assert weak.exit_code == 1
    assert "[FAIL] SECRET_KEY" in weak.output and "token_hex(32)" in weak.output
    assert "[WARN] PUBLIC_URL: chưa đặt" in weak.output and "[WARN] BACKUP_DIR" in weak.output
    assert "[OK  ] migrations" in weak.output

    backups = tmp_path / "backups"
    backups.mkdir()
    monkeypatch.setenv("BACKUP_DIR", str(backups))
    app.config.update(SECRET_KEY=secrets.token_hex(32), PUBLIC_URL="https://hoithao.example.vn")
    none_yet = app.test_cli_runner().invoke(args=["doctor"])
    assert "[FAIL] backup: chưa có bản sao lưu nào" in none_yet.output and none_yet.exit_code == 1
    made = app.test_cli_runner().invoke(args=["backup", "--dir", str(backups), "--keep", "3"])
    assert made.exit_code == 0, made.output
    good = app.test_cli_runner().invoke(args=["doctor"])
    assert good.exit_code == 0, good.output
    assert "[OK  ] SECRET_KEY" in good.output and "[OK  ] backup" in good.output and "[OK  ] PUBLIC_URL" in good.output
    assert "0 lỗi" in good.output


def test_doctor_fails_a_backup_key_others_can_read_or_kept_with_the_backups(app, tmp_path, monkeypatch):
    backups = tmp_path / "backups"
    backups.mkdir()
    monkeypatch.setenv("BACKUP_DIR", str(backups))
    app.config.update(MEDIA_ROOT=str(tmp_path / "media"), BACKUP_KEY_FILE=str(tmp_path / "keys" / "backup.key"))

    def line() -> str:
        output = app.test_cli_runner().invoke(args=["doctor"]).output
        return next(text for text in output.splitlines() if "BACKUP_KEY_FILE" in text)

    assert line().startswith("[WARN]") and "chưa có" in line()
    assert app.test_cli_runner().invoke(args=["backup", "--dir", str(backups)]).exit_code == 0
    key = tmp_path / "keys" / "backup.key"
    assert key.stat().st_mode & 0o777 == 0o600 and line().startswith("[OK  ]")
    key.chmod(0o644)
    assert line().startswith("[FAIL]") and "chmod 600" in line()
    key.chmod(0o600)
    app.config["BACKUP_KEY_FILE"] = str(backups / "backup.key")
    key.rename(backups / "backup.key")
    assert line().startswith("[FAIL]") and "nằm trong BACKUP_DIR" in line()
