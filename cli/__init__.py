"""Command-line tools: ``flask --app app seed-demo`` and ``flask --app app create-user``."""

from __future__ import annotations

import json
import time

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import func, select
from werkzeug.serving import run_simple

from cli import demo, living, rehearsal
from extensions import db, writing
from models import CertificateKind, Person, PersonRole, UserRole
from printables.badges import LAYOUTS, badge_pdf_stream
from printables.certificates import certificate_pdf_stream
from services.accounts import auth
from services.badges import selection as badges
from services.certificates import issue as certificates
from services.certificates import printing
from services.errors import DomainError, RecordNotFound
from services.participation import reports as event_report
from services.participation import rules as participation
from services.results import board
from services.season import events


def _echo_logins(admin: tuple[str, str], organisers: list[tuple[str, str, str]]) -> None:
    click.echo(f"Quản trị:   {admin[0]} / {admin[1]}")
    click.echo("Cán bộ đơn vị (tên đăng nhập / mật khẩu):")
    for code, username, password in organisers:
        click.echo(f"  {code:<13} {username} / {password}")
    click.echo(
        "Trọng tài (nhập / xác nhận kết quả): "
        + ", ".join(f"{u} / {demo.DEMO_PASSWORD}" for u, _n in demo.DEMO_OFFICIALS)
    )
    click.echo(
        f"Tình nguyện viên (quét thẻ): {demo.DEMO_VOLUNTEERS[0][0]} / {demo.DEMO_PASSWORD} ({demo.DEMO_GATE}), "
        f"{demo.DEMO_VOLUNTEERS[1][0]} / {demo.DEMO_PASSWORD} ({demo.FESTIVAL_BOOTHS[0]}, ngày hội)"
    )


def _echo_living(alive) -> None:
    click.echo(
        f"Hội thao 2024 đang diễn ra: {alive.athletes} vận động viên, {alive.scans} lượt quét ở cổng,"
        f" {alive.finished} nội dung đã có kết quả; ngày hội: {alive.festival_workers} công nhân có tên."
    )


def _event_or_fail(slug: str):
    event = events.event_by_slug(slug)
    if event is None:
        raise click.ClickException(f"Không có sự kiện “{slug}”.")
    return event


