"""Every blueprint is registered here, and the Vietnamese error pages."""

from __future__ import annotations

import contextlib
import importlib
import pkgutil

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import Forbidden
from werkzeug.routing import IntegerConverter

from blueprints import bodies, request_log
from extensions import csrf, db
from services import policy as may
from services.errors import UNREACHABLE, DiskFull, DomainError, RecordNotFound, disk_full
from services.lookup import MAX_ID

RETRY_AFTER_SECONDS = 5


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` in every route: an id no table can hold does not match, so it is a 404
    instead of an integer the database refuses (a 500)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _import_views(package) -> None:
    """Every ``*views`` module of a blueprint's package: a new area's module is found, never
    forgotten (its routes would silently be missing)."""
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.endswith("views"):
            importlib.import_module(f"{package.__name__}.{module.name}")


def register_blueprints(app: Flask) -> None:
    import blueprints.admin
    import blueprints.results
    import blueprints.units

    _import_views(blueprints.admin)  # each area's module adds its routes to the admin blueprint
    _import_views(blueprints.units)
    _import_views(blueprints.results)
    from blueprints.admin.views import bp as admin_bp
    from blueprints.api.views import bp as api_bp
    from blueprints.auth.views import bp as auth_bp
    from blueprints.board.views import bp as board_bp
    from blueprints.health import bp as health_bp
    from blueprints.main.views import bp as main_bp
    from blueprints.results.views import bp as results_bp
    from blueprints.scanner.views import bp as scanner_bp
    from blueprints.units.views import bp as units_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(units_bp, url_prefix="/units")
    csrf.exempt(api_bp)  # bearer-token JSON, no cookies: nothing for CSRF to protect
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(scanner_bp, url_prefix="/scan")
    app.register_blueprint(results_bp, url_prefix="/results")
    app.register_blueprint(board_bp, url_prefix="/board")
    app.add_template_global(may, "may")  # templates ask the access rules: may.decide_registration(current_user)
    _register_error_pages(app)
    bodies.guard(app)


API_ERRORS = {
    400: _l("Yêu cầu không hợp lệ."),
    401: _l("Thiết bị chưa đăng nhập hoặc đã bị thu hồi. Hãy quét lại mã QR của điểm quét."),
    403: _l("Không có quyền."),
    404: _l("Không tìm thấy."),
    405: _l("Phương thức không được hỗ trợ."),
    413: _l("Dữ liệu gửi lên quá lớn."),
    503: _l("Máy chủ tạm thời không kết nối được cơ sở dữ liệu; hãy gửi lại sau ít giây."),
    507: _l("Máy chủ hết chỗ lưu; chưa lưu gì."),
    500: _l("Lỗi hệ thống; dữ liệu chưa được lưu."),
}


def _api(code: int):
    """Under /api/ every error is JSON in the API's schema ({"error": …}), never an HTML page;
    a 500 carries the request id the log line has (blueprints/request_log.py)."""
    body = {"error": str(API_ERRORS.get(code, API_ERRORS[400]))}
    if code == 500 and request_log.request_id():
        body["request_id"] = request_log.request_id()
    return jsonify(body), code


def _register_error_pages(app: Flask) -> None:
    def page(code: int):
        def handler(error):
            if request.path.startswith("/api/"):
                return _api(code)
            if code == 500:
                db.session.rollback()  # whatever failed, the error page runs on a clean session
            why = getattr(error, "description", None) if code == 403 else None
            if why == Forbidden.description:  # Werkzeug's own words: ours say what to do, or nothing
                why = None
            return render_template(f"errors/{code}.html", request_id=request_log.request_id(), why=why), code

        return handler

    for code in (403, 404, 500):
        app.register_error_handler(code, page(code))

    for code in (400, 401, 405):
        app.register_error_handler(
            code, lambda error, code=code: _api(code) if request.path.startswith("/api/") else error
        )

    @app.errorhandler(RecordNotFound)
    def not_yours(error):
        """An id that is not the caller's (another unit's person or entry): as if it did not exist."""
        if request.path.startswith("/api/"):
            return _api(404)
        return render_template("errors/404.html"), 404

    @app.errorhandler(DomainError)
    def refused(error):
        """A service's refusal that no view caught (a view shows it on its form): a 400 with
        its message, the session rolled back, never a 500."""
        db.session.rollback()
        if request.path.startswith("/api/"):
            return _api(400)
        return render_template("errors/400.html", message=error.message), 400

    def unreachable(error):
        """The database cannot be reached (a restart, a dropped connection, SQLite busy past
        its timeout): 503 with Retry-After, never a 500; a scanning phone keeps the scan and
        sends it again (static/js/scanner.js)."""
        current_app.logger.warning("database unavailable: %s", str(error).splitlines()[0][:200])
        with contextlib.suppress(Exception):  # the connection is gone: nothing to roll back
            db.session.rollback()
        if request.path.startswith("/api/"):
            answer = jsonify({"error": str(API_ERRORS[503])})
        else:
            answer = make_response(render_template("errors/503.html"))
        answer.status_code = 503
        answer.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return answer

    for kind in UNREACHABLE:
        app.register_error_handler(kind, unreachable)

    @app.errorhandler(OSError)
    def no_room(error):
        """A write the disk had no room for, wherever it happened: 507 with what to do."""
        if not disk_full(error):
            raise error
        db.session.rollback()
        if request.path.startswith("/api/"):
            return _api(507)
        return render_template("errors/507.html", message=DiskFull().message), 507

    @app.errorhandler(413)
    def too_large(error):
        if request.path.startswith("/api/"):
            return _api(413)
        return render_template("errors/413.html"), 413

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/csrf.html"), 400
