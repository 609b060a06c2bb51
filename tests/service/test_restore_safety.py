"""A restore that fails at any step leaves the target as it was; an archive is trusted only
when the backup key signed it; its manifest and members are bounded before they are read.

The target is a database with a season in it (restored from a first backup) and its media
folder; each bad archive is then restored into it with --force, and the target must be
byte-identical (SQLite's file) or row-identical (PostgreSQL, every row's text), the media
folder identical, and nothing left beside either.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import resource
import signal
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, make_url, text

from app import normalise_database_url
from services.operations import archive, backup

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def season(app, tmp_path, empty_postgres_or_sqlite):
    """A backup of the bare demo with two photos, restored into a target: (backup, target
    URL, target media folder, key)."""
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    for name, body in (("1/a.jpg", b"photo-a" * 1000), ("2/b.jpg", b"photo-b" * 500)):
        (tmp_path / "media" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "media" / name).write_bytes(body)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo", "--empty"]).exit_code == 0
    out = tmp_path / "season.tar"
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    target, media = empty_postgres_or_sqlite(), tmp_path / "target-media"
    done = runner.invoke(args=["restore", str(out), "--into", target, "--media", str(media)])
    assert done.exit_code == 0, done.output
    return out, normalise_database_url(target), media, backup.backup_key()


def _state(url: str, media: Path) -> dict:
    """What must not change: the database (file bytes on SQLite, every row on PostgreSQL), the
    media files, and the folders beside both (nothing built aside left behind)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        database = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        beside = _names(path.parent)
    else:
        engine = create_engine(url)
        with engine.connect() as conn:
            database = {
                n: conn.execute(
                    text(f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM \"{n}\" t")
                ).one()
                for n in sorted(inspect(conn).get_table_names())
            }
            beside = sorted(
                conn.execute(
                    text("SELECT datname FROM pg_database WHERE datname LIKE :n"), {"n": parsed.database + "%"}
                ).scalars()
            )
        engine.dispose()
    files = {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in media.rglob("*")
        if p.is_file()
    }
    return {
        "database": database,
        "beside": beside,
        "media": files,
        "media_beside": _names(media.parent),
    }


