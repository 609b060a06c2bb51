from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo

from blueprints.forms import BaseForm


class LoginForm(BaseForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập."))])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Nhập mật khẩu."))])


class SetPasswordForm(BaseForm):
    password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(_l("Nhập mật khẩu mới."))])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu"),
        validators=[EqualTo("password", _l("Hai lần nhập mật khẩu không khớp."))],
    )
