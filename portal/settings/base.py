"""Settings shared by every environment; secure by default."""

from portal.env import (
    BASE_DIR,
    VAR_DIR,
    cache_config,
    database_config,
    elasticsearch_url,
    email_config,
    env,
)

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "cms",
    "search",
    "workdays",
    "policies",
    "disclosure",
    "consultation",
    "lists",
    "annual_report",
    "fixtures",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compressed HTML for phones on slow networks (Django's gzip carries the BREACH mitigation).
    "django.middleware.gzip.GZipMiddleware",
    "cms.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.navigation",
                "lists.context_processors.organisations",
            ],
        },
    },
]

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": cache_config()}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
# Files browsers ask for at the site root (/favicon.ico, /robots.txt), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "portal" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Email
_email = email_config()
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
for _key, _value in _email.items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="政府信息公开门户 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "税务局政府信息公开门户"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "cms.PortalImage"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.PortalDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "csv", "zip"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Offline intranets cannot reach Gravatar: no broken avatar images in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Admin search: the substring backend finds Chinese words inside titles on every database
# (the FTS backends would treat a run of Chinese characters as one word).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database.fallback"}}

# Search (see search/): the embedded backend unless ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = elasticsearch_url()
SEARCH_BACKEND = "elasticsearch" if ELASTICSEARCH_URL else "embedded"
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="portal")
SEARCH_EMBEDDED_PATH = env.str("SEARCH_EMBEDDED_PATH", default=str(VAR_DIR / "search.sqlite3"))

# Self-hosted anti-abuse for public forms (see portal/antiabuse.py).
PORTAL_CAPTCHA_ENABLED = env.bool("PORTAL_CAPTCHA_ENABLED", default=True)

# Personal data encryption keys, newest first (see disclosure/).
PII_ENCRYPTION_KEYS: list[str] = env.list("PII_ENCRYPTION_KEYS", default=[])

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# consultation (征求意见): per-IP comment rate, attachment size cap, private attachment root.
CONSULTATION_COMMENT_RATE = env.str("CONSULTATION_COMMENT_RATE", default="20/h")
CONSULTATION_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
CONSULTATION_PRIVATE_ROOT = env.str(
    "CONSULTATION_PRIVATE_ROOT", default=str(VAR_DIR / "private" / "consultation")
)

# disclosure (依申请公开): personal data of closed requests is erased after this many days.
DISCLOSURE_PII_RETENTION_DAYS = env.int("DISCLOSURE_PII_RETENTION_DAYS", default=730)

# cms: whole-page cache for anonymous visitors (cms/page_cache.py); 0 turns it off.
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=300)
