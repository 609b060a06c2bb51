"""QR badges.

- tokens.py: unguessable tokens signed with the app's secret and typeable short codes;
  ``check`` (valid, forged, unknown, revoked, other event), ``issue_missing``, ``reissue``;
- selection.py: whom to print for (``selection_of``: event, unit, competition, role) and the
  plain badge data for printables (``prepare``).
"""
