"""Settings shared by every environment; secure by default."""

from csp.constants import NONE, SELF

from portal.env import (
    BASE_DIR,
    VAR_DIR,
    admins_config,
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
    "enforcement",
    "annual_report",
    "taxpayer",
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "portal.limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Replays public pages with the headers and gzip body the three below gave them.
    "cms.page_cache.AnonymousPageCacheMiddleware",
    "portal.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compressed HTML for phones on slow networks (Django's gzip carries the BREACH mitigation).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.sessions.StaffSessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.twofactor.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.limits.RowIdRangeMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "cms.context_processors.page_cache",
                "lists.context_processors.organisations",
            ],
        },
    },
]

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": cache_config()}

# Argon2 first: new passwords and every older hash are (re)hashed with it at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "portal.passwords.PasswordRuleValidator",
        "OPTIONS": {"min_length": 10, "min_classes": 3},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every login for a lockout before the password is even compared.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
# A request body larger than this is refused (413) from its Content-Length, before any of it is
# read (portal/limits.py); the reverse proxy should refuse it first (nginx client_max_body_size).
PORTAL_MAX_REQUEST_BYTES = env.int("PORTAL_MAX_REQUEST_BYTES", default=30 * 1024 * 1024)
# Form fields other than files: no public form needs more than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Email
_email = email_config()
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
for _key, _value in _email.items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="政府信息公开门户 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is told of every server error (the 500 page promises it): "姓名 <a@b>, c@d" in ADMINS.
ADMINS = admins_config()

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
# An approved review chain publishes through cms.review, which lets reviewed pages go live.
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.review.publish_reviewed_workflow_state"
# No gravatar.com avatars: a hash of each staff e-mail would go abroad (and CSP blocks it).
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
# Elasticsearch index layout, applied when `search_index rebuild` creates an index.
SEARCH_INDEX_SHARDS = env.int("SEARCH_INDEX_SHARDS", default=1)
SEARCH_INDEX_REPLICAS = env.int("SEARCH_INDEX_REPLICAS", default=0)

# Self-hosted anti-abuse for public forms (see portal/antiabuse.py).
PORTAL_CAPTCHA_ENABLED = env.bool("PORTAL_CAPTCHA_ENABLED", default=True)

# Personal data encryption keys, newest first (see disclosure/).
PII_ENCRYPTION_KEYS: list[str] = env.list("PII_ENCRYPTION_KEYS", default=[])

# Reverse proxies whose X-Forwarded-For is believed (portal/clientip.py): addresses or networks,
# e.g. "127.0.0.1,10.0.0.0/8". Empty: the client address is the connection's peer, always.
PORTAL_TRUSTED_PROXIES: list[str] = env.list("PORTAL_TRUSTED_PROXIES", default=[])
RATELIMIT_IP_META_KEY = "portal.clientip.client_ip"

# Staff login lockout (django-axes): 5 failures lock the account, and separately the client
# address, for 30 minutes or until a superuser unlocks it (admin menu 登录锁定).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "portal.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.lockout.locked_out_response"
AXES_RESET_ON_SUCCESS = True
# The portal's own audit (portal.SecurityEvent) records every attempt; axes keeps only counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Second factor (django-otp) for every admin URL; see portal/twofactor.py.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="税务局政府信息公开门户")
OTP_TOTP_THROTTLE_FACTOR = 1

# Staff sessions (portal/sessions.py): signed out after 30 idle minutes and 8 hours at most.
PORTAL_STAFF_IDLE_SECONDS = 30 * 60
PORTAL_STAFF_MAX_SECONDS = 8 * 60 * 60

# Security audit rows (portal.SecurityEvent) are kept at least this long; no purge goes younger.
PORTAL_AUDIT_RETENTION_DAYS = max(180, env.int("PORTAL_AUDIT_RETENTION_DAYS", default=365))

# Content-Security-Policy (django-csp): no inline or foreign script anywhere; Wagtail's admin
# runs under the same policy. Inline style stays allowed: the admin sets style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {
            "level": "ERROR",
            "handlers": ["console", "mail_admins"],
            "propagate": False,
        },
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
# Applicants' attachments and reply files: outside MEDIA_ROOT, served only after an identity check.
DISCLOSURE_PRIVATE_ROOT = env.str(
    "DISCLOSURE_PRIVATE_ROOT", default=str(VAR_DIR / "private" / "disclosure")
)

# taxpayer (纳税服务): contacts of closed 诉求, 首问 matters and appointments are erased after
# this many days.
TAXPAYER_PII_RETENTION_DAYS = env.int("TAXPAYER_PII_RETENTION_DAYS", default=730)
TAXPAYER_PRIVATE_ROOT = env.str(
    "TAXPAYER_PRIVATE_ROOT", default=str(VAR_DIR / "private" / "taxpayer")
)

# What `manage.py portal_backup` archives besides the database (portal/backup.py).
PORTAL_BACKUP_DIRECTORIES = {
    "media": MEDIA_ROOT,
    "consultation-private": CONSULTATION_PRIVATE_ROOT,
    "taxpayer-private": TAXPAYER_PRIVATE_ROOT,
    "disclosure-private": DISCLOSURE_PRIVATE_ROOT,
}

# `setup_demo` loads invented people and an admin: only dev and test settings allow it.
PORTAL_DEMO_ALLOWED = False

# cms: whole-page cache for anonymous visitors (cms/page_cache.py); 0 turns it off.
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=300)
# Pages each worker process keeps in memory in front of the shared cache (cms/page_cache.py).
PORTAL_PAGE_CACHE_LOCAL_ENTRIES = env.int("PORTAL_PAGE_CACHE_LOCAL_ENTRIES", default=256)
