"""``flask --app app doctor``: a deployment's settings checked one by one, each with what to
fix. FAIL stops a season (the service would refuse, or data would be at risk); WARN works
but a feature suffers (reminders printed instead of mailed, videos refused, …)."""

from __future__ import annotations

import os
import shutil
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app

from services.i18n import LOCAL_TZ
from services.media import files
from services.operations import health, keys
from services.operations.backup import backups_in, event_days

OK, WARN, FAIL = "OK", "WARN", "FAIL"


@dataclass(frozen=True)
class Finding:
    level: str
    topic: str
    text: str  # what was found and, unless OK, what to do


def _secret(config) -> Finding:
    secret = (config.get("SECRET_KEY") or "").strip()
    if weak := keys.weakness(secret):
        return Finding(
            FAIL,
            "SECRET_KEY",
            f"yếu ({weak}): đặt SECRET_KEY ngẫu nhiên ≥ {keys.MIN_LENGTH} ký tự ({keys.ADVICE})"
            " và giữ nguyên suốt mùa giải.",
        )
    return Finding(OK, "SECRET_KEY", f"{len(secret)} ký tự.")


def _environment(config) -> Finding:
    if config.get("ENV_NAME") != "production":
        return Finding(WARN, "APP_ENV", "đang chạy development: trên máy chủ đặt APP_ENV=production.")
    return Finding(OK, "APP_ENV", "production.")


def _database(config) -> list[Finding]:
    out = []
    uri = config["SQLALCHEMY_DATABASE_URI"]
    by_name = {c.name: c for c in health.checks() if c.name in ("database", "migrations")}
    if not by_name["database"].ok:
        return [Finding(FAIL, "DATABASE_URL", f"không kết nối được ({by_name['database'].detail}).")]
    kind = "SQLite" if uri.startswith("sqlite") else "PostgreSQL"
    level = WARN if kind == "SQLite" and config.get("ENV_NAME") == "production" else OK
    hint = " — được cho một tỉnh; mùa giải lớn hơn dùng PostgreSQL (DATABASE_URL)." if level == WARN else "."
    out.append(Finding(level, "DATABASE_URL", f"{kind} kết nối được{hint}"))
    if not by_name["migrations"].ok:
        out.append(
            Finding(
                FAIL, "migrations", f"chưa cập nhật ({by_name['migrations'].detail}): chạy flask --app app db upgrade."
            )
        )
    else:
        out.append(Finding(OK, "migrations", f"mới nhất ({health.head_revision()})."))
    if kind == "PostgreSQL":
        for tool in ("pg_dump", "pg_restore"):
            if shutil.which(tool) is None:
                out.append(Finding(FAIL, tool, "không có: cài postgresql-client cùng phiên bản máy chủ (sao lưu cần)."))
    return out


def _public_url(config) -> Finding:
    url = config.get("PUBLIC_URL") or ""
    if not url:
        return Finding(
            WARN,
            "PUBLIC_URL",
            "chưa đặt: mã QR trên giấy chứng nhận sẽ trỏ về địa chỉ dùng lúc in; đặt PUBLIC_URL=https://tên-miền.",
        )
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return Finding(WARN, "PUBLIC_URL", f"{url} không phải địa chỉ https:// đầy đủ.")
    return Finding(OK, "PUBLIC_URL", url)


def _mail(config) -> Finding:
    server = config.get("MAIL_SERVER")
    if not server:
        return Finding(WARN, "MAIL_SERVER", "chưa đặt: nhắc nhở đơn vị sẽ in ra danh sách gọi điện, không gửi email.")
    port = int(config.get("MAIL_PORT") or 25)
    try:
        socket.create_connection((server, port), timeout=3).close()
    except OSError as error:
        return Finding(FAIL, "MAIL_SERVER", f"không kết nối được {server}:{port} ({error.strerror or error}).")
    sender = config.get("MAIL_FROM") or ""
    if sender.endswith("@localhost"):
        return Finding(WARN, "MAIL_FROM", f"{sender}: đặt địa chỉ gửi thật của Liên đoàn.")
    return Finding(OK, "MAIL_SERVER", f"{server}:{port} kết nối được.")


def _ffmpeg() -> Finding:
    missing = [tool for tool in ("ffmpeg", "ffprobe") if shutil.which(tool) is None]
    if missing:
        return Finding(WARN, "ffmpeg", "không có: video sẽ bị từ chối; cài bằng apt-get install -y ffmpeg.")
    return Finding(OK, "ffmpeg", "có.")


