"""The single place that reads the process environment.

Every integration is switched on by its variable being present and off by default, so a fresh
clone runs with SQLite, embedded search, a file cache and mail written to files under ``var/``.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")


SQLITE_OPTIONS = {
    # Wait up to 20 s for another writer instead of failing at once ("database is locked").
    "timeout": 20,
    # Every transaction takes the write lock when it begins: two staff acting on one record
    # queue up, and the second then reads the first one's result, instead of both reading the
    # old state and one failing when it tries to upgrade its read lock.
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL;",
}


def database_config() -> dict:
    """`DATABASE_URL` or a SQLite file under var/."""
    url = env.str("DATABASE_URL", default="")
    if url:
        config = env.db_url_config(url)
        config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
        if config["ENGINE"].endswith("sqlite3"):
            config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        return config
    VAR_DIR.mkdir(exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "db.sqlite3"),
        "OPTIONS": dict(SQLITE_OPTIONS),
    }


def cache_config() -> dict:
    """Redis when `REDIS_URL` is set; otherwise a file cache shared by all worker processes."""
    url = env.str("REDIS_URL", default="")
    if url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    # Django's default of 300 entries is far too few: every applicant's rate-limit counters are
    # entries too, and past the limit each write deletes a third of the files at random, cached
    # pages included, so a busy hour of applications kept emptying the page cache.
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.str("PORTAL_CACHE_DIR", default=str(VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": env.int("PORTAL_CACHE_MAX_ENTRIES", default=20000)},
    }


def email_config() -> dict:
    """`EMAIL_URL` (smtp://, smtp+tls://, consolemail://) or files under var/mail."""
    url = env.str("EMAIL_URL", default="")
    if url:
        return env.email_url_config(url)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(VAR_DIR / "mail"),
    }


def admins_config() -> list[tuple[str, str]]:
    """`ADMINS="值班员 <ops@example.gov.cn>, sec@example.gov.cn"`: who receives error mail."""
    from email.utils import getaddresses

    return [
        (name, address)
        for name, address in getaddresses([env.str("ADMINS", default="")])
        if address
    ]


def elasticsearch_url() -> str:
    """Empty string means the embedded search backend."""
    return env.str("ELASTICSEARCH_URL", default="")
