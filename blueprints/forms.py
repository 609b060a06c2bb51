"""Base form: WTForms' own messages in Vietnamese (WTForms ships no Vietnamese catalogue)."""

from __future__ import annotations

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

# WTForms' built-in messages we meet, with our translation (msgids are Vietnamese).
_BUILTIN = {
    "This field is required.": _l("Trường này không được để trống."),
    "Not a valid date value.": _l("Ngày không hợp lệ (dạng ngày/tháng/năm)."),
    "Not a valid datetime value.": _l("Thời điểm không hợp lệ."),
    "Not a valid integer value.": _l("Phải là một số nguyên."),
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "Invalid email address.": _l("Địa chỉ email không hợp lệ."),
    "The CSRF token is missing.": _l("Phiên làm việc đã hết hạn, vui lòng tải lại trang."),
    "The CSRF token is invalid.": _l("Phiên làm việc đã hết hạn, vui lòng tải lại trang."),
    "The CSRF token has expired.": _l("Phiên làm việc đã hết hạn, vui lòng tải lại trang."),
}


class _Translations:
    def gettext(self, string):
        return str(_BUILTIN[string]) if string in _BUILTIN else gettext(string)

    def ngettext(self, singular, plural, n):
        return ngettext(singular, plural, n)


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _Translations()

    def apply_error(self, error) -> None:
        """Show a service's DomainError on its field (or on the form as a whole)."""
        field = getattr(self, error.field, None) if error.field else None
        if field is not None:
            field.errors = list(field.errors) + [error.message]
        else:
            self.form_errors.append(error.message)
