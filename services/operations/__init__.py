"""Running the app for a season on one server: backups, restores and checks.

- archive.py: the backup file itself (a tar: the database, the media, a manifest with the
  SHA-256 of every file and the row count of every table), written and checked; no Flask;
- backup.py: ``take_backup`` (SQLite through the online backup API, PostgreSQL through
  ``pg_dump -Fc`` in one snapshot with the row counts), ``scheduled`` rotation;
- restore.py: ``restore`` into an empty database (SQLite file, ``pg_restore``, or rows copied
  from a SQLite backup into PostgreSQL) and media folder, checked against the manifest;
- health.py: what ``GET /healthz`` answers (database, migrations, media folder, disk);
- doctor.py: a deployment's settings checked, each with what to fix.
"""
