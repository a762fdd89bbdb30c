"""Local development and `make run`: debug on, loopback hosts, a dev-only secret key."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "::1"])
PORTAL_CAPTCHA_ENABLED = env.bool("PORTAL_CAPTCHA_ENABLED", default=False)
