"""A second baseline for benchmarks/checkin_load.py (--floor): what a scan's storage work
costs on the same server without the app around it.

A bare Flask endpoint runs the statements a scan cannot do without, the app's own SQL on
one driver connection per worker: the device, the badge's holder, then the scan row and its
admission in one transaction (on PostgreSQL the app's one-statement write). No rules,
translations, input checks or idempotent answers. The app's rps against this one says how
much of a scan is the app and how much the database.
"""

import hashlib
import json
import os
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from sqlalchemy import create_engine

from app import normalise_database_url  # also the SQLite pragmas the app's connections get
from services.badges.tokens import BY_TOKEN_SQL, ID_LENGTH
from services.checkin.dbwrite import serialised_write
from services.checkin.devices import _DEVICE_SQL
from services.checkin.rawdb import _SQLITE_DATETIME, _pyformat
from services.checkin.steps import INSERT_CHECK_IN, INSERT_SCAN, STORE_AT_ONCE

app = Flask(__name__)
_engine = create_engine(normalise_database_url(os.environ["DATABASE_URL"]), isolation_level="AUTOCOMMIT")
SQLITE = _engine.dialect.name == "sqlite"
_connection = None


def _one(sql: str, params: dict):
    global _connection
    if _connection is None:
        _connection = _engine.raw_connection()  # kept for the worker's life
    cursor = _connection.cursor()
    cursor.execute(sql if SQLITE else _pyformat(sql), params)
    return cursor.fetchone() if cursor.description else None


@app.post("/api/v1/scans")
def scan():
    body = request.get_json()
    token = request.headers["Authorization"][len("Bearer ") :]
    device = _one(_DEVICE_SQL, {"token_hash": hashlib.sha256(token.encode()).hexdigest()})
    holder = _one(BY_TOKEN_SQL, {"token_id": body["code"][:ID_LENGTH]})
    scan_id, at = body["client_scan_id"], datetime.now(UTC)
    answer = {
        "client_scan_id": scan_id,
        "outcome": "admitted",
        "checkpoint": {"id": device[3], "name": device[6]},
        "person": {"id": holder[4], "full_name": holder[5], "unit": holder[8], "role": holder[6]},
    }
    row = {
        "client_scan_id": scan_id,
        "checkpoint_id": device[3],
        "device_id": device[0],
        "person_id": holder[4],
        "code": body["code"][:64],
        "outcome": "admitted",
        "scanned_at": at.replace(tzinfo=None).strftime(_SQLITE_DATETIME) if SQLITE else at,
        "received_at": at.replace(tzinfo=None).strftime(_SQLITE_DATETIME) if SQLITE else at,
        "offline": False,
        "offline_outcome": None,
        "response": json.dumps(answer),
        "slot": scan_id,
    }
    if SQLITE:
        with serialised_write(_engine.url):  # writers queue as the app's do (services/checkin/dbwrite.py)
            _one("BEGIN", {})
            row["scan_id"] = _one(INSERT_SCAN, row)[0]
            _one(INSERT_CHECK_IN, row | {"at": row["scanned_at"]})
            _one("COMMIT", {})
    else:
        _one(STORE_AT_ONCE, row)
    return jsonify(answer)
