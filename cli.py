"""Command-line tools: ``flask --app app seed-demo`` and ``flask --app app create-user``."""

from __future__ import annotations

import click
from flask import Flask

from extensions import db
from models import UserRole
from services import auth, demo
from services.errors import DomainError


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
        click.echo(f"Quản trị:   {summary.admin[0]} / {summary.admin[1]}")
        click.echo("Cán bộ đơn vị (tên đăng nhập / mật khẩu):")
        for code, username, password in summary.organisers:
            click.echo(f"  {code:<13} {username} / {password}")

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