def register_cli(app: Flask) -> None:
    from cli.operations import register_operations

    register_operations(app)

    @app.cli.command("seed-demo")
    @click.option("--people", default=0, show_default=True, help="Thêm N người giả lập (tên tiếng Việt).")
    @click.option(
        "--empty", is_flag=True, help="Chỉ đơn vị, sự kiện, nội dung, tài khoản: chưa có đăng ký, quét thẻ, kết quả."
    )
    def seed_demo_command(people: int, empty: bool) -> None:
        """Nạp dữ liệu mẫu Đắk Lắk 2024 vào cơ sở dữ liệu trống: hội thao đang diễn ra (mặc định)."""
        started = time.monotonic()
        with writing():
            try:
                summary = demo.seed_demo(people=people, entries=not empty)
                db.session.commit()
                alive = None if empty else living.seed_living()
            except DomainError as error:
                db.session.rollback()
                raise click.ClickException(error.message) from error
            db.session.commit()
        people = db.session.scalar(select(func.count()).select_from(Person))
        click.echo(f"Đã nạp dữ liệu mẫu: {len(summary.organisers)} đơn vị, {people} người.")
        if alive:
            _echo_living(alive)
        click.echo(f"({time.monotonic() - started:.1f} giây)")
        _echo_logins(summary.admin, summary.organisers)

    @app.cli.group("demo", invoke_without_command=True)
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", default=5000, show_default=True)
    @click.pass_context
    def demo_command(ctx: click.Context, host: str, port: int) -> None:
        """Tạo/cập nhật cơ sở dữ liệu, nạp dữ liệu mẫu nếu còn trống, rồi chạy ứng dụng.

        `demo play` chạy thử bốc thăm và kết quả cho một sự kiện."""
        if ctx.invoked_subcommand is not None:
            return
        upgrade()
        if demo.is_empty():
            started = time.monotonic()
            with writing():
                demo.seed_demo()
                db.session.commit()
                alive = living.seed_living()
            _echo_living(alive)
            click.echo(f"Đã nạp dữ liệu mẫu Đắk Lắk 2024 ({time.monotonic() - started:.1f} giây).")
        else:
            click.echo("Cơ sở dữ liệu đã có dữ liệu; giữ nguyên.")
        _echo_logins(
            (demo.DEMO_ADMIN, demo.DEMO_PASSWORD),
            [("LAK", "cb.lak", demo.DEMO_PASSWORD), ("...", "cb.<mã đơn vị viết thường>", demo.DEMO_PASSWORD)],
        )
        click.echo(f"\nMở trình duyệt: http://{host}:{port}/login   (Ctrl+C để dừng)")
        run_simple(host, port, app, threaded=True)

    @demo_command.command("play")
    @click.option("--event", "slug", required=True, help="Mã đường dẫn của sự kiện, ví dụ hoi-thao-2024.")
    @click.option("--seed", type=int, default=None, help="Số hạt ngẫu nhiên (chạy lại cho cùng kết quả).")
    @click.option("--by", "enterer", default=None, help="Trọng tài nhập (mặc định: tài khoản trọng tài đầu tiên).")
    @click.option("--confirm-by", "confirmer", default=None, help="Trọng tài xác nhận (mặc định: tài khoản thứ hai).")
    def demo_play_command(slug: str, seed: int | None, enterer: str | None, confirmer: str | None) -> None:
        """Bốc thăm mọi nội dung chưa bốc thăm, rồi nhập và xác nhận kết quả hợp lệ ngẫu nhiên
        cho mọi trận (để tập huấn trọng tài, trình diễn, tổng duyệt). Từ chối sự kiện đã có kết quả."""
        with writing():
            event = _event_or_fail(slug)
            try:
                first, second = rehearsal.officials_for_play(enterer, confirmer)
                report = rehearsal.play(event, first, second, seed)
            except DomainError as error:
                db.session.rollback()
                raise click.ClickException(error.message) from error
            db.session.commit()
        click.echo(
            f"Đã bốc thăm {len(report.drawn)} nội dung; nhập và xác nhận {report.matches} trận, "
            f"{report.performances} thành tích."
        )
        for name in report.skipped:
            click.echo(f"  Bỏ qua (chưa đủ 2 đội được duyệt): {name}")

    @app.cli.group("report")
    def report_group() -> None:
        """Báo cáo kết quả."""

    register_participation_report(report_group)

    @report_group.command("medals")
    @click.option("--event", "slug", required=True, help="Mã đường dẫn của sự kiện, ví dụ hoi-thao-2024.")
    @click.option("--json", "as_json", is_flag=True, help="In JSON: theo mã đơn vị: gold, silver, bronze, rank.")
    def report_medals_command(slug: str, as_json: bool) -> None:
        """Bảng tổng sắp huy chương và xếp hạng toàn đoàn."""
        view = board.event_results(_event_or_fail(slug))
        overall = {t.unit_id: t for t in view.overall}
        if as_json:
            out = {
                view.units[t.unit_id].code: {
                    "gold": t.gold,
                    "silver": t.silver,
                    "bronze": t.bronze,
                    "medal_rank": t.rank,
                    "rank": overall[t.unit_id].rank,
                    "points": overall[t.unit_id].points,
                }
                for t in view.medal_table
            }
            click.echo(json.dumps(out, ensure_ascii=False, indent=2))
            return
        click.echo(f"BẢNG TỔNG SẮP HUY CHƯƠNG – {view.event.name}")
        click.echo(f"{'#':>3}  {'Mã':<13}{'Vàng':>5}{'Bạc':>5}{'Đồng':>5}  Đơn vị")
        for t in view.medal_table:
            unit = view.units[t.unit_id]
            click.echo(f"{t.rank:>3}  {unit.code:<13}{t.gold:>5}{t.silver:>5}{t.bronze:>5}  {unit.name}")
        click.echo("\nXẾP HẠNG TOÀN ĐOÀN")
        for t in view.overall:
            points = f"{t.points:>5} điểm  " if view.event.overall_rule.value == "points" else ""
            click.echo(f"{t.rank:>3}  {view.units[t.unit_id].code:<13}{points}{view.units[t.unit_id].name}")
        if view.overall_left_out:
            click.echo("Không tính vào toàn đoàn: " + ", ".join(view.overall_left_out))

    @app.cli.group("media")
    def media_group() -> None:
        """Ảnh và video của các đơn vị."""

    @media_group.command("clean")
    def media_clean_command() -> None:
        """Xoá các tệp gửi dở đã bỏ quá 24 giờ và tệp tạm mồ côi quá 1 giờ (ví dụ sau khi đầy đĩa)."""
        from services.media import uploads

        with writing():
            removed = uploads.clean_stale()
            db.session.commit()
        orphans = uploads.clean_orphans()
        click.echo(f"Đã xoá {removed} tệp gửi dở quá 24 giờ và {orphans} tệp tạm mồ côi quá 1 giờ.")

    @app.cli.command("create-user")
    @click.option("--username", required=True)
    @click.option("--password", required=True)
    @click.option("--role", required=True, type=click.Choice([r.value for r in UserRole]))
    @click.option("--unit", "unit_code", default=None, help="Mã đơn vị (bắt buộc với organiser).")
    @click.option("--full-name", default="")
    def create_user_command(username: str, password: str, role: str, unit_code: str | None, full_name: str) -> None:
        """Tạo tài khoản không cần tương tác."""
        try:
            hashed = auth.hash_password(password)  # before the write lock: scrypt takes ~0.1 s
        except DomainError as error:
            raise click.ClickException(error.message) from error
        with writing():
            try:
                unit = auth.unit_by_code(unit_code) if unit_code else None
                user = auth.save_user(
                    None, username=username, role=role, unit=unit, password=password, full_name=full_name, hashed=hashed
                )
            except DomainError as error:
                db.session.rollback()
                raise click.ClickException(error.message) from error
            db.session.commit()
        click.echo(f"Đã tạo tài khoản {user.username} ({user.role.value}).")

    @app.cli.group("print")
    def print_group() -> None:
        """In thẻ, giấy chứng nhận… ra tệp PDF."""

    @print_group.command("badges")
    @click.option("--event", "slug", required=True, help="Mã đường dẫn của sự kiện, ví dụ hoi-thao-2024.")
    @click.option("--unit", "unit_code", default=None, help="Chỉ in cho một đơn vị (mã đơn vị).")
    @click.option("--competition", "competition_id", type=int, default=None, help="Chỉ in cho một nội dung (số id).")
    @click.option("--role", type=click.Choice([r.value for r in PersonRole]), default=None)
    @click.option("--layout", type=click.Choice(LAYOUTS), default="a6", show_default=True)
    @click.option("--include-unapproved", is_flag=True, help="In cả người của đơn vị chưa được duyệt đăng ký.")
    @click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, writable=True))
    def print_badges_command(slug, unit_code, competition_id, role, layout, include_unapproved, out_path) -> None:
        """In thẻ có mã QR (A6 mỗi trang một thẻ, hoặc A4 tám thẻ có dấu cắt)."""
        with writing():  # the badges issued; the drawing after holds no write lock
            event = _event_or_fail(slug)
            try:
                selection = badges.selection_of(
                    event,
                    unit=auth.unit_by_code(unit_code) if unit_code else None,
                    competition_id=competition_id,
                    role=role,
                    include_unapproved=include_unapproved,
                )
                data = badges.prepare(selection)
            except DomainError as error:
                db.session.rollback()
                raise click.ClickException(error.message) from error
            except RecordNotFound as error:
                raise click.ClickException(f"Sự kiện không có nội dung số {competition_id}.") from error
            db.session.commit()
        with open(out_path, "wb") as out:
            for piece in badge_pdf_stream(data, layout):
                out.write(piece)
        click.echo(f"Đã in {len(data)} thẻ ({layout}) vào {out_path}.")
        left = badges.left_out_text(badges.left_out(selection))
        if left:
            click.echo(left + " Thêm --include-unapproved để in cả những người này.")

    _register_certificate_printing(print_group)