def _names(folder: Path) -> list[str]:
    """What is in ``folder`` but the test's archives and SQLite's companion files."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith((".tar", "-wal", "-shm")))


def _rewrite(source: Path, out: Path, key: bytes | None, change=None, member=None) -> Path:
    """A copy of ``source`` with ``member(name, bytes) -> bytes`` applied to its members and
    ``change(manifest)`` to its manifest (hashes and sizes listed again), signed with ``key``
    (None: the original signature kept)."""
    with tarfile.open(source) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(members.pop(archive.MANIFEST))
    signed = members.pop(archive.SIGNATURE)
    for name in list(members):
        if member:
            members[name] = member(name, members[name])
        manifest["files"][name] = {"size": len(members[name]), "sha256": hashlib.sha256(members[name]).hexdigest()}
    if change:
        change(manifest)
    body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    members[archive.MANIFEST] = body
    members[archive.SIGNATURE] = archive.signature(body, key) if key is not None else signed
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def _restore(app, archive_path: Path, target: str, media: Path):
    return app.test_cli_runner().invoke(
        args=["restore", str(archive_path), "--into", target, "--media", str(media), "--force"]
    )


def _database_member(name: str) -> bool:
    return name.startswith(archive.DATABASE_DIR + "/")


def test_an_unreadable_database_whose_hash_matches_leaves_the_target_as_it_was(app, tmp_path, season):
    out, target, media, key = season
    before = _state(target, media)
    garbage = _rewrite(
        out, tmp_path / "garbage.tar", key, member=lambda n, b: os.urandom(len(b)) if _database_member(n) else b
    )
    assert app.test_cli_runner().invoke(args=["backup", "--verify", str(garbage)]).exit_code == 0  # every hash matches
    refused = _restore(app, garbage, target, media)
    assert refused.exit_code != 0 and "vẫn như trước khi chạy lệnh" in refused.output, refused.output
    assert "giải nén được" in refused.output or "pg_restore thất bại" in refused.output, refused.output
    assert _state(target, media) == before


def test_an_edited_row_count_is_refused_unsigned_and_after_loading_when_resigned(app, tmp_path, season):
    out, target, media, key = season
    before = _state(target, media)

    def one_more_user(manifest):
        manifest["database"]["rows"]["user_account"] += 1

    unsigned = _rewrite(out, tmp_path / "edited.tar", None, change=one_more_user)
    for args in (
        ["backup", "--verify", str(unsigned)],
        ["restore", str(unsigned), "--into", target, "--media", str(media), "--force"],
    ):
        refused = app.test_cli_runner().invoke(args=args)
        assert refused.exit_code != 0 and "Chữ ký của manifest.json" in refused.output, refused.output
    resigned = _rewrite(out, tmp_path / "resigned.tar", key, change=one_more_user)
    refused = _restore(app, resigned, target, media)
    assert (
        refused.exit_code != 0 and "Số dòng sau khi khôi phục không khớp bản kê: bảng user_account" in refused.output
    ), refused.output
    assert _state(target, media) == before


def test_an_archive_signed_with_another_key_is_refused_by_name(app, tmp_path, season):
    out, target, media, _key = season
    before = _state(target, media)
    other = _rewrite(out, tmp_path / "other.tar", b"x" * 64, member=lambda n, b: b)
    refused = _restore(app, other, target, media)
    assert refused.exit_code != 0 and "được ký bằng khoá sao lưu khác" in refused.output
    assert archive.key_id(b"x" * 64) in refused.output
    assert _state(target, media) == before


def test_a_full_disk_during_restore_leaves_the_target_as_it_was(app, tmp_path, season):
    """The restore run as the operator runs it, in a process whose files cannot grow past a
    limit (RLIMIT_FSIZE: a write beyond it fails as on a full disk) set below the database's
    unpacked size."""
    out, target, media, _key = season
    before = _state(target, media)
    manifest = archive.read_manifest(out, backup.backup_key())
    limit = manifest["database"]["bytes"] // 2

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "BACKUP_KEY_FILE": app.config["BACKUP_KEY_FILE"], "APP_ENV": "development"}
    env.pop("DATABASE_URL", None)
    args = ["restore", str(out), "--into", target, "--media", str(media), "--force"]
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env=env,
        preexec_fn=small_files,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0, result.stdout
    assert "Khôi phục dừng vì hết chỗ trên đĩa" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert _state(target, media) == before


def test_a_forced_restore_swaps_both_in_and_keeps_what_was_there_beside(app, tmp_path, season):
    out, target, media, key = season
    old_media = _state(target, media)["media"]
    (tmp_path / "media" / "3").mkdir()
    (tmp_path / "media" / "3" / "c.jpg").write_bytes(b"photo-c" * 10)
    second = tmp_path / "second.tar"
    assert app.test_cli_runner().invoke(args=["backup", "--out", str(second)]).exit_code == 0
    done = _restore(app, second, target, media)
    assert done.exit_code == 0, done.output
    kept = [line.split("giữ ở: ")[1].split(" (")[0] for line in done.output.splitlines() if "giữ ở: " in line]
    assert len(kept) == 2, done.output  # the database and the media folder that were there
    assert "3/c.jpg" in _state(target, media)["media"]
    kept_media = Path(kept[1])
    assert {p.relative_to(kept_media).as_posix() for p in kept_media.rglob("*") if p.is_file()} == set(old_media)
    if make_url(target).get_backend_name() == "sqlite":
        assert Path(kept[0]).stat().st_size > 0
    else:
        assert kept[0].startswith(make_url(target).database + "_before_restore_")


def test_manifests_and_members_are_bounded_before_they_are_read(app, tmp_path, season):
    out, target, media, key = season
    before = _state(target, media)
    huge = tmp_path / "huge.tar"
    with tarfile.open(huge, "w") as tar:
        info = tarfile.TarInfo(archive.MANIFEST)
        info.size = archive.MANIFEST_MAX_BYTES + 1
        tar.addfile(info, io.BytesIO(b" " * info.size))
    refused = app.test_cli_runner().invoke(args=["backup", "--verify", str(huge)])
    assert refused.exit_code != 0 and "lớn bất thường" in refused.output

    def broken(manifest):
        manifest["database"]["rows"] = [["user", 1]]

    shaped = _rewrite(out, tmp_path / "shaped.tar", key, change=broken)
    refused = app.test_cli_runner().invoke(args=["backup", "--verify", str(shaped)])
    assert refused.exit_code != 0 and "manifest.json" in refused.output and "database.rows" in refused.output
    assert "Traceback" not in refused.output

    if make_url(target).get_backend_name() == "sqlite":  # a gzip that unpacks past what the manifest says
        bomb = _rewrite(
            out,
            tmp_path / "bomb.tar",
            key,
            member=lambda n, b: gzip.compress(b"\0" * (64 << 20)) if _database_member(n) else b,
        )
        refused = _restore(app, bomb, target, media)
        assert refused.exit_code != 0 and "mở ra lớn hơn bản kê ghi" in refused.output, refused.output
        assert _state(target, media) == before


def test_a_postgresql_target_someone_is_connected_to_is_not_swapped(app, tmp_path, season):
    out, target, media, _key = season
    if make_url(target).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL's rename refuses a database in use; SQLite has no such check")
    engine = create_engine(target)
    with engine.connect() as other:
        other.execute(text("SELECT 1"))
        before = _state(target, media)
        refused = _restore(app, out, target, media)
        assert refused.exit_code != 0 and "dừng dịch vụ trước" in refused.output, refused.output
        assert _state(target, media) == before
    engine.dispose()
