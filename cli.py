"""Command-line tools: ``flask --app app seed-demo`` and ``flask --app app create-user``."""

from __future__ import annotations

import click
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from extensions import db
from models import UserRole
from services import auth, demo
from services.errors import DomainError


def _echo_logins(admin: tuple[str, str], organisers: list[tuple[str, str, str]]) -> None:
    click.echo(f"Quản trị:   {admin[0]} / {admin[1]}")
    click.echo("Cán bộ đơn vị (tên đăng nhập / mật khẩu):")
    for code, username, password in organisers:
        click.echo(f"  {code:<13} {username} / {password}")


def register_cli(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--people", default=0, show_default=True, help="Thêm N người giả lập (tên tiếng Việt).")
    def seed_demo_command(people: int) -> None:
        """Nạp dữ liệu mẫu Đắk Lắk 2024 vào cơ sở dữ liệu trống."""
        try:
            summary = demo.seed_demo(people=people)
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from error
        db.session.commit()
        click.echo(f"Đã nạp dữ liệu mẫu: {len(summary.organisers)} đơn vị, {summary.people} người.")
        _echo_logins(summary.admin, summary.organisers)

    @app.cli.command("demo")
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", default=5000, show_default=True)
    def demo_command(host: str, port: int) -> None:
        """Tạo/cập nhật cơ sở dữ liệu, nạp dữ liệu mẫu nếu còn trống, rồi chạy ứng dụng."""
        upgrade()
        if demo.is_empty():
            demo.seed_demo()
            db.session.commit()
            click.echo("Đã nạp dữ liệu mẫu Đắk Lắk 2024.")
        else:
            click.echo("Cơ sở dữ liệu đã có dữ liệu; giữ nguyên.")
        _echo_logins(
            (demo.DEMO_ADMIN, demo.DEMO_PASSWORD),
            [("LAK", "cb.lak", demo.DEMO_PASSWORD), ("...", "cb.<mã đơn vị viết thường>", demo.DEMO_PASSWORD)],
        )
        click.echo(f"\nMở trình duyệt: http://{host}:{port}/login   (Ctrl+C để dừng)")
        run_simple(host, port, app, threaded=True)

    @app.cli.command("create-user")
    @click.option("--username", required=True)
    @click.option("--password", required=True)
    @click.option("--role", required=True, type=click.Choice([r.value for r in UserRole]))
    @click.option("--unit", "unit_code", default=None, help="Mã đơn vị (bắt buộc với organiser).")
    @click.option("--full-name", default="")
    def create_user_command(username: str, password: str, role: str, unit_code: str | None, full_name: str) -> None:
        """Tạo tài khoản không cần tương tác."""
        try:
            unit = auth.unit_by_code(unit_code) if unit_code else None
            user = auth.save_user(None, username=username, role=role, unit=unit, password=password, full_name=full_name)
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from error
        db.session.commit()
        click.echo(f"Đã tạo tài khoản {user.username} ({user.role.value}).")