def _register_certificate_printing(print_group) -> None:
    @print_group.command("certificates")
    @click.option("--event", "slug", required=True, help="Mã đường dẫn của sự kiện, ví dụ hoi-thao-2024.")
    @click.option("--unit", "unit_code", default=None, help="Chỉ in cho một đơn vị (mã đơn vị).")
    @click.option("--kind", type=click.Choice([k.value for k in CertificateKind]), default=None)
    @click.option("--base-url", default=None, help="Địa chỉ trang kiểm tra in trong mã QR (mặc định: PUBLIC_URL).")
    @click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, writable=True))
    def print_certificates_command(slug, unit_code, kind, base_url, out_path) -> None:
        """In giấy chứng nhận tham gia / đạt giải (A4 ngang, số hiệu và mã QR kiểm tra)."""
        event = _event_or_fail(slug)
        if not (base_url or current_app.config["PUBLIC_URL"]):
            click.echo(
                "Cảnh báo: chưa đặt PUBLIC_URL (hay --base-url): mã QR trên giấy sẽ trỏ về http://127.0.0.1:5000,"
                " người nhận không mở được trang kiểm tra.",
                err=True,
            )
        base_url = base_url or current_app.config["PUBLIC_URL"] or "http://127.0.0.1:5000"
        with writing():  # the serials issued; the drawing after holds no write lock
            try:
                unit = auth.unit_by_code(unit_code) if unit_code else None
                data = printing.prepare(event, base_url, unit=unit, kind=CertificateKind(kind) if kind else None)
            except DomainError as error:
                db.session.rollback()
                raise click.ClickException(error.message) from error
            background = certificates.style_of(event).background
            db.session.commit()
        with open(out_path, "wb") as out:
            for piece in certificate_pdf_stream(data, background):
                out.write(piece)
        click.echo(f"Đã in {len(data)} giấy chứng nhận vào {out_path}.")


