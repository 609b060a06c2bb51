"""Domain errors raised by services and turned into messages by views."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken; ``message`` is Vietnamese (or translated) text for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationErrors(DomainError):
    """Several problems found at once (e.g. an imported file); nothing was saved."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


class RecordNotFound(Exception):
    """An id that is not the caller's to use (another unit's person, say): answered with 404.

    Not a DomainError: it is no rule to explain on the form, and nothing is saved.
    """
