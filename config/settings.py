"""Settings for the skills-gap self-assessment, configured by environment variables.

One module for every environment: the defaults suit local development
(SQLite, DEBUG on); production sets DEBUG=false, a real SECRET_KEY,
ALLOWED_HOSTS and usually DATABASE_URL. With DEBUG off every security
setting defaults to its strict value (HTTPS only, secure cookies, HSTS).
"""

import re
from datetime import timedelta
from pathlib import Path

import environ
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

INSECURE_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105 (refused when DEBUG is off)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == INSECURE_DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: the development key is refused when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_ratelimit",
    "career",
    "assessment",
]

MIDDLEWARE = [
    # First, so that every response and log line, redirects included, has an id.
    "config.request_id.RequestIdMiddleware",
    # Framing protection and CSP sit outside every middleware that can refuse a
    # request (a disallowed Host is raised by SecurityMiddleware and
    # CommonMiddleware), so error pages carry them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.private_pages.PrivatePagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes requires: it turns a lockout into the 429 page.
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default; PostgreSQL (or any backend) when DATABASE_URL is set.
SQLITE_PATH = Path(env.str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")))
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # Kept open between requests: opening a connection runs the pragmas
            # below, and closing the last one checkpoints and removes the WAL
            # file, which together cost more than serving a stored PDF.
            "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
            # WAL and IMMEDIATE transactions keep concurrent writers from failing
            # with "database is locked"; the timeout lets them queue instead.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Nothing lives in one process's memory but what is built from the catalogue
# (the questionnaire, rebuilt when the catalogue revision changes): sessions
# (in the database, read through the cache) and the cache are shared by every worker
# and every host. `manage.py createcachetable` creates the cache tables;
# CACHE_URL may name a shared cache server instead.
_shared_cache = env.cache_url("CACHE_URL", default="dbcache://django_cache")
if _shared_cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    # The same table, with an atomic incr() for the rate-limit counters (config/cache.py),
    # and room for a counter per client address before Django culls a third of the rows.
    _shared_cache["BACKEND"] = "config.cache.DatabaseCache"
    _shared_cache.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20000)
CACHES = {
    "default": _shared_cache,
    # The catalogue revision (career/revision.py) has a table of its own, so that
    # nothing else kept in the cache can push it out.
    "catalogue": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "catalogue_revision"},
}

# Sessions live in the database and are read through the shared cache: a cached read is one
# plain SQL lookup, where the database backend builds an ORM query on every request. Both
# are shared by every worker, so a logout or a flush is seen everywhere at once.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Login throttling (django-axes) for the candidates' and the admin's login alike:
# five failures for one username from one address lock that pair out for a
# cool-off, never for good.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user in plain SQL (config/auth.py).
    "config.auth.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.views.login_locked_out"
# Successful logins are not recorded: the app keeps no log of who signed in when.
AXES_DISABLE_ACCESS_LOG = True
# Behind a proxy that sets X-Forwarded-For, name that header here, e.g. HTTP_X_FORWARDED_FOR:
# login throttling and the rate limits then use the address the proxy appended.
CLIENT_IP_HEADERS = env.list("AXES_CLIENT_IP_HEADERS", default=["REMOTE_ADDR"])
AXES_CLIENT_IP_CALLABLE = "assessment.limits.client_address"

# --- Rate limits (assessment/limits.py) -----------------------------------------------
# "count/period", period one of s, m, h, d (e.g. "10/h", "100/2h"). Counted in the shared
# cache, so they hold across processes and hosts.
_RATE = re.compile(r"[0-9]+/[0-9]*[smhd]")
RATE_LIMITS = {
    "assessment-starts-per-session": env.str("RATE_LIMIT_STARTS_PER_SESSION", default="10/h"),
    "assessment-starts-per-address": env.str("RATE_LIMIT_STARTS_PER_ADDRESS", default="50/h"),
    "lookup-misses-per-address": env.str("RATE_LIMIT_LOOKUP_MISSES_PER_ADDRESS", default="30/h"),
    "signups-per-address": env.str("RATE_LIMIT_SIGNUPS_PER_ADDRESS", default="10/h"),
    "password-resets-per-address": env.str("RATE_LIMIT_PASSWORD_RESETS_PER_ADDRESS", default="10/h"),
}
for _name, _rate in RATE_LIMITS.items():
    if not _RATE.fullmatch(_rate):
        raise ImproperlyConfigured(f"Rate limit {_name} is {_rate!r}; write it as count/period, e.g. 10/h.")
RATELIMIT_ENABLE = True
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "assessment.limits.client_address"
# django-ratelimit warns about any cache backend not on its short list (W001); it still
# refuses the ones it knows to be unsafe (E003), and ours increments atomically.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
# In production WhiteNoise serves the collected files: compressed, with hashed
# names cached for a year. `collectstatic` must run first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
# Source maps are for developers; compressing them only slows collectstatic down.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4", "mpeg", "mpg", "webm", "wmv"),
    "map",
]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400

# Development prints mail to the console; production sends it over SMTP,
# e.g. EMAIL_URL=smtp+tls://user:password@mail.example.com:587.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"]}}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    # filemail:///absolute/path: a file per message, read by the tests that run real servers.
    # (django-environ drops the path's leading slash.)
    MAILERS["default"]["OPTIONS"] = {"file_path": "/" + _email["EMAIL_FILE_PATH"].lstrip("/")}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": _email["EMAIL_HOST"],
        "port": _email["EMAIL_PORT"],
        "username": _email["EMAIL_HOST_USER"],
        "password": _email["EMAIL_HOST_PASSWORD"],
        "use_tls": _email.get("EMAIL_USE_TLS", False),
        "use_ssl": _email.get("EMAIL_USE_SSL", False),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@skills-gap.local")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address for links in emails sent outside a request (the weekly plan digest).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

# How long a sign-up's confirmation link works (assessment/signups.py).
SIGNUP_CONFIRM_HOURS = env.int("SIGNUP_CONFIRM_HOURS", default=24)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessment:report-list"
LOGOUT_REDIRECT_URL = "career:home"

# --- Security ------------------------------------------------------------------------
# Strict by default when DEBUG is off; `make serve` relaxes the HTTPS-only ones
# to rehearse production on plain HTTP over loopback.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Only behind a proxy that terminates TLS and always sets X-Forwarded-Proto itself.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# The __Host- prefix makes browsers refuse the cookie unless it is Secure, has
# Path=/ and no Domain, so no subdomain or plain-HTTP page can set or shadow it.
# Browsers drop a prefixed cookie that is not Secure, hence only with HTTPS
# (`make serve` on plain HTTP keeps the plain names).
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Our templates carry no inline script or style; the admin's tags carry the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
}

# --- Retention -----------------------------------------------------------------------
# `manage.py purge_anonymous_assessments` deletes anonymous work older than this.
ANONYMOUS_RETENTION_DAYS = env.int("ANONYMOUS_RETENTION_DAYS", default=30)

# --- Logging -------------------------------------------------------------------------
# Everything goes to stderr, one line per record, tagged with the request id.
# Records carry paths and status codes only: never bodies, passwords, answers or emails.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [request_id=%(request_id)s] %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "line",
        },
    },
    "root": {"handlers": ["stderr"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's defaults (console only with DEBUG, mail to admins
        # without it); records propagate to the root's stderr handler. Fixed at
        # INFO whatever LOG_LEVEL says: at DEBUG Django logs SQL parameters and
        # whole template contexts, which hold answers and email addresses.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "axes": {"handlers": [], "level": "WARNING", "propagate": True},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"handlers": [], "level": "WARNING", "propagate": True},
        "fontTools": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}
