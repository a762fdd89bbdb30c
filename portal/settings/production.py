"""Production: refuses to start without a real secret key, host list and personal-data key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not SECRET_KEY:
    raise ImproperlyConfigured("生产环境必须设置环境变量 SECRET_KEY。")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产环境必须设置环境变量 ALLOWED_HOSTS。")
if not PII_ENCRYPTION_KEYS:  # noqa: F405 - read from the environment in base.py
    raise ImproperlyConfigured("生产环境必须设置环境变量 PII_ENCRYPTION_KEYS（个人信息加密密钥）。")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's page preview renders in a same-origin iframe, so DENY would break editing.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
