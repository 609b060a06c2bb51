"""Online team registration by the units' organisers.

- eligibility.py: every registration rule, pure (age bands, gender make-up, team size,
  entries per unit, competitions per athlete, union card, the same person twice, deadlines);
- inputs.py: ``PersonData`` (a person as typed) and ``Problem`` (a broken rule);
- registrations.py: ``registration_for``, ``ensure_open``, ``check_open``, ``closed_reason``;
- statuses.py: the registration's status changes in one place: ``submit``, ``approve``,
  ``return_for_changes``, ``set_reopened``, ``set_head_count``;
- persons.py: ``save_person``, ``delete_person``, ``person_of_unit``, ``event_people``;
- teams.py: entries (a team, a pair, a single): ``save_entry``, ``delete_entry``, ``entry_of_unit``;
- roster.py: the whole roster: ``unit_roster``, ``check_roster``, ``plan_roster`` / ``apply_roster``, overviews;
- roster_template.py / roster_import.py: the unit's Excel template (``unit_workbook``) and
  reading it back all or nothing (``read_roster``, ``import_roster``);
- exports.py: flat .xlsx / CSV exports; workspace.py: an organiser's overview.
"""
