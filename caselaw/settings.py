"""Settings for caselaw. Everything comes from the environment (django-environ), with
defaults that make a bare checkout run: embedded PostgreSQL, file broker, media in var/.
Given a DATABASE_URL it is production, which must be given SECRET_KEY and ALLOWED_HOSTS
and is secure by default (README, "Security")."""

import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file beside manage.py fills in what the environment lacks (never overrides it).
# CASELAW_ENV_FILE names another file, or none when empty. The Docker image holds none.
ENV_FILE = env("CASELAW_ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE:
    environ.Env.read_env(ENV_FILE, overwrite=False)

VAR_DIR = Path(env("CASELAW_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Development: the embedded stack of `make run` (no DATABASE_URL), or CASELAW_DEV=1 (the
# test suite's settings_test.py sets it; so may a developer on a database of their own). It
# alone may run on the built-in key, on localhost, with plain-http cookies. Anything else is
# production: it must be given SECRET_KEY and ALLOWED_HOSTS, or it refuses to start.
CASELAW_DEV = env.bool("CASELAW_DEV", default=not env("DATABASE_URL", default=""))
production_help = "Production is any start with DATABASE_URL set and CASELAW_DEV not 1 (README, 'Security')."

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY and not CASELAW_DEV:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Give it 50 or more random characters, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`. " + production_help
    )
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me-in-production"
DEBUG = env.bool("DEBUG", default=False)
dev_hosts = ["localhost", "127.0.0.1", "[::1]", "testserver"]
ALLOWED_HOSTS = [host.strip() for host in env.list("ALLOWED_HOSTS", default=dev_hosts if CASELAW_DEV else [])]
if not ALLOWED_HOSTS and not CASELAW_DEV:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Give the host names the site is served under, "
        "comma-separated, e.g. ALLOWED_HOSTS=caselaw.example-firm.com. " + production_help
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# TLS ended at a reverse proxy or load balancer in front of gunicorn (docker-compose's Caddy).
# It must overwrite X-Forwarded-Proto and append the client's address to X-Forwarded-For:
# "https?" is then read from the former, and the address that sign-in lock-outs and API
# throttles count by from the latter's right-most entry (caselaw.signin.client_address).
CASELAW_BEHIND_TLS_PROXY = env.bool("CASELAW_BEHIND_TLS_PROXY", default=False)
if CASELAW_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",  # hashed API tokens; our model is caselaw.ApiToken (KNOX_TOKEN_MODEL)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our static files
    "pgtrigger",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "caselaw",
    "filings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "caselaw.audit.AuditContextMiddleware",  # IP and user agent for the audit trail
    # A sign-in that owes its second factor reaches only the page that takes it.
    "caselaw.accounts.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A sign-in refused by the lock-out gets the "try again at …" page (caselaw/signin.py).
    "axes.middleware.AxesMiddleware",
    # Last, so its 400s get the headers above; before any view, form or query sees the data.
    "caselaw.middleware.RejectUnprintableMiddleware",
]

# Content-Security-Policy on every page (django-csp; static files, served before it, carry
# none). No inline script, style or eval anywhere: handlers live in static/js, htmx adds no
# <style> (see base.html), pdf.js runs without eval (isEvalSupported: false), its worker
# comes from static/ and the images it draws may be blob: or data: URLs. A stored file's
# response sets its own policy ("sandbox"), which the middleware leaves as it is.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

ROOT_URLCONF = "caselaw.urls"
WSGI_APPLICATION = "caselaw.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.tz",  # TIME_ZONE, for <body data-time-zone>
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "filings.context_processors.notifications",  # the header's menu
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL under var/pgdata.
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from caselaw.embedded import database_url

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

    DATABASES = {"default": env.db_url_config(database_url(VAR_DIR))}
# Test workers are pointed at the test database by name (the server is the same).
DATABASES["default"]["NAME"] = env("CASELAW_DB_NAME", default=DATABASES["default"]["NAME"])
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("CASELAW_PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A session ends after this many minutes without a request; each request starts it again.
SESSION_COOKIE_AGE = env.int("CASELAW_SESSION_IDLE_MINUTES", default=8 * 60) * 60
SESSION_SAVE_EVERY_REQUEST = True

# Sign-in lock-out (django-axes) on every sign-in form: /login/, /admin/login/ and the API's
# /api/v1/auth/login/. A username that fails CASELAW_LOGIN_FAILURE_LIMIT times from one
# address is refused from that address until CASELAW_LOGIN_COOLOFF_MINUTES pass without an
# attempt: 429, Retry-After and a page saying when (caselaw/signin.py). Counted by the pair,
# so neither a stranger who knows a username locks its owner out, nor a few typos in an
# office behind one NAT address lock out everyone there. API tokens and sessions never pass
# through authenticate(), so the lock-out does not touch them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before any password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("CASELAW_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("CASELAW_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a successful sign-in forgets that pair's earlier failures
AXES_LOCKOUT_CALLABLE = "caselaw.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "caselaw.signin.client_address"
LOGIN_URL = "login"

# Personal API tokens (caselaw/accounts/tokens.py): django-rest-knox's hashing on our model.
# Each token's lifetime is chosen when it is made; none is imposed here.
KNOX_TOKEN_MODEL = "caselaw.ApiToken"
# knox's migrations create its own token table even when its model is swapped for ours
# (their CreateModel has no `swappable` option); without them no such table is made.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"TOKEN_TTL": None, "TOKEN_PREFIX": "caselaw_", "AUTH_HEADER_PREFIX": "Token"}
# Two-factor sign-in (caselaw/accounts/two_factor.py): the name authenticator apps show.
OTP_TOTP_ISSUER = env("CASELAW_OTP_ISSUER", default="caselaw")
# Staff reset a user's second factor in the admin by deleting their devices; they never
# see the keys (nor the QR code) that would let them make that user's codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_REDIRECT_URL = "case_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files are never served from a public media URL: downloads go through the access gate.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env("STATICFILES_STORAGE", default="django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}

# Uploads: the limit a single document may have (bytes). 200 MB by default.
CASELAW_MAX_UPLOAD_BYTES = env.int("CASELAW_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery: CELERY_BROKER_URL (Redis in production), or kombu's filesystem transport.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    from caselaw.embedded import BROKER_POLLING_INTERVAL, broker_options

    # Seconds a worker sleeps when the queue folder has nothing for it (caselaw/embedded.py).
    CELERY_BROKER_TRANSPORT_OPTIONS = broker_options(
        VAR_DIR,
        polling_interval=env.float("CASELAW_BROKER_POLLING_INTERVAL", default=BROKER_POLLING_INTERVAL),
    )
    # The same transport, taking text-layer work before OCR work (see below).
    CELERY_BROKER_TRANSPORT = "caselaw.embedded:FilesystemTransport"
else:
    # A message not acknowledged within this many seconds (its worker died) is delivered
    # again. Must exceed the longest document's processing time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        # How often a worker looks for such messages (kombu checks every 10th tick).
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    }
# Text layers first: a document's pages that need OCR are indexed with what their text
# layer has and read by a follow-up task on the "ocr" queue (filings/tasks.py), slice by
# slice. Workers consume "celery" (text) before "ocr": Redis by queue order, the embedded
# broker likewise (caselaw/embedded.py). Between the two, "index": syncs of the search
# index (filings/search/page_index.py) wait for text work, not for OCR; then "alerts":
# matching new documents against saved searches' alerts waits for text work too (it must
# not slow indexing), not for OCR. Workers must be started with -Q celery,index,alerts,ocr.
CASELAW_OCR_FOLLOW_UP = env.bool("CASELAW_OCR_FOLLOW_UP", default=True)
CASELAW_OCR_SLICE_SECONDS = env.float("CASELAW_OCR_SLICE_SECONDS", default=3.0)
# Uploaders take turns: a worker reads the queued document of the uploader who waited
# longest, not the oldest upload (filings/pipeline/turns.py).
CASELAW_UPLOADERS_TAKE_TURNS = env.bool("CASELAW_UPLOADERS_TAKE_TURNS", default=True)
CELERY_TASK_ROUTES = {
    "filings.tasks.read_scans": {"queue": "ocr"},
    "filings.tasks.sync_search_index": {"queue": "index"},
    "filings.tasks.match_alerts": {"queue": "alerts"},
    "filings.tasks.alerts_tick": {"queue": "alerts"},
}
# A worker started without -Q takes all four, in this order.
CELERY_TASK_QUEUES = (Queue("celery"), Queue("index"), Queue("alerts"), Queue("ocr"))
CELERY_BROKER_TRANSPORT_OPTIONS["queue_order_strategy"] = "priority"
CELERY_BROKER_CONNECTION_TIMEOUT = 4
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-documents": {"task": "filings.tasks.sweep_documents", "schedule": 60.0},
    # Takes changed pages into the search index (filings/search/page_index.py); also sent
    # when a document's pages are stored. One at a time holds the index.
    "sync-search-index": {
        "task": "filings.tasks.sync_search_index",
        "schedule": 10.0,
        "options": {"expires": 10},
    },
    # Alerts: documents indexed since the last tick are matched (a nudge after each one
    # does it at once; this catches any the nudge missed), immediate alerts sent, and the
    # daily and weekly digests sent once their hour has come (filings/alerts/).
    "alerts-tick": {"task": "filings.tasks.alerts_tick", "schedule": 60.0, "options": {"expires": 60}},
}
# Links in e-mails point here: the address users open the site at.
CASELAW_SITE_URL = (
    env("CASELAW_SITE_URL", default="")
    or (
        f"http://127.0.0.1:{env('PORT', default='8000')}"
        if CASELAW_DEV
        else f"https://{ALLOWED_HOSTS[0].lstrip('.').replace('*', 'localhost')}"
    )
).rstrip("/")
CASELAW_MAIL_DOMAIN = urlsplit(CASELAW_SITE_URL).hostname or "localhost"
# E-mail (alerts): EMAIL_URL in production, e.g. smtp+tls://user:password@smtp.example-firm.com:587
# (django-environ's forms: smtp, smtps, smtp+tls, smtp+ssl). Without it nothing is sent:
# each e-mail is written as a file under EMAIL_FILE_PATH (var/mail/), as `make run` does.
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_BACKEND = env("EMAIL_BACKEND", default=EMAIL_BACKEND)  # another backend (a provider's API)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="") or f"caselaw <alerts@{CASELAW_MAIL_DOMAIN}>"
# Daily digests go out at this hour (TIME_ZONE), weekly ones on this day (0 = Monday) at it.
CASELAW_DIGEST_HOUR = env.int("CASELAW_DIGEST_HOUR", default=7)
# An immediate alert e-mails at most once in this many seconds: what it finds meanwhile
# (a hundred PDFs dropped at once) goes out together with the next tick.
CASELAW_ALERT_BATCH_SECONDS = env.int("CASELAW_ALERT_BATCH_SECONDS", default=60)
CASELAW_WEEKLY_DIGEST_DAY = env.int("CASELAW_WEEKLY_DIGEST_DAY", default=0)

# The Tantivy index of pages, rebuildable from PostgreSQL (`manage.py rebuild_search_index`).
CASELAW_SEARCH_INDEX_DIR = Path(env("CASELAW_SEARCH_INDEX_DIR", default=str(VAR_DIR / "search-index")))

# Processing: a claim without a heartbeat for this long is taken over by another worker;
# queued documents not picked up within CASELAW_REQUEUE_AFTER are sent again by the sweep.
CASELAW_PROCESSING_LEASE = env.int("CASELAW_PROCESSING_LEASE", default=300)
CASELAW_REQUEUE_AFTER = env.int("CASELAW_REQUEUE_AFTER", default=300)
CASELAW_MAX_ATTEMPTS = env.int("CASELAW_MAX_ATTEMPTS", default=5)
# Scanned pages of one document read by tesseract at once (0: one per CPU).
CASELAW_OCR_PROCESSES = env.int("CASELAW_OCR_PROCESSES", default=0)
# Bounded work: what one document may cost a worker.
# Pixels a page rendered for OCR may have. A letter page at 300 dpi has 8.4 million, an
# 11 × 17 in exhibit 16.8 million; a larger page is read at a lower dpi (a 24 × 36 in
# drawing at 215), one that would need less than 50 dpi is not read. At the cap a page
# costs the worker ~80 MB and tesseract ~200 MB.
CASELAW_OCR_MAX_PIXELS = env.int("CASELAW_OCR_MAX_PIXELS", default=40_000_000)
# A PDF with more pages fails before any page is read.
CASELAW_MAX_PAGES = env.int("CASELAW_MAX_PAGES", default=5000)
# Seconds a processing task may run (0: no limit). At the soft limit the document fails
# with the reason and the worker goes on; at the hard one the worker child is killed.
# 1,000 scanned pages take ~15 minutes on 2 cores. Keep both below CELERY_VISIBILITY_TIMEOUT.
CASELAW_TASK_SOFT_TIME_LIMIT = env.int("CASELAW_TASK_SOFT_TIME_LIMIT", default=45 * 60)
CASELAW_TASK_TIME_LIMIT = env.int("CASELAW_TASK_TIME_LIMIT", default=50 * 60)
# A worker child (prefork pool) holding more than this many KiB after a task is replaced
# by a fresh one. A child holds ~120 MB between documents and peaks under 200 MB.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=512 * 1024)
# Memory for one search statement (phrase and exclusion rechecks need an exact bitmap).
CASELAW_SEARCH_WORK_MEM = env("CASELAW_SEARCH_WORK_MEM", default="64MB")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous client gets 401 with WWW-Authenticate, not 403.
        "caselaw.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Logged in, and every write to an object asks the access policy (caselaw/access.py).
    "DEFAULT_PERMISSION_CLASSES": ["caselaw.access.PolicyPermission"],
    "DEFAULT_PAGINATION_CLASS": "caselaw.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "caselaw.api_filters.WalledFilterBackend",  # filter choices scoped by the access policy
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    # DRF's default three, refusing characters that cannot be stored (caselaw/unprintable.py).
    "DEFAULT_PARSER_CLASSES": [
        "caselaw.parsers.JSONParser",
        "caselaw.parsers.FormParser",
        "caselaw.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "caselaw.api_errors.exception_handler",
    # Throttles answer 429 with Retry-After. Per user (API token or browser session) across
    # the API; tighter for search and upload (their views' throttle_scope). Counts live in
    # the cache (CACHES below). Rates are "N/second|minute|hour|day".
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("CASELAW_THROTTLE_ANON", default="60/minute"),
        "user": env("CASELAW_THROTTLE_USER", default="600/minute"),
        "search": env("CASELAW_THROTTLE_SEARCH", default="120/minute"),
        "upload": env("CASELAW_THROTTLE_UPLOAD", default="1000/hour"),
    },
    # Anonymous clients are told apart by address: the peer, or the proxy's last entry.
    "NUM_PROXIES": 1 if CASELAW_BEHIND_TLS_PROXY else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "caselaw API",
    "DESCRIPTION": "Cases, parties, counsel, allegations, filings and documents of a "
    "litigation team. Every object is visible only to members of its case.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files, not a CDN: the docs work offline and under
    # the content security policy (script-src 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No links inside the operations' summary buttons (WCAG: interactive controls not nested).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "persistAuthorization": True},
    # One name per choice set, where fields of different names share one (drf_spectacular.W001).
    "ENUM_NAME_OVERRIDES": {
        "DesignationEnum": "filings.api.DESIGNATION_KEYS",
        "AllegationStatusEnum": "caselaw.models.AllegationStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # pgserver narrates every start and stop of the embedded database at INFO.
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "eyecite": {"level": "ERROR"},
        # axes: failed sign-ins and lock-outs at WARNING; its INFO narrates every sign-in.
        "axes": {"level": "WARNING"},
    },
}

# HTTPS only in production: secure cookies, every http request redirected, HSTS for a year.
# Development (`make run`: plain http on 127.0.0.1) keeps them off. Each is overridable by
# the environment variable of the same name.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not CASELAW_DEV)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not CASELAW_DEV)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not CASELAW_DEV)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if CASELAW_DEV else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not CASELAW_DEV)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# security.W021 says HSTS preload is off. Preloading puts the whole domain into browsers'
# built-in HTTPS-only lists, which takes months to undo, so it is the firm's decision for
# its domain (SECURE_HSTS_PRELOAD=1, then submit it at hstspreload.org), not a default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The cache holds the API throttles' counts. CASELAW_CACHE_URL, e.g. redis://redis:6379/1
# (docker-compose); the default keeps them in each process's memory, so with several web
# processes each counts on its own and a client may get up to that many times the rate.
CACHES = {"default": env.cache_url("CASELAW_CACHE_URL", default="locmemcache://")}
