"""The files in deploy/ say what docs/deploying.md says and what the app reads: systemd's own
checker where it is installed, parsed otherwise (the backup service's command is run for
real in tests/service/test_backup_restore.py)."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = (
    "workers-games.service",
    "workers-games-office.service",
    "workers-games-backup.service",
    "workers-games-backup.timer",
)
HEAVY = (
    "/admin/events/hoi-thao-2024/badges.pdf",
    "/units/LAK/events/hoi-thao-2024/export.xlsx",
    "/admin/events/hoi-thao-2024/export.csv",
    "/admin/events/hoi-thao-2024/results-archive.zip",
    "/units/LAK/events/hoi-thao-2024/import",
    "/units/LAK/events/hoi-thao-2024/import/confirm",
)
LIGHT = ("/api/v1/scans", "/scan/", "/results/matches/12", "/admin/events/hoi-thao-2024/imports-help", "/board/x")


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    parser.optionxform = str  # keys keep their case
    parser.read_string((DEPLOY / name).read_text())
    return parser


def readme_gunicorn() -> list[str]:
    line = next(x for x in (ROOT / "docs/deploying.md").read_text().splitlines() if x.startswith(".venv/bin/gunicorn"))
    return shlex.split(line)[1:]


def test_the_app_service_restarts_always_with_the_readmes_gunicorn_settings():
    service = unit("workers-games.service")["Service"]
    assert service["Restart"] == "always" and service["EnvironmentFile"] == "/etc/workers-games/env"
    command = shlex.split(service["ExecStart"])
    assert command[0].endswith("/.venv/bin/gunicorn")
    args = command[1:]
    del args[args.index("--error-logfile") : args.index("--error-logfile") + 2]  # errors to the journal
    assert args == readme_gunicorn()  # workers, timeout, bind, the app: as docs/deploying.md says
    assert "db upgrade" in service["ExecStartPre"]


def test_the_backup_runs_hourly_and_keeps_the_newest():
    timer = unit("workers-games-backup.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* *:05:00" and timer["Timer"]["Persistent"] == "true"
    service = unit("workers-games-backup.service")["Service"]
    assert service["Type"] == "oneshot" and service["EnvironmentFile"] == "/etc/workers-games/env"
    command = service["ExecStart"]
    assert "backup --dir ${BACKUP_DIR} --keep ${BACKUP_KEEP} --scheduled" in command
    paths = service["ReadWritePaths"].split()
    assert "-/var/backups/workers-games" in paths


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path):
    venv = Path(sys.prefix)
    env = tmp_path / "env"
    env.write_text((DEPLOY / "workers-games.env.example").read_text())
    for name in UNITS:
        text = (DEPLOY / name).read_text()
        text = text.replace("/opt/workers-games/.venv", str(venv)).replace("/opt/workers-games", str(ROOT))
        (tmp_path / name).write_text(text.replace("/etc/workers-games/env", str(env)))
    result = subprocess.run(
        ["systemd-analyze", "verify", *UNITS], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Unknown" not in result.stderr and "not executable" not in result.stderr, result.stderr


def test_the_office_work_goes_to_its_own_workers_below_the_scans_priority():
    """Issue 29: prints, spreadsheets, archives and imports on workers of their own (port 8001)
    at a lower CPU priority; everything else, the scans first, on the app's (8000)."""
    office = unit("workers-games-office.service")["Service"]
    app = unit("workers-games.service")["Service"]
    assert "--bind 127.0.0.1:8001" in office["ExecStart"] and "--bind 127.0.0.1:8000" in app["ExecStart"]
    assert int(office["Nice"]) > 0 and int(office["CPUWeight"]) < int(app["CPUWeight"])
    assert int(unit("workers-games-backup.service")["Service"]["CPUWeight"]) < int(app["CPUWeight"])
    nginx = (DEPLOY / "nginx-workers-games.conf").read_text()
    pattern, port = re.search(r"~(\S+) 127\.0\.0\.1:(\d+);", nginx).groups()
    assert port == "8001" and "proxy_pass http://$workers_games_pool;" in nginx
    caddy_pattern = re.search(r"@office path_regexp office (\S+)", (DEPLOY / "Caddyfile").read_text()).group(1)
    for regex in (pattern, caddy_pattern):
        assert all(re.search(regex, path) for path in HEAVY), regex
        assert not any(re.search(regex, path) for path in LIGHT), regex


def test_every_setting_in_the_environment_file_is_one_the_app_reads():
    keys = [
        line.split("=", 1)[0]
        for line in (DEPLOY / "workers-games.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    code = "\n".join(p.read_text() for p in [ROOT / "app.py", *(ROOT / "services" / "operations").glob("*.py")])
    unread = [k for k in keys if k not in code and k not in ("BACKUP_KEEP",)]  # BACKUP_KEEP: the unit reads it
    assert unread == []
    assert "BACKUP_KEEP" in (DEPLOY / "workers-games-backup.service").read_text()


def test_the_proxies_forward_the_client_and_allow_long_prints_and_uploads():
    nginx = (DEPLOY / "nginx-workers-games.conf").read_text()
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Request-ID"):
        assert f"proxy_set_header {header}" in nginx
    assert int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1)) >= 16  # MAX_CONTENT_LENGTH
    timeout = int(readme_gunicorn()[readme_gunicorn().index("--timeout") + 1])
    assert int(re.search(r"proxy_read_timeout (\d+)s;", nginx).group(1)) >= timeout
    assert "proxy_buffering off" in nginx  # a print's first page reaches the browser at once
    assert "return 301 https://" in nginx
    caddy = (DEPLOY / "Caddyfile").read_text()
    assert int(re.search(r"read_timeout (\d+)s", caddy).group(1)) >= timeout
    assert int(re.search(r"max_size (\d+)MB", caddy).group(1)) >= 16 and "flush_interval -1" in caddy
    assert caddy.count("{") == caddy.count("}") and nginx.count("{") == nginx.count("}")


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):  # pragma: no cover - where nginx is installed
    site = (DEPLOY / "nginx-workers-games.conf").read_text()
    site = re.sub(r"listen 443 ssl http2;", "listen 8443;", site).replace("listen [::]:443 ssl http2;", "")
    site = re.sub(r"\s*ssl_certificate(_key)? [^;]+;", "", site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid; events {{}} http {{ {site} }}")
    result = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_deploying_guide_walks_through_every_deploy_file():
    readme = (ROOT / "docs/deploying.md").read_text()
    section = readme[readme.index("## Deploying") : readme.index("## Security")]
    for path in DEPLOY.iterdir():
        assert f"deploy/{path.name}" in section, path.name
    for command in ("backup --out", "backup --verify", "restore ", "doctor", "/healthz", "systemctl enable --now"):
        assert command in section, command
