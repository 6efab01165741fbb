"""Settings for KITEK Practice Portal.

One module, configured from the environment (see README.md, "Configuration").
Defaults give a zero-setup laptop install: SQLite and an embedded Celery broker
under var/, e-mail written as files under var/mail/. Production sets DEBUG=false,
SECRET_KEY, DATABASE_URL, REDIS_URL, HTTPS=true and the SMTP variables.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from kitek_portal import spreadsheets

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-key-not-for-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "accounts",
    "jobs",
    "partners",
    "practice",
    "agreements",
    "meetings",
    "announcements",
    "library",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kitek_portal.csp.PortalCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kitek_portal.urls"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "kitek_portal.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env.bool(
    "POSTGRES_JIT", default=False
):
    # The portal's queries are short: PostgreSQL's JIT compiled a query it costed high (a
    # subquery per row of a large table) for longer than the query then ran.
    # Added to the ``options`` a DATABASE_URL may carry (``?options=-c statement_timeout=…``).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Asia/Omsk"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["kitek_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Hashed, compressed static files in production (after collectstatic); plain files
# for development and tests, which never run collectstatic.
STATIC_STORAGE = env.str(
    "STATIC_STORAGE",
    default="django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG
    else "whitenoise.storage.CompressedManifestStaticFilesStorage",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": STATIC_STORAGE},
}

# Spreadsheets written by django-import-export (the admin) carry no live formula: the
# escaping hook is on, and our formats implement it without losing data (spreadsheets.py).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_FORMATS = spreadsheets.FORMATS

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {40: "danger"}

# --- Redis, cache and Celery -------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# One connection attempt, half a second at most, when publishing: a page that queues an
# e-mail must not wait for a Redis that is down (the worker reconnects with its own retries).
REDIS_BROKER_OPTIONS = {"max_retries": 0, "socket_connect_timeout": 0.5}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kitek",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_OPTIONS
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Embedded broker: kombu's filesystem transport needs no server, so a laptop
    # install still runs a real worker and beat.
    _broker_dir = VAR_DIR / "celery-broker"
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        # Exchange tables next to the messages, not in the folder the process started in.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# Sessions live in the database so that a Redis outage never logs anybody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Installs kitek_portal/periodic.py on start; administrators' edits in the admin are kept.
CELERY_BEAT_SCHEDULER = "kitek_portal.beat:Scheduler"
# Parallel test processes (pytest-xdist sets PYTEST_XDIST_WORKER) get a queue each, so that a
# worker one test starts never takes a task another test queued against its own database.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="kitek") + env.str(
    "PYTEST_XDIST_WORKER", default=""
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a web request must fail fast when the broker is down: the
# outbox keeps the message and beat delivers it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False

# --- E-mail ----------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# A failing e-mail is retried (at most hourly) for this many hours, then marked «Не отправлено».
EMAIL_RETRY_HOURS = env.int("EMAIL_RETRY_HOURS", default=72)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="КИТЭК Практика <practice@kitek.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute address used in e-mails (password reset, reply links).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Telegram (a second channel of the outbox; off while the token is empty) --------
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
# The bot's username without «@», for the t.me deep link that connects a user.
TELEGRAM_BOT_USERNAME = env.str("TELEGRAM_BOT_USERNAME", default="").lstrip("@")
TELEGRAM_API_URL = env.str("TELEGRAM_API_URL", default="https://api.telegram.org").rstrip("/")
# Telegram sends it in X-Telegram-Bot-Api-Secret-Token (setWebhook secret_token).
TELEGRAM_WEBHOOK_SECRET = env.str("TELEGRAM_WEBHOOK_SECRET", default="")
TELEGRAM_TIMEOUT = env.float("TELEGRAM_TIMEOUT", default=10.0)
# A «Подключить Telegram» link works once, for this many minutes.
TELEGRAM_LINK_MINUTES = env.int("TELEGRAM_LINK_MINUTES", default=60)

# --- HTTPS hardening (production behind nginx) ----------------------------------
HTTPS = env.bool("HTTPS", default=False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Content security policy (django-csp) ------------------------------------------
# Only the portal's own files: Bootstrap and htmx are vendored under static/, and no
# template carries an inline <script> or style="" (htmx's own indicator style is off,
# see base.html). Bootstrap's CSS draws some icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": "/csp-report/",
    },
}

# --- Login protection (django-axes) -------------------------------------------------
# Number of reverse proxies in front of the portal that append to X-Forwarded-For
# (1 behind nginx with $proxy_add_x_forwarded_for); 0 trusts only REMOTE_ADDR.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured("NUM_PROXIES must be 0 or more.")
LOGIN_FAILURES_PER_USERNAME = env.int("LOGIN_FAILURES_PER_USERNAME", default=10)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
AXES_HANDLER = "accounts.lockout.PortalAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_USERNAME  # the address limit is scaled onto it
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not extend it: it ends 15 minutes after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_USERNAME_CALLABLE = "accounts.lockout.canonical_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Password reset: requests per address and per e-mail within the window.
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=5)
PASSWORD_RESETS_PER_EMAIL = env.int("PASSWORD_RESETS_PER_EMAIL", default=3)
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Failed logins and lockouts are WARNING; successful logins are not worth a line.
        "axes": {"level": "WARNING"},
    },
}
# kombu's filesystem transport has no broadcast, so remote control only with Redis.
CELERY_WORKER_ENABLE_REMOTE_CONTROL = bool(REDIS_URL)
# Periodic tasks are not in CELERY_BEAT_SCHEDULE (beat would overwrite admin edits on every
# start): they are listed in kitek_portal/periodic.py.

# Background jobs (jobs/): how long a prepared file is kept, and from how many rows a
# document (schedule, order, registry exports) is prepared by the worker instead of the request.
JOBS_KEEP_HOURS = env.int("JOBS_KEEP_HOURS", default=72)
DOCUMENTS_IN_WORKER_ABOVE_ROWS = env.int("DOCUMENTS_IN_WORKER_ABOVE_ROWS", default=200)

# Printed in document headers (placement schedules, minutes, agreements).
COLLEGE_NAME = env.str(
    "COLLEGE_NAME",
    default="Бюджетное профессиональное образовательное учреждение Омской области "
    "«Колледж инновационных технологий, экономики и коммерции»",
)
COLLEGE_SHORT_NAME = env.str("COLLEGE_SHORT_NAME", default="БПОУ «КИТЭК»")

# Personal data (152-ФЗ): graduates' names and contacts are anonymised this many years
# after graduation by the periodic task «personal-data-retention».
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=5)
if PERSONAL_DATA_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("PERSONAL_DATA_RETENTION_YEARS must be 1 or more.")

# Placements the partner has not confirmed this many days before the practice starts are
# listed on the staff dashboard, and the partner's representatives are reminded by e-mail.
PLACEMENT_CONFIRMATION_DAYS = env.int("PLACEMENT_CONFIRMATION_DAYS", default=7)
if PLACEMENT_CONFIRMATION_DAYS < 0:
    raise ImproperlyConfigured("PLACEMENT_CONFIRMATION_DAYS must be 0 or more.")

# bin/backup: where backup folders go and how many of them are kept.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
