"""Django settings for tochuc.

Everything a deployment changes comes from the environment: ``DATABASE_URL`` (default: the
embedded SQLite file under ``TOCHUC_DATA_DIR``), ``TOCHUC_SECRET_KEY``, ``TOCHUC_DEBUG``,
``TOCHUC_ALLOWED_HOSTS``. Thresholds that regulations may change live in ``TOCHUC_RULES``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TOCHUC_DATA_DIR", BASE_DIR.parent / "var"))

DEBUG = os.environ.get("TOCHUC_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("TOCHUC_SECRET_KEY", "")
if not SECRET_KEY:
    # A key everybody knows signs sessions and CSRF tokens that anybody can forge: only a
    # developer's machine (TOCHUC_DEBUG=1) may fall back to it, never a server.
    if not DEBUG:
        raise ImproperlyConfigured(
            "Chưa đặt TOCHUC_SECRET_KEY: hãy đặt biến môi trường này thành một chuỗi bí mật dài, ngẫu nhiên "
            "(ví dụ: python -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "chỉ khi phát triển (TOCHUC_DEBUG=1) mới dùng khóa mặc định."
        )
    SECRET_KEY = "tochuc-dev-only-insecure-key-change-me-in-production"
# Django's test runner adds "testserver" itself; a server never needs it.
ALLOWED_HOSTS = os.environ.get("TOCHUC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "tochuc.core",
    "tochuc.orgs",
    "tochuc.members",
    "tochuc.reorganizations",
    "tochuc.congresses",
    "tochuc.conferences",
    "tochuc.meetings",
    "tochuc.documents",
    "tochuc.accounts",
    "tochuc.audit",
    "tochuc.web",
    "tochuc.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "tochuc.accounts.middleware.IdleSessionMiddleware",
    "tochuc.core.locale.ChosenLanguageMiddleware",
    "tochuc.core.input_guard.InputGuardMiddleware",  # NUL, huge numbers, bad dates, deep JSON → 400
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tochuc.core.cache.NoStoreForUsersMiddleware",
    "tochuc.accounts.middleware.ScopeMiddleware",
    "tochuc.accounts.middleware.TokenWriteAuditMiddleware",  # after the write: refused writes leave no row
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "tochuc.urls"
WSGI_APPLICATION = "tochuc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "tochuc.web.context_processors.scope",
            ],
            "builtins": ["tochuc.core.templatetags.permissions"],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'tochuc.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"].endswith("sqlite3"):
        # WAL lets readers go on while an import writes; IMMEDIATE avoids lock upgrades
        # that fail with "database is locked" under concurrent writers.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;",
        }
        config["CONN_MAX_AGE"] = 0
    else:
        # A pooled connection the server (or a proxy) dropped would fail the next request with
        # a 500: check it once per request before reusing it.
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "tochuc.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 8 idle hours of office work, and with the browser. Polls (htmx requests
# marked X-Tochuc-Poll by web/poll.js) do not count as activity: IdleSessionMiddleware.
SESSION_COOKIE_AGE = 8 * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if os.environ.get("TOCHUC_HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000

# Everything is served from our own origin: no CDN, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Login throttling (tochuc.accounts.logins): this many failures for one account within the window
# lock that account until the window passes; an address is only slowed down (each attempt waits
# the delay), and only after far more failures, since many users share one NAT address.
TOCHUC_LOGIN_MAX_FAILURES = int(os.environ.get("TOCHUC_LOGIN_MAX_FAILURES", "5"))
TOCHUC_LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("TOCHUC_LOGIN_MAX_FAILURES_PER_ADDRESS", "100"))
TOCHUC_LOGIN_ADDRESS_DELAY_SECONDS = float(os.environ.get("TOCHUC_LOGIN_ADDRESS_DELAY_SECONDS", "3"))
TOCHUC_LOGIN_WINDOW_SECONDS = int(os.environ.get("TOCHUC_LOGIN_WINDOW_SECONDS", "900"))
# API tokens stop working this many days after they are made.
TOCHUC_TOKEN_DAYS = int(os.environ.get("TOCHUC_TOKEN_DAYS", "90"))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # vendored third-party files (htmx)

# Background work: the database backend and its worker (`tochuc db_worker`, started by `make run`).
# TOCHUC_TASKS=immediate runs tasks inline (tests, one-off scripts).
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TOCHUC_TASKS") == "immediate"
        else "django_tasks_db.DatabaseBackend",
    }
}

# A running background job (member import, report export) whose worker has not beaten for this
# many seconds lost its worker (kill -9, a restart): it is shown failed and can be retried. The
# worker beats every quarter of this, so a live job is never taken for dead.
TOCHUC_JOB_STALE_SECONDS = int(os.environ.get("TOCHUC_JOB_STALE_SECONDS", "120"))

# Branch meeting rules (Chỉ thị 50-CT/TW, Hướng dẫn 42-HD/BTCTW): the figures of
# tochuc.domain.meetings.MeetingPolicy, with their documented defaults.
TOCHUC_MEETINGS = {
    "regular_day": 3,  # the monthly meeting on the 3rd
    "min_minutes": 90,
    "combined_min_minutes": 120,  # with a thematic session
    "thematic_per_quarter": 1,
    "attendance_min_percent": 85,  # a meeting under 85% present is low
    "max_excused_in_a_row": 3,  # excused more than 3 meetings in a row is flagged
    "thematic_counts_as_monthly": True,
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The per-unit totals' covering index (tochuc.reports.models.Tally) has INCLUDE columns that only
# PostgreSQL uses; SQLite builds the same index without them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
