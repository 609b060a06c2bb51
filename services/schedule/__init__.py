"""Planning the whole event at once.

- problem.py: the problem as plain data (courts and their hours, matches, who may play them,
  what must be over first), ``STEP`` the solver's clock;
- solver.py: ``solve`` on OR-Tools CP-SAT, with greedy.py's first fit as its start;
- windows.py: when a match may start on a court (hours, closures, now, the final's session);
- reasons.py: why an event does not fit, in Vietnamese;
- check.py: ``check``, every hard rule counted independently of the solver;
- event.py: an event built into a problem (``build``), planned and written (``plan_event``),
  ``overview``; opening hours parsed (``parse_hours``);
- venues.py: a venue's courts and hours as the admin types them.
"""
