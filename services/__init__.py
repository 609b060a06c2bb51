"""Use cases and domain rules, one package per part of the product (no Flask request inside:
views parse, services decide and ``flush()``, views commit).

- accounts/      logins, passwords, set-password links, accounts
- season/        seasons, events and venues, member units, competitions (the set-up)
- registration/  people, entries, a unit's registration and its status, eligibility, roster Excel
- badges/        signed badge tokens and short codes, whom to print badges for
- checkin/       checkpoints, devices, the check-in rules, recording a scan, figures, offline list
- results/       plans and draws, fixtures, results entry and confirmation, scoring, standings,
                 places, the "results changed" step, the board's read model, printed sheets
- certificates/  who gets which certificate, serials, following the results
- participation/ the 100% target, reminders, the call list and final report
- media/         post-event photos and videos: what a file is, the 5-photo / 3-minute rule, uploads

Shared helpers stay small at the top: ``errors`` (DomainError, RecordNotFound), ``text``
(NFC, Vietnamese name order), ``audit``, ``lookup``, ``i18n`` (dates and time zone),
``labels`` (translated names of stored values), ``spreadsheets`` (reading and writing .xlsx).
"""
