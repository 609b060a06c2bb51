"""Check-in at venues: one mechanism for gates, halls and booths.

- outcomes.py: ``ScanOutcome``, every outcome a scan can have, spelled once (API, OpenAPI,
  the scanner's JavaScript through ``for_client``);
- rules.py: the check-in policy, pure: ``refusal`` (hours, roles, units, competitions),
  ``slot_for`` (once, once a day, unlimited), ``repeat_outcome``;
- store.py: ``judge_scan`` (reads only) and ``store_scan`` (exactly once per client_scan_id,
  one admission per slot, also under races); steps.py: the SQL and steps that write a judged
  scan; journal.py (SQLite): scans kept aside while a long write holds the lock, moved in after;
- devices.py: phones signed in to a checkpoint: ``create_device``, ``device_context``, ``revoke_device``;
- checkpoints.py: ``save_checkpoint`` and lookups; attendance.py and figures.py: who is in;
- offline.py: the phone's ``offline_list`` and ``search_people``;
- rawdb.py, dbwrite.py: the scan path's own connections, and the queue every SQLite writer
  of the app takes its turn in.
"""
