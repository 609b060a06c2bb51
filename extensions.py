"""Flask extensions, created unbound and initialised in ``create_app``."""

from contextlib import contextmanager

from flask import g
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def writes_on_get(view):
    """Marks a view that writes although asked with GET (a print issues badges or serials):
    on SQLite its transaction takes the write lock up front, as a POST's does (app.py)."""
    view.writes_on_get = True
    return view


def reads_first(view):
    """Marks a POST view that reads and checks at length before it writes (a roster file):
    on SQLite its transactions take no write lock, so other writers (the scans) are not held
    up meanwhile, except inside ``with writing():`` (app.py)."""
    view.reads_first = True
    return view


@contextmanager
def writing():
    """In a ``reads_first`` view, around the writing and its commit: ends the reading
    transaction (nothing was written) so that the next one takes the write lock; what it read
    is read again in it. On the command line, around what a command reads and writes: there
    transactions take no write lock otherwise (app.py ``_sqlite_begin``)."""
    db.session.rollback()
    g.writing = True
    try:
        yield
    finally:
        g.writing = False