def register_participation_report(report_group) -> None:
    @report_group.command("participation")
    @click.option("--event", "slug", required=True, help="Mã đường dẫn của sự kiện, ví dụ hoi-thao-2024.")
    @click.option("--json", "as_json", is_flag=True, help="In JSON: theo mã đơn vị, và tỉ lệ chung.")
    def report_participation_command(slug: str, as_json: bool) -> None:
        """Đơn vị đã đăng ký, có mặt, còn thiếu (chỉ tiêu 100%)."""
        part = participation.event_participation(_event_or_fail(slug))
        if as_json:

            def unit(line):
                return {
                    "name": line.unit.name,
                    "counts": line.unit.counts_for_participation,
                    "state": line.state.value,
                    "registered": line.registered,
                    "present": line.state == participation.State.PRESENT,
                    "competitions": line.competitions,
                    "people": line.people + line.head_count,
                    "people_present": line.present,
                }

            out = {
                "event": part.event.slug,
                "counting_units": len(part.counting),
                "registered": part.registered,
                "present": part.present,
                "registered_percent": part.registered_percent,
                "present_percent": part.present_percent,
                "complete": part.complete,
                "units": {line.unit.code: unit(line) for line in part.counting + part.others},
            }
            click.echo(json.dumps(out, ensure_ascii=False, indent=2))
            return
        click.echo(f"THAM GIA – {part.event.name}")
        click.echo(event_report.summary(part))
        for line in part.counting:
            click.echo(f"  {line.unit.code:<13}{event_report.state_label(line.state):<28}{line.unit.name}")
        if part.to_remind:
            click.echo("Cần liên hệ:")
            for line in part.to_remind:
                click.echo(f"  {line.unit.code:<13}{line.unit.contact_name or '—'}  {line.unit.phone or '—'}")
        if part.others:
            click.echo("Không tính vào chỉ tiêu: " + ", ".join(line.unit.code for line in part.others))
