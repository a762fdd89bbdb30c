"""Local development and `make run`: debug on, loopback hosts, a dev-only secret key."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "::1"])
PORTAL_DEMO_ALLOWED = True
PORTAL_CAPTCHA_ENABLED = env.bool("PORTAL_CAPTCHA_ENABLED", default=False)


def _dev_pii_keys() -> list[str]:
    """A per-checkout Fernet key in var/: `make run` needs no setup, yet no key is ever shipped."""
    from cryptography.fernet import Fernet

    from .base import VAR_DIR

    key_file = VAR_DIR / "dev-pii.key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(Fernet.generate_key().decode())
        key_file.chmod(0o600)
    return [key_file.read_text().strip()]


PII_ENCRYPTION_KEYS = env.list("PII_ENCRYPTION_KEYS", default=[]) or _dev_pii_keys()
