"""Settings shared by every environment. Values that differ come from the environment,
read here and nowhere else."""
import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-not-secret-0f3c9a0b7e5d4c1a8b6e")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "config.apps.PortalAdminConfig",  # django.contrib.admin with the portal's own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "treebeard",
    "config.apps.AxesConfig",  # django-axes, named in Vietnamese
    "accounts",
    "unions",
    "plans",
    "reporting",
    "compliance",
    "notifications",
    "reviews",
    "quality",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "config.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed (the form: 34 KB → 6 KB); Django pads each gzipped body with random bytes
    # against BREACH. Static files come compressed from whitenoise above and never pass here.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Security: sign-in throttling (django-axes: 5 failures for one user name, from any address, lock
# that name for 15 minutes; 5 failures from one address, whatever the names, lock that address),
# a Content-Security-Policy, a cap on request size, short-lived sessions.
AUTHENTICATION_BACKENDS = ["accounts.backends.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # separate entries: each locks on its own
# The client's address: REMOTE_ADDR, or what a proxy named here wrote in its header.
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
TRUSTED_PROXY_IPS = env.list("TRUSTED_PROXY_IPS", default=[])
TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER", default="X-Forwarded-For")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
MAX_REQUEST_BYTES = 12 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields, files aside
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
# A form posted after the session expired is kept for the person who was signed in, up to this
# many characters (a report form's texts hold at most about 32,000); never for anonymous requests.
KEPT_INPUT_MAX_CHARS = 64_000
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

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
                "django.template.context_processors.i18n",
                "accounts.context_processors.current_unit",
                "accounts.context_processors.portal_operator",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL says otherwise (postgres://user@host:port/name).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web process use the file at the same time.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
# A read replica, for deployments that outgrow one database server: the dashboards and the
# export files read there (common/replica.py); writes, and reads inside them, stay on default.
REPLICA_DATABASE = None
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    REPLICA_DATABASE = "replica"
DATABASE_ROUTERS = ["common.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English on request. Dates are dd/mm/yyyy in both (config/formats).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The browser's Accept-Language is ignored (English office PCs; config.middleware): English only
# when the person picks it in the footer, kept in this cookie for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
# Grouping is applied where a figure is shown (portal_format.grouped), never to ids or years.
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.staticstorage.HashedStaticFilesStorage"},
}
# Hashed names are cached for a year (immutable); anything else (favicon.ico) for a day. The
# files served at the site's root (/favicon.ico, asked by every browser and by the admin).
WHITENOISE_MAX_AGE = 24 * 60 * 60
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng 1306 LĐLĐ Quảng Trị <no-reply@ldld.quangtri.vn>")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)  # seconds; a hung mail server must not hold a worker

# Celery: Redis when REDIS_URL is set; otherwise a broker kept in files under var/, so that
# `make run` needs no server at all.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
)
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    # Exports left queued while the broker was down, or by a worker that died, are queued again.
    "export-sweep": {"task": "reporting.sweep_exports", "schedule": crontab(minute="*/5")},
}
# A broker that is down must not hold a page for long: try briefly, then give up (the sweeps
# queue the work again once it is back).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
EXPORTS_PER_PERSON = env.int("EXPORTS_PER_PERSON", default=3)  # compliance files being made at once, per person
EXPORT_PROGRESS_EVERY = 2000  # unit rows between two progress updates of an export
EXPORT_PROGRESS_PAUSE = 0  # seconds slept at each progress step: only fault tests set it
# A PDF is laid out in one call with no callback: a thread refreshes the export's heartbeat this
# often meanwhile, well within the sweep's 10 minutes, so a long PDF is never made twice.
EXPORT_HEARTBEAT_SECONDS = 30
# The compliance PDF is bounded by design: its annex lists each unit only for a scope of at most
# this many (a province like Quảng Trị, ~1,000 units), otherwise the counts by upper-level union;
# section IV shows at most this many proposals per group. The Excel workbook has every row.
PDF_ANNEX_UNITS = 1500
PDF_PROPOSALS_PER_GROUP = 10
# Deadline reminders (notifications/): planned every morning at 07:30 Asia/Ho_Chi_Minh; a sweep
# every 10 minutes tells units of returned reports and re-queues sends a dead worker left.
CELERY_BEAT_SCHEDULE["deadline-reminders"] = {
    "task": "notifications.send_daily_reminders", "schedule": crontab(hour=7, minute=30)}
CELERY_BEAT_SCHEDULE["reminder-sweep"] = {"task": "notifications.sweep_reminders", "schedule": crontab(minute="*/10")}
REMINDER_CHUNK_SIZE = env.int("REMINDER_CHUNK_SIZE", default=200)  # reminders per sending task
REMINDER_RETRY_BACKOFF = env.int("REMINDER_RETRY_BACKOFF", default=60)  # first retry after (s), then doubling
REMINDER_RETRY_BACKOFF_MAX = env.int("REMINDER_RETRY_BACKOFF_MAX", default=1800)  # below Redis' visibility timeout
REMINDER_MAX_RETRIES = env.int("REMINDER_MAX_RETRIES", default=8)
REMINDER_LEASE_SECONDS = 600  # a worker's hold on a reminder it is sending; longer than EMAIL_TIMEOUT
REMINDER_STALLED_AFTER = 1800  # waiting this long past its time, a reminder is queued again

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {  # their progress lines are noise in a worker's log
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Labels shown in the navigation and on official documents.
PORTAL_NAME = _("Plan 1306 portal")
# Who runs this installation, named in every page's footer and on the sign-in page (a national
# installation: "Tổng Liên đoàn Lao động Việt Nam"). Documents and e-mails name each province's own.
PORTAL_OPERATOR = env("PORTAL_OPERATOR", default="Liên đoàn Lao động tỉnh Quảng Trị")
# A document names its issuer from the tree (reporting.documents.issuer_of): these are what the
# tree cannot say — the body above a province at the top of the tree, the confederation's place.
ISSUING_BODY_PARENT = "TỔNG LĐLĐ VIỆT NAM"
NATIONAL_PLACE = "Hà Nội"
