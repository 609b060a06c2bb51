"""The season's set-up, edited by the federation year by year.

- events.py: ``save_season``, ``save_event``, ``save_venue``, ``event_or_not_found``,
  ``event_overview`` (units' people, entries and registration per event), overall points;
- units.py: member units, ``unit_by_code`` / ``unit_or_not_found`` (the one lookup by code,
  one normalisation), ``save_unit``, ``import_units`` (.xlsx/.csv, all or nothing);
- competitions.py: sports and competitions with their rules, ``competition_of_event``.
"""
