"""pytest-django settings: fast hashing, in-memory mail and cache, isolated search and media."""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
MEDIA_ROOT = env.str("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="portal-test-media-"))
DISCLOSURE_PRIVATE_ROOT = env.str(
    "DISCLOSURE_PRIVATE_ROOT", default=tempfile.mkdtemp(prefix="portal-test-disclosure-")
)
PORTAL_BACKUP_DIRECTORIES = {
    "media": MEDIA_ROOT,
    "consultation-private": CONSULTATION_PRIVATE_ROOT,  # noqa: F405 - from base.py
    "disclosure-private": DISCLOSURE_PRIVATE_ROOT,
}
# WhiteNoise warns on every request when STATIC_ROOT is missing; tests never collectstatic.
STATIC_ROOT = tempfile.mkdtemp(prefix="portal-test-static-")
SEARCH_EMBEDDED_PATH = env.str(
    "SEARCH_EMBEDDED_PATH",
    default=tempfile.mkdtemp(prefix="portal-test-search-") + "/index.sqlite3",
)
SEARCH_INDEX_PREFIX = "test"
PORTAL_DEMO_ALLOWED = True
PORTAL_CAPTCHA_ENABLED = False
# Whole-page cache off: tests see every write at once; tests/cms/test_page_cache.py turns it on.
PORTAL_PAGE_CACHE_SECONDS = 0
PII_ENCRYPTION_KEYS = [
    "a2V5LWZvci10ZXN0cy1vbmx5LTAwMDAwMDAwMDAwMDA=",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
