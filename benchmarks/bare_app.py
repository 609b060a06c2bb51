"""The baseline for benchmarks/checkin_load.py: a bare Flask endpoint returning small JSON."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/ping")
def ping():
    return jsonify({"ok": True})
