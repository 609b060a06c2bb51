"""Running a season: ``backup``, ``restore`` and ``doctor`` (services/operations/)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask

from services.operations import archive, backup, doctor, restore

MB = 1024 * 1024


def _progress():
    """A line on stderr at most every 2 s while media files are copied (large videos)."""
    last = [0.0]

    def report(done: int, total: int, done_bytes: int, total_bytes: int) -> None:
        now = time.monotonic()
        if now - last[0] < 2 and done != total:
            return
        last[0] = now
        click.echo(f"  ảnh/video: {done}/{total} tệp, {done_bytes / MB:.1f}/{total_bytes / MB:.1f} MB", err=True)

    return report


def _fail(error) -> click.ClickException:
    return click.ClickException(getattr(error, "message", str(error)))


def _echo_rows(rows: dict[str, int]) -> None:
    total = sum(n for name, n in rows.items() if name != "alembic_version")
    click.echo(f"  cơ sở dữ liệu: {len(rows)} bảng, {total} dòng")
    for name, count in rows.items():
        if count and name != "alembic_version":
            click.echo(f"    {name:<22} {count}")


KEY_OPTION = click.option(
    "--key-file",
    "key_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Tệp khoá ký bản sao lưu; mặc định BACKUP_KEY_FILE (instance/backup.key).",
)


def register_operations(app: Flask) -> None:
    @app.cli.command("backup")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Tệp sao lưu (.tar) sẽ tạo.")
    @click.option(
        "--dir",
        "folder",
        type=click.Path(file_okay=False, path_type=Path),
        help="Thư mục sao lưu: tạo workers-games-<giờ>.tar trong đó (dùng với --keep, --scheduled).",
    )
    @click.option("--keep", type=click.IntRange(min=1), default=None, help="Với --dir: giữ N bản mới nhất.")
    @click.option(
        "--scheduled", is_flag=True, help="Với --dir: mỗi giờ trong ngày diễn ra sự kiện, ngày khác mỗi ngày một bản."
    )
    @click.option(
        "--verify", "verify", type=click.Path(dir_okay=False, path_type=Path), help="Chỉ kiểm tra một bản sao lưu."
    )
    @KEY_OPTION
    def backup_command(out, folder, keep, scheduled, verify, key_file) -> None:
        """Sao lưu cơ sở dữ liệu và ảnh/video vào một tệp, trong khi ứng dụng vẫn chạy."""
        if verify:
            try:
                manifest = archive.verify(verify, backup.backup_key(key_file))
            except (backup.BackupError, archive.ArchiveError) as error:
                raise _fail(error) from error
            database = manifest["database"]
            click.echo(f"Bản sao lưu hợp lệ: {verify}")
            click.echo(f"  tạo lúc {manifest['created_at']}, phiên bản {manifest['app_version']}")
            click.echo(
                f"  {database['kind']}, lược đồ {database['revision']}, chữ ký đúng,"
                f" {len(manifest['files'])} tệp đã khớp SHA-256"
            )
            _echo_rows(database["rows"])
            return
        if bool(out) == bool(folder):
            raise click.UsageError("Cần đúng một trong --out FILE hoặc --dir DIR (hoặc --verify FILE).")
        if (keep or scheduled) and not folder:
            raise click.UsageError("--keep và --scheduled dùng với --dir.")
        now = datetime.now(UTC)
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
            if scheduled and not backup.due(folder, now):
                click.echo("Chưa đến lúc sao lưu (ngoài ngày sự kiện: mỗi ngày một bản).")
                return
            out = folder / backup.backup_name(now)
        if key_file:
            app.config["BACKUP_KEY_FILE"] = str(key_file)
        try:
            summary = backup.take_backup(out, progress=_progress())
        except (backup.BackupError, archive.ArchiveError) as error:
            raise _fail(error) from error
        size = summary.path.stat().st_size
        click.echo(f"Đã sao lưu vào {summary.path} ({size / MB:.1f} MB, {summary.seconds:.1f} giây)")
        click.echo(
            f"  {summary.kind}, lược đồ {summary.revision}; ảnh/video: {summary.media_files} tệp, {summary.media_bytes / MB:.1f} MB"
        )
        _echo_rows(summary.rows)
        if folder and keep:
            for path in backup.rotate(folder, keep):
                click.echo(f"  đã xoá bản cũ {path.name}")

    @app.cli.command("restore")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--into", "into", default=None, help="Cơ sở dữ liệu đích (DATABASE_URL); mặc định của ứng dụng.")
    @click.option("--media", "media", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Thư mục ảnh/video đích; mặc định MEDIA_ROOT.")  # fmt: skip
    @click.option(
        "--force", is_flag=True, help="Thay cơ sở dữ liệu và thư mục ảnh/video đang có dữ liệu (bản cũ giữ bên cạnh)."
    )
    @KEY_OPTION
    def restore_command(file, into, media, force, key_file) -> None:
        """Khôi phục một bản sao lưu (dừng dịch vụ trước): kiểm tra, dựng bên cạnh, đối chiếu, thay."""
        from app import create_app, normalise_database_url

        def app_for(url: str) -> Flask:
            return create_app({"SQLALCHEMY_DATABASE_URI": url, "MEDIA_ROOT": app.config["MEDIA_ROOT"]})

        target = app_for(normalise_database_url(into)) if into else app
        with app.app_context():
            try:
                key = backup.backup_key(key_file)
            except backup.BackupError as error:
                raise _fail(error) from error
        with target.app_context():
            try:
                report = restore.restore(file, key, app_for, media_root=media, force=force, progress=_progress())
            except (backup.BackupError, archive.ArchiveError) as error:
                unchanged = "Cơ sở dữ liệu và thư mục ảnh/video đích vẫn như trước khi chạy lệnh."
                raise click.ClickException(f"{error.message}\n{unchanged}") from error
        click.echo(f"Đã khôi phục {file} (sao lưu lúc {report.created_at}) vào {report.into}:")
        _echo_rows(report.rows)
        click.echo(f"  ảnh/video: {report.media_files} tệp, {report.media_bytes / MB:.1f} MB, đã khớp SHA-256")
        click.echo(f"  lược đồ: {report.revision} → {report.upgraded_to}")
        for kept in report.kept:
            click.echo(f"  dữ liệu trước khi khôi phục giữ ở: {kept} (xoá khi đã kiểm tra xong)")

    @app.cli.command("doctor")
    def doctor_command() -> None:
        """Kiểm tra cấu hình triển khai và in những việc cần sửa."""
        findings = doctor.diagnose()
        for f in findings:
            click.echo(f"[{f.level:<4}] {f.topic}: {f.text}")
        failed = [f for f in findings if f.level == doctor.FAIL]
        warned = [f for f in findings if f.level == doctor.WARN]
        click.echo(f"\n{len(failed)} lỗi, {len(warned)} cảnh báo.")
        if failed:
            sys.exit(1)
