"""Waymark's settings, all read from the environment.

Every variable is listed in README.md. Defaults suit a laptop demo (`make run`); production
sets DJANGO_DEBUG=off and must then provide DJANGO_SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WAYMARK_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
TESTING = env_bool("WAYMARK_TESTING", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY and env("DJANGO_SECRET_KEY_FILE"):
    # A file keeps the key out of the process environment (systemd credentials, `make run-prod`).
    SECRET_KEY = Path(env("DJANGO_SECRET_KEY_FILE")).read_text().strip()
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is required when DJANGO_DEBUG is off."
        )
    SECRET_KEY = "waymark-insecure-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "django_filters",
    "django_q",
    "django_guid",
    "axes",
    "auditlog",
    "ninja",
    "ui",
    "accounts",
    "strategy",
    "stakeholders",
    "campaigns",
    "evidence",
    "monitors",
    "search",
    "dashboards",
    "alerts",
    "feeds",
    "health",
    "backups",
    "api",
    "demo",
    "schedules",
]

MIDDLEWARE = [
    # First, so every log line of a request, even from other middleware, carries its id.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# SQLite in var/ by default; DATABASE_URL selects PostgreSQL (or another database) instead.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'waymark.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a worker writes; IMMEDIATE transactions take the
    # write lock up front so concurrent writers wait (busy timeout) instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32000;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings sent when connecting (libpq `options`). Waymark's pages each run a few
    # short queries: PostgreSQL's JIT compiler spent longer compiling a dashboard's query than
    # running it (300 ms of 600 at scale 100), and the default random_page_cost of 4 is for
    # spinning disks: at 4 the planner reads every interaction's search text rather than the
    # full-text index, and every open follow-up's row rather than its partial index.
    # docs/deployment.md says how to set them on the server instead (behind PgBouncer).
    pg_options = env("DATABASE_PG_OPTIONS", "-c jit=off -c random_page_cost=1.1")
    if pg_options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = pg_options

FORM_RENDERER = "ui.forms.FormRenderer"

# The audit trail: who changed what, on every record people edit.
AUDITED_MODELS = {
    "campaigns.campaign": ["aims", "outcomes", "levers", "blockers"],
    "campaigns.ask": ["target_organisations", "target_people", "outcomes"],
    "campaigns.consultation": ["campaigns", "asks"],
    "strategy.element": [],
    "strategy.activitydelivery": ["organisations"],
    "strategy.outcomefeedback": [],
    "strategy.elementreview": [],
    "stakeholders.organisation": [],
    "stakeholders.person": [],
    "stakeholders.localarea": [],
    "stakeholders.role": [],
    # People are left out of the interaction's tracked links so erasing a person leaves no
    # copy of their name in the audit trail.
    "stakeholders.interaction": ["organisations", "campaigns", "asks"],
    "evidence.evidenceitem": ["asks", "campaigns", "outcomes"],
    "evidence.evidencefile": [],
    "monitors.source": [],
    "monitors.opening": ["people", "organisations", "areas", "campaigns", "asks"],
}
AUDITLOG_INCLUDE_TRACKING_MODELS = tuple(
    # status_changed_at is left out: the move itself is in the history ("Status: Made → ...")
    # and, dated, in the ask's progress timeline.
    {
        "model": model,
        "m2m_fields": m2m,
        "exclude_fields": ["created_at", "updated_at", "status_changed_at"],
    }
    for model, m2m in AUDITED_MODELS.items()
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after SESSION_IDLE_MINUTES without a request; every request extends them.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# Login throttling: lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("WAYMARK_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: downloads go through permission-checked views
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAYMARK_MAX_UPLOAD_BYTES = env_int("WAYMARK_MAX_UPLOAD_MB", 20) * 1024 * 1024
# Word and Excel files are zip archives: bounds checked from the zip directory before parsing.
WAYMARK_ZIP_MAX_UNCOMPRESSED_BYTES = env_int("WAYMARK_ZIP_MAX_UNCOMPRESSED_MB", 100) * 1024 * 1024
WAYMARK_ZIP_MAX_RATIO = env_int("WAYMARK_ZIP_MAX_RATIO", 100)
WAYMARK_ZIP_MAX_MEMBERS = 1000

# Security headers; the HTTPS-only ones switch on outside debug.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if (DEBUG or TESTING) else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Uptime monitors and load balancers may check health over plain HTTP on the machine itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): scripts, styles and everything else only from Waymark
# itself. No inline script, style attribute, on*= handler or javascript: URL is allowed on any
# page, so none may be written; htmx is told not to add styles or evaluate code (base.html).
# Downloads of uploaded files set their own stricter policy (ui.uploads.DOWNLOAD_CSP).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # blob: for the chart PNG download, drawn in the page from its own SVG (charts.js).
        "img-src": [SELF, "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": ["/csp-report/"],
    },
}
CSP_REPORT_MAX_BYTES = 16 * 1024

# The JSON API (api app): requests allowed per personal access token, as "N/period"
# (s, min, hour, day). Counted in the default cache (below), which every process shares.
WAYMARK_API_RATE = env("WAYMARK_API_RATE", "600/min")

# Email: SMTP when EMAIL_HOST is set, otherwise files under var/mail for the demo.
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Waymark <waymark@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)

# Background work: django-q2 on the ORM broker by default, Redis when REDIS_URL is set.
# A task's timeout is shorter than its retry window, and failures stop after max_attempts.
REDIS_URL = env("REDIS_URL", "")
Q_CLUSTER = {
    "name": "waymark",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": env_int("Q_TIMEOUT_SECONDS", 600),
    "retry": env_int("Q_RETRY_SECONDS", 720),
    "max_attempts": env_int("Q_MAX_ATTEMPTS", 3),
    "catch_up": False,
    "ack_failures": True,
    "save_limit": 500,
    "label": "Background tasks",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = 2

# The cache holds the API's per-token request counts and the dashboards' figures, so it must be
# shared by every web process (gunicorn runs several): Redis when REDIS_URL is set (CACHE_URL
# may name another Redis database), otherwise files under WAYMARK_VAR_DIR, which every process
# on this machine shares (the SQLite demo and one-machine deployments; more machines need Redis).
CACHE_URL = env("CACHE_URL", REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "waymark",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# Monitors: hosts allowed even though they resolve to private or loopback addresses.
MONITORS_ALLOW_HOSTS = env_list("MONITORS_ALLOW_HOSTS", "")
# Pause between pages of one source, and sources scanned per host in one run (politeness).
MONITORS_PAGE_DELAY = float(env("MONITORS_PAGE_DELAY", "0.5"))
MONITORS_PER_HOST = env_int("MONITORS_PER_HOST", 2)
MONITORS_USER_AGENT = env("MONITORS_USER_AGENT", f"Waymark/0.1 (policy monitoring; +{SITE_URL})")
# A PEM file of the certificate authorities https fetches and webhook posts trust (a company
# proxy's own CA, say); empty means the system's store.
MONITORS_CA_BUNDLE = env("MONITORS_CA_BUNDLE", "")
# Where a scan looks up the names of Parliament members it does not know ({id} is replaced);
# empty switches the look-up off. Off by default in the test suite, which stays on this machine.
MONITORS_MEMBERS_API = env(
    "MONITORS_MEMBERS_API",
    "" if TESTING else "https://members-api.parliament.uk/api/Members/{id}",
)

# Request ids: one per request, taken from a proxy's X-Request-ID when it is a UUID (anything
# else is replaced), returned in the X-Request-ID response header and put on every log line.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}

# Logs go to stdout (the service manager keeps them). WAYMARK_LOG_FORMAT=json writes one JSON
# object a line, with the request id and, for errors, the traceback in "exc_info".
LOG_FORMAT = env("WAYMARK_LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured("WAYMARK_LOG_FORMAT must be 'plain' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "correlation_id": "request_id",
            },
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("WAYMARK_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "INFO"},
        "waymark.csp": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        # django-guid logs each id it sets or rejects at INFO; the id is on every line anyway.
        "django_guid": {"level": "WARNING"},
    },
}
