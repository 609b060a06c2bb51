"""What waits for each role, where they land after logging in:

- admin.py: the federation's dashboard (registrations to review, results to confirm, ties
  to decide, units that have to act, unfinished uploads), with counts;
- official.py: "việc của tôi" (results waiting for my confirmation, matches to enter today,
  the next match of a competition);
- organiser.py: a unit's next step per event (deadline, state, what to do).
Fixed numbers of queries; no request inside.
"""
