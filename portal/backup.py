"""Backup and restore of everything the portal keeps: the database and the file trees.

A backup is one .tar.gz with a manifest, the database (SQLite: a consistent copy made with
SQLite's online backup API; PostgreSQL: `pg_dump --format=custom`) and the directories named in
PORTAL_BACKUP_DIRECTORIES (public media, private attachments). Encrypted columns are copied as
ciphertext: a restore is readable only with the same PII_ENCRYPTION_KEYS, and the manifest keeps
fingerprints (never the keys) so a restore with the wrong keys is refused before it starts.

`manage.py dumpdata` is no backup: EncryptedTextField decrypts on load, so it would write every
applicant's ID number, phone and address in plaintext.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from portal.errors import RuleViolation

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"


def key_fingerprints() -> list[str]:
    return [hashlib.sha256(key.encode()).hexdigest()[:16] for key in settings.PII_ENCRYPTION_KEYS]


def _postgres_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--host", db.get("HOST") or "localhost", "--username", db.get("USER") or ""]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuleViolation(f"{command[0]} 执行失败：{result.stderr.strip()[:300]}")


def _dump_database(target: Path) -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target / SQLITE_FILE)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        args, env = _postgres_env()
        dbname = connection.settings_dict["NAME"]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *args,
                "--file",
                str(target / POSTGRES_FILE),
                dbname,
            ],
            env,
        )
        return POSTGRES_FILE
    raise RuleViolation(f"不支持的数据库：{connection.vendor}")


def backup_create(*, output: Path) -> dict:
    """Write the backup archive to `output` and return its manifest."""
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        staging = Path(work)
        manifest = {
            "created_at": datetime.now().astimezone().isoformat(),
            "vendor": connection.vendor,
            "database": _dump_database(staging),
            "directories": {},
            "key_fingerprints": key_fingerprints(),
        }
        for name, root in settings.PORTAL_BACKUP_DIRECTORIES.items():
            if Path(root).is_dir():
                shutil.copytree(root, staging / "files" / name)
                manifest["directories"][name] = str(root)
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        output.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(output, "w:gz") as archive:
            for item in sorted(staging.iterdir()):
                archive.add(item, arcname=item.name)
    os.chmod(output, 0o600)
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _restore_database(source: Path, manifest: dict) -> None:
    if manifest["vendor"] != connection.vendor:
        raise RuleViolation(f"备份来自 {manifest['vendor']}，不能恢复到 {connection.vendor}。")
    if connection.vendor == "sqlite":
        backup = sqlite3.connect(source / SQLITE_FILE)
        connection.ensure_connection()
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
        return
    args, env = _postgres_env()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            *args,
            "--dbname",
            connection.settings_dict["NAME"],
            str(source / POSTGRES_FILE),
        ],
        env,
    )


def backup_restore(*, archive: Path, ignore_keys: bool = False) -> dict:
    """Restore a backup into an empty database and put its file trees back in place."""
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        staging = Path(work)
        with tarfile.open(archive, "r:gz") as opened:
            opened.extractall(staging, filter="data")
        manifest = json.loads((staging / MANIFEST).read_text())
        if not ignore_keys and not set(manifest["key_fingerprints"]) & set(key_fingerprints()):
            raise RuleViolation(
                "当前 PII_ENCRYPTION_KEYS 与备份时的密钥不同，恢复后个人信息将无法解密。"
                "请配置备份时使用的密钥后再恢复。"
            )
        if not _database_is_empty():
            raise RuleViolation("目标数据库不是空库。请先建立一个空数据库，再执行恢复。")
        _restore_database(staging, manifest)
        for name, root in settings.PORTAL_BACKUP_DIRECTORIES.items():
            saved = staging / "files" / name
            if saved.is_dir():
                shutil.copytree(saved, root, dirs_exist_ok=True)
    return manifest
