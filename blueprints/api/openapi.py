"""The OpenAPI 3 document of /api/v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from services.checkin.outcomes import OFFLINE, ScanOutcome

OUTCOMES = [o.value for o in ScanOutcome]

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "field": {"type": "string"}, "request_id": {"type": "string"}},
}
_PERSON = {
    "type": "object",
    "nullable": True,
    "required": ["id", "full_name", "unit", "unit_code", "role", "role_label"],
    "properties": {
        "id": {"type": "integer"},
        "full_name": {"type": "string"},
        "unit": {"type": "string"},
        "unit_code": {"type": "string"},
        "role": {"type": "string"},
        "role_label": {"type": "string"},
    },
}
_CHECKPOINT = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "kind": {"type": "string"},
        "frequency": {"type": "string"},
    },
}


def _errors(*codes: int) -> dict:
    text = {400: "Bad input", 401: "Device not signed in, or revoked", 403: "Not this device's checkpoint"}
    return {str(c): {"description": text[c], "content": {"application/json": {"schema": _ERROR}}} for c in codes}


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Hội thao & Ngày hội CNVCLĐ – check-in API",
            "version": "1.0.0",
            "description": "Scanning devices record badge scans at a checkpoint. Every POST /scans is "
            "idempotent on client_scan_id: sending it again returns the first answer.",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {"securitySchemes": {"device": {"type": "http", "scheme": "bearer"}}},
        "security": [{"device": []}],
        "paths": {
            "/scans": {
                "post": {
                    "operationId": "postScan",
                    "summary": "Record a scan (token or short code)",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["code", "client_scan_id"],
                                    "properties": {
                                        "code": {
                                            "type": "string",
                                            "minLength": 1,
                                            "maxLength": 200,
                                            "description": "The scanned token, or the 7-character short code",
                                        },
                                        "client_scan_id": {"type": "string", "format": "uuid"},
                                        "scanned_at": {
                                            "type": "string",
                                            "format": "date-time",
                                            "description": "When the phone scanned it (offline scans are late)",
                                        },
                                        "checkpoint_id": {"type": "integer"},
                                        "offline_outcome": {
                                            "type": "string",
                                            "enum": [o.value for o in ScanOutcome if o in OFFLINE],
                                            "description": "The phone's own verdict, when it judged offline",
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The verdict (the first one, for a repeated client_scan_id)",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": [
                                            "client_scan_id",
                                            "outcome",
                                            "colour",
                                            "message",
                                            "scanned_at",
                                            "checkpoint",
                                            "person",
                                            "first_check_in",
                                        ],
                                        "properties": {
                                            "client_scan_id": {"type": "string"},
                                            "outcome": {"type": "string", "enum": OUTCOMES},
                                            "colour": {"type": "string", "enum": ["green", "amber", "red"]},
                                            "message": {"type": "string"},
                                            "scanned_at": {"type": "string", "format": "date-time"},
                                            "checkpoint": _CHECKPOINT,
                                            "person": _PERSON,
                                            "first_check_in": {
                                                "type": "object",
                                                "nullable": True,
                                                "properties": {
                                                    "at": {"type": "string", "format": "date-time"},
                                                    "checkpoint": {"type": "string"},
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        **_errors(400, 401, 403),
                    },
                }
            },
            "/checkpoint": {
                "get": {
                    "operationId": "getCheckpointStatus",
                    "summary": "The device's checkpoint and its counts",
                    "responses": {
                        "200": {
                            "description": "Counts",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["checkpoint", "people_admitted", "scans", "outcomes"],
                                        "properties": {
                                            "checkpoint": _CHECKPOINT,
                                            "people_admitted": {"type": "integer"},
                                            "admitted_today": {"type": "integer", "nullable": True},
                                            "scans": {"type": "integer"},
                                            "outcomes": {"type": "object", "additionalProperties": {"type": "integer"}},
                                        },
                                    }
                                }
                            },
                        },
                        **_errors(401),
                    },
                }
            },
            "/people": {
                "get": {
                    "operationId": "searchPeople",
                    "summary": "People of the event by name or union card number (badges that will not scan)",
                    "parameters": [{"name": "q", "in": "query", "required": False, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "Up to 20 people",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["people"],
                                        "properties": {
                                            "people": {
                                                "type": "array",
                                                "items": {
                                                    "allOf": [
                                                        _PERSON,
                                                        {
                                                            "type": "object",
                                                            "required": ["short_code"],
                                                            "properties": {"short_code": {"type": "string"}},
                                                        },
                                                    ],
                                                },
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        **_errors(401),
                    },
                }
            },
            "/checkpoint/offline-list": {
                "get": {
                    "operationId": "getOfflineList",
                    "summary": "What the phone keeps to judge badges offline (hashes, names, verdicts), compact",
                    "description": "Gzip'd when asked (Accept-Encoding). With since and key (the version and key of "
                    "the list the phone holds) only the badges issued, revoked or admitted since then come (full: "
                    "false), unless a rule or a registration changed meanwhile (full: true, the whole list).",
                    "parameters": [
                        {"name": "since", "in": "query", "required": False, "schema": {"type": "string"}},
                        {"name": "key", "in": "query", "required": False, "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "The list, or what changed",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": [
                                            "format",
                                            "checkpoint",
                                            "generated_at",
                                            "version",
                                            "key",
                                            "full",
                                            "outcomes",
                                            "units",
                                            "roles",
                                            "reasons",
                                            "badges",
                                            "removed",
                                        ],
                                        "properties": {
                                            "format": {"type": "integer", "enum": [2]},
                                            "checkpoint": _CHECKPOINT,
                                            "generated_at": {"type": "string", "format": "date-time"},
                                            "version": {"type": "string", "format": "date-time"},
                                            "key": {"type": "string"},
                                            "full": {"type": "boolean"},
                                            "outcomes": {
                                                "type": "object",
                                                "description": "ScanOutcome: names → values, values → colours",
                                                "required": ["names", "colours"],
                                                "properties": {
                                                    "names": {"type": "object"},
                                                    "colours": {"type": "object"},
                                                },
                                            },
                                            "units": {"type": "array", "items": {"type": "string"}},
                                            "roles": {"type": "array", "items": {"type": "string"}},
                                            "reasons": {
                                                "type": "array",
                                                "description": "[outcome, why] of each refusal",
                                                "items": {"type": "array", "items": {"type": "string"}},
                                            },
                                            "badges": {
                                                "type": "array",
                                                "description": "[token hash, short-code hash, name, unit index, role "
                                                "index, reason index (-1: admitted), admitted already (0/1)]; a hash is "
                                                "9 bytes of SHA-256 in base64url",
                                                "items": {"type": "array", "minItems": 7, "maxItems": 7},
                                            },
                                            "removed": {"type": "array", "items": {"type": "string"}},
                                        },
                                    }
                                }
                            },
                        },
                        **_errors(401),
                    },
                }
            },
        },
    }
