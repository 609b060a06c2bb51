"""Competitions from the draw to the medal table.

- planning.py: the plan (format, preset, points, tie-breakers): ``default_plan``, ``save_plan``,
  ``set_officials``;
- drawing.py: ``make_draw`` (recorded seed), ``swap_entries``, ``publish``, seeds, ``record_lots``;
  draws.py and brackets.py: the pure draw algorithms;
- fixtures.py: ``save_fixture``, ``schedule_matches``;
- recording.py: ``enter_result``, ``confirm_result`` (a second official), ``clear_result``,
  ``replay``, performances, whole heat sheets (``enter_heat``, ``confirm_heat``),
  ``history``; scoring.py: what score each sport allows;
- heats.py: heats and a final for ranked events, marks to the hundredth (pure); finish.py: a
  race's times read from its finish line's scans, team scores;
- follow_up.py: the one "results changed" step (``results_changed``): knockout slots and
  award certificates follow confirmed results, from the competition's own places;
- standings.py: points and tie-breakers (pure); placements.py: places, medal table, overall
  ranking (pure); tally.py: an event's places and medals from its results;
- board.py: the public board's read model (``event_results``, fixed number of queries);
  display.py: round names, match titles, scores as text; sheets.py: schedule, result sheet
  and medal table as plain data for printables; archive.py: the Excel of all results.
"""
