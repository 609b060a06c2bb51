"""Flask extensions, created unbound and initialised in ``create_app``."""

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
