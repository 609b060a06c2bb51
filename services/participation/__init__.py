"""The 100% target.

- rules.py: who counts and their state per event (``event_participation``), the season
  matrix (``season_matrix``), reminders (``reminder``, ``email_reminders``);
- reports.py: the call list, participation and booth sections, the final report, as plain
  sections shared by the PDF and the Excel file;
- mailer.py: ``configured``, ``send`` (SMTP from the app's settings).
"""