def _time_zone() -> Finding:
    try:
        ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:
        return Finding(FAIL, "time zone", "thiếu dữ liệu múi giờ Asia/Ho_Chi_Minh: pip install tzdata.")
    offset = time.localtime().tm_gmtoff // 3600
    return Finding(OK, "time zone", f"giờ hiển thị Asia/Ho_Chi_Minh; máy chủ UTC{offset:+d} (lưu trữ luôn theo UTC).")


def _proxy(config) -> list[Finding]:
    out = []
    production = config.get("ENV_NAME") == "production"
    proxies = int(os.environ.get("TRUSTED_PROXIES", "0") or 0)
    if production and proxies == 0:
        out.append(
            Finding(
                WARN,
                "TRUSTED_PROXIES",
                "= 0: sau nginx/Caddy đặt TRUSTED_PROXIES=1, nếu không mọi người dùng chung một địa chỉ"
                " (giới hạn đăng nhập theo địa chỉ).",
            )
        )
    else:
        out.append(Finding(OK, "TRUSTED_PROXIES", str(proxies)))
    if production and not config.get("SESSION_COOKIE_SECURE"):
        out.append(Finding(WARN, "SESSION_COOKIE_SECURE", "= 0: chỉ dùng trong mạng LAN không HTTPS tại địa điểm."))
    return out


def _disk(config) -> list[Finding]:
    least = int(config.get("HEALTH_MIN_FREE_MB") or 0)
    folders = {"media": files.root(), "database": health.database_folder()}
    backup_dir = os.environ.get("BACKUP_DIR")
    if backup_dir and Path(backup_dir).is_dir():
        folders["backups"] = Path(backup_dir)
    out = []
    for name, folder in folders.items():
        if folder is None:
            continue
        free = health.free_mb(folder)
        level = FAIL if free < least else OK
        out.append(
            Finding(level, f"disk ({name})", f"{folder}: còn {free} MB" + (f" < {least} MB." if level == FAIL else "."))
        )
    return out


def _backups(now: datetime) -> Finding:
    folder = os.environ.get("BACKUP_DIR")
    if not folder:
        return Finding(WARN, "BACKUP_DIR", "chưa đặt: không biết bản sao lưu ở đâu (deploy/, docs/deploying.md).")
    existing = backups_in(Path(folder)) if Path(folder).is_dir() else []
    if not existing:
        return Finding(FAIL, "backup", f"chưa có bản sao lưu nào trong {folder}: bật workers-games-backup.timer.")
    hours = (now.timestamp() - existing[-1].stat().st_mtime) / 3600
    limit = 2 if event_days(now.astimezone(LOCAL_TZ).date()) else 26
    if hours > limit:
        return Finding(
            FAIL,
            "backup",
            f"bản mới nhất cách đây {hours:.0f} giờ (> {limit}): xem journalctl -u workers-games-backup.",
        )
    return Finding(OK, "backup", f"{existing[-1].name}, {hours:.1f} giờ trước; {len(existing)} bản.")


def _backup_key(config) -> Finding:
    """The key that signs backups: present, the owner's alone, and not where the backups or
    the media are (an archive must never travel with the key that vouches for it)."""
    path = Path(config["BACKUP_KEY_FILE"]).resolve()
    if not path.is_file():
        return Finding(
            WARN, "BACKUP_KEY_FILE", f"{path} chưa có: bản sao lưu đầu tiên sẽ tạo; chép một bản ra ngoài máy."
        )
    if path.stat().st_mode & 0o077:
        return Finding(FAIL, "BACKUP_KEY_FILE", f"{path} người khác đọc được: chmod 600 {path}.")
    for name in ("BACKUP_DIR", "MEDIA_ROOT"):
        folder = os.environ.get(name) or config.get(name)
        if folder and path.is_relative_to(Path(folder).resolve()):
            return Finding(FAIL, "BACKUP_KEY_FILE", f"{path} nằm trong {name}: để khoá ở nơi khác (docs/deploying.md).")
    return Finding(OK, "BACKUP_KEY_FILE", f"{path}; giữ một bản ngoài máy chủ.")


def diagnose(now: datetime | None = None) -> list[Finding]:
    config = current_app.config
    now = now or datetime.now(UTC)
    findings = [_environment(config), _secret(config)]
    findings += _database(config)
    findings += [_public_url(config), _mail(config), _ffmpeg(), _time_zone()]
    findings += _proxy(config)
    findings += _disk(config)
    findings += [_backups(now), _backup_key(config)]
    return findings
