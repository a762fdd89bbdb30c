"""A backup restores into an empty database with every row, every file, and encrypted personal
data still readable with the same keys; a restore with other keys or over data is refused."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from portal.crypto import decrypt
from portal.mail import mail_queue

ROOT = Path(__file__).resolve().parents[2]
SECRET_BODY = "申请人证件号码 110101199003077777，电话 13800138000"


def _empty_database(tmp_path: Path):
    """A new, empty database of the same kind as the test database: (url, query, drop)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def query(sql: str):
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        return f"sqlite:///{path}", query, lambda: None
    import psycopg

    db = connection.settings_dict
    name = f"portal_restore_{uuid.uuid4().hex[:8]}"
    base = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    if db.get("PASSWORD"):
        base["password"] = db["PASSWORD"]
    with psycopg.connect(dbname=db["NAME"], autocommit=True, **base) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def query(sql: str):
        with psycopg.connect(dbname=name, **base) as restored:
            return restored.execute(sql).fetchall()

    def drop():
        with psycopg.connect(dbname=db["NAME"], autocommit=True, **base) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST']}:{base['port']}/{name}"
    return url, query, drop


def _restore(archive: Path, url: str, media: Path, private: Path, *extra: str):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "CONSULTATION_PRIVATE_ROOT": str(private),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "portal_restore", str(archive), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_round_trips_rows_files_and_encrypted_fields(tmp_path, settings, django_user_model):
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "公告.pdf").write_bytes(b"%PDF-1.7 demo")
    private.mkdir()
    (private / "comment-attachment.pdf").write_bytes(b"%PDF-1.7 private")
    settings.PORTAL_BACKUP_DIRECTORIES = {"media": str(media), "consultation-private": str(private)}
    django_user_model.objects.create_user("clerk", "clerk@example.gov.cn", "Quiet-river-42")
    with transaction.atomic():
        mail_queue(topic="test", to="zs@example.com", subject="回执", body=SECRET_BODY)

    archive = tmp_path / "backup.tar.gz"
    call_command("portal_backup", str(archive))
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    url, query, drop = _empty_database(tmp_path)
    restored_media, restored_private = tmp_path / "r-media", tmp_path / "r-private"
    try:
        result = _restore(archive, url, restored_media, restored_private)
        assert result.returncode == 0, result.stderr
        for table in connection.introspection.table_names():
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                expected = cursor.fetchone()[0]
            assert query(f'SELECT COUNT(*) FROM "{table}"')[0][0] == expected, table
        stored_body = query("SELECT body FROM portal_outboxmessage")[0][0]
        assert SECRET_BODY not in stored_body
        assert decrypt(stored_body) == SECRET_BODY
        assert (restored_media / "documents" / "公告.pdf").read_bytes() == b"%PDF-1.7 demo"
        assert (restored_private / "comment-attachment.pdf").exists()

        again = _restore(archive, url, restored_media, restored_private)
        assert again.returncode != 0 and "不是空库" in again.stderr
    finally:
        drop()


# The backup command runs outside any transaction, as from cron; SQLite's online backup cannot
# read a database whose own connection holds the test's (IMMEDIATE) write transaction.
def test_restore_with_other_keys_is_refused(transactional_db, tmp_path, settings):
    settings.PORTAL_BACKUP_DIRECTORIES = {}
    archive = tmp_path / "backup.tar.gz"
    call_command("portal_backup", str(archive))
    settings.PII_ENCRYPTION_KEYS = ["b3RoZXIta2V5LW5vdC10aGUtc2FtZS0wMDAwMDAwMDA="]
    with pytest.raises(CommandError, match="密钥不同"):
        call_command("portal_restore", str(archive))


def test_restore_refuses_a_database_that_is_not_empty(transactional_db, tmp_path, settings):
    settings.PORTAL_BACKUP_DIRECTORIES = {}
    archive = tmp_path / "backup.tar.gz"
    call_command("portal_backup", str(archive))
    with pytest.raises(CommandError, match="不是空库"):
        call_command("portal_restore", str(archive))
