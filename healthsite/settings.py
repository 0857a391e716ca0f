"""Settings for the health CMS, read from the environment.

One module for every environment: development, CI and production differ only in
environment variables (see the configuration table in the README).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_positive_int(name: str, default: int) -> int:
    number = env_int(name, default)
    if number < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1.")
    return number


def env_age_range(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """A range of years written "9-11" (or a single age, "11")."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    low, _, high = value.replace(" ", "").partition("-")
    try:
        low_age, high_age = int(low), int(high or low)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must look like 9-11, not {value!r}.") from None
    if not 5 <= low_age <= high_age <= 25:
        raise ImproperlyConfigured(f"{name} must be a range of ages from 5 to 25, lowest first.")
    return low_age, high_age


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development set DJANGO_DEBUG=1."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Full-text search; its operations do nothing on SQLite.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "taggit",
    "axes",
    "accounts",
    "conditions",
    "articles",
    "comments",
    "pages",
    # Background work: Django's tasks API (django.tasks from Django 6), tasks stored in the database.
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "newsletter",
    "media",
    "imports",
    "feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves /static/ itself, compressed and cached, so no separate web server is needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "healthsite.middleware.AdminRequestGuardMiddleware",
    # ETags and 304 answers for every page, cached or not.
    "django.middleware.http.ConditionalGetMiddleware",
    # Early, so a cached page skips sessions, authentication and CSRF entirely.
    "healthsite.pagecache.PageCacheMiddleware",
    # Pages the page cache did not have are read from a replica, when there is one.
    "healthsite.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so it sees the result of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "healthsite.urls"

# The admin's address; moving it off /admin/ cuts down on automated login attempts.
# Empty (or only slashes) keeps the default: the admin never takes over the home page.
ADMIN_URL = (os.environ.get("DJANGO_ADMIN_URL", "").strip().strip("/") or "admin") + "/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

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
                "pages.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "healthsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default planner costs assume spinning disks: on a small site
    # (about a thousand articles) it then reads every article to search them
    # instead of walking the newest first. 1.1 suits data held in memory or on SSDs.
    # Set empty to keep the server's own setting (needed behind a pooler that
    # refuses start-up options, such as PgBouncer without ignore_startup_parameters).
    page_cost = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1").strip()
    if page_cost:
        try:
            cost = float(page_cost)
        except ValueError:
            cost = 0.0
        if not 0 < cost < 1000:
            raise ImproperlyConfigured(
                f"DATABASE_RANDOM_PAGE_COST must be a number above 0 such as 1.1, not {page_cost!r}."
            )
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={cost:g}"

# Read replicas (healthsite/replicas.py, docs/deployment.md): comma-separated URLs of
# PostgreSQL streaming replicas that serve anonymous readers' pages. A replica more
# than DATABASE_REPLICA_MAX_LAG_SECONDS behind, or down, is skipped.
DATABASE_REPLICA_MAX_LAG_SECONDS = env_positive_int("DATABASE_REPLICA_MAX_LAG_SECONDS", 10)
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(_url, conn_max_age=600, conn_health_checks=True)
    if DATABASES[_alias]["ENGINE"] == "django.db.backends.postgresql":
        _options = DATABASES[_alias].setdefault("OPTIONS", {})
        # A replica that is down must cost little before it is skipped.
        _options.setdefault("connect_timeout", 2)
        for _name, _value in DATABASES["default"].get("OPTIONS", {}).items():
            _options.setdefault(_name, _value)
    # Tests read the test database through it, as production reads a copy of the primary.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["healthsite.replicas.ReplicaRouter"]

# Redis is optional: with REDIS_URL set, every app server shares one cache;
# without it each process keeps its own in local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis that does not answer must cost a page little.
    _REDIS_TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
    CACHES = {
        # Pages and parts of pages: while Redis is down the site runs uncached
        # (healthsite/cache.py), pausing CACHE_PAUSE_AFTER_FAILURE seconds between tries.
        "default": {
            "BACKEND": "healthsite.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                **_REDIS_TIMEOUTS,
                "pause_after_failure": env_positive_int("CACHE_PAUSE_AFTER_FAILURE", 5),
            },
        },
        # Rate-limit counters: errors reach the caller, which refuses posts it
        # cannot count (healthsite/limits.py).
        "counters": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _REDIS_TIMEOUTS,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counters"},
    }
RATELIMIT_USE_CACHE = "counters"

# Whole-page cache for anonymous readers (healthsite/pagecache.py). Pages are
# dropped the moment what they show changes, so the lifetime only bounds memory use.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# How long browsers and CDNs may reuse a page without asking again (then 304s).
PAGE_CACHE_BROWSER_SECONDS = env_int("PAGE_CACHE_BROWSER_SECONDS", 60)
# Parts of pages that are slow to render ({% cache %} in templates: an article's
# text and its comment list), kept for every reader, logged in or not, under keys
# that hold the page cache's generations, so they go exactly when whole pages do.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 600)
# A CDN or shared cache in front (healthsite/cdn.py, docs/deployment.md): how long it
# may serve a page while it fetches a fresh one, the header naming what a page
# shows (Surrogate-Key, or Cache-Tag), and where to ask it to drop pages.
CDN_STALE_SECONDS = env_int("CDN_STALE_SECONDS", 60)
CDN_KEY_HEADER = os.environ.get("CDN_KEY_HEADER", "Surrogate-Key")
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "")
CDN_PURGE_METHOD = os.environ.get("CDN_PURGE_METHOD", "POST")
CDN_PURGE_AUTH_HEADER = os.environ.get("CDN_PURGE_AUTH_HEADER", "")  # e.g. "Authorization: Bearer ..."
CDN_PURGE_TIMEOUT = env_positive_int("CDN_PURGE_TIMEOUT", 5)
PAGE_CACHE_EXCLUDE = [
    f"/{ADMIN_URL}",
    "/accounts/",
    "/comments/",
    "/newsletter/",
    "/feedback/",
    "/healthz",
    "/__baseline__/",
]

# Mounts the benchmark's baseline view (bench/run.py); never on in production.
BENCH_BASELINE = env_bool("DJANGO_BENCH_BASELINE")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed copies made by collectstatic; WhiteNoise serves them with
# far-future cache headers because a changed file gets a new name.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded images and documents (the media app). Locally they are files under
# MEDIA_ROOT; with MEDIA_S3_BUCKET set they go to S3-compatible storage through
# django-storages (credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as
# boto3 reads them). Every stored name holds a hash of the file's content, so a
# changed file gets a new address and caches may keep each one for a year.
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
# Not BASE_DIR / "media": that is the media app's own code.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "uploads"))
# Django serves MEDIA_URL itself while developing; in production a web server,
# the bucket or a CDN does (docs/media.md), unless this is turned on for a small site.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "").strip()
MEDIA_S3_CUSTOM_DOMAIN = os.environ.get("MEDIA_S3_CUSTOM_DOMAIN", "").strip().strip("/")
MEDIA_S3_ENDPOINT_URL = os.environ.get("MEDIA_S3_ENDPOINT_URL", "").strip()
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "region_name": os.environ.get("MEDIA_S3_REGION", "").strip() or None,
            "endpoint_url": MEDIA_S3_ENDPOINT_URL or None,
            "custom_domain": MEDIA_S3_CUSTOM_DOMAIN or None,
            # Public, unsigned addresses: pages kept in the page cache must not hold
            # links that expire.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }


def _media_origins() -> list[str]:
    """Where readers' browsers fetch uploaded images from, for the Content-Security-Policy."""
    from urllib.parse import urlsplit

    origins = []
    if MEDIA_URL.startswith(("https://", "http://")):
        parts = urlsplit(MEDIA_URL)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    if MEDIA_S3_BUCKET:
        if MEDIA_S3_CUSTOM_DOMAIN:
            origins.append(f"https://{MEDIA_S3_CUSTOM_DOMAIN}")
        elif MEDIA_S3_ENDPOINT_URL:
            parts = urlsplit(MEDIA_S3_ENDPOINT_URL)
            origins.append(f"{parts.scheme}://{parts.netloc}")
        else:
            origins.append(f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com")
            if os.environ.get("MEDIA_S3_REGION", "").strip():
                origins.append(
                    f"https://{MEDIA_S3_BUCKET}.s3.{os.environ['MEDIA_S3_REGION'].strip()}.amazonaws.com"
                )
    return origins


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Email: printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", default=False)
if EMAIL_USE_SSL:
    # Django refuses both at once; implicit TLS (SSL) wins when it is asked for.
    EMAIL_USE_TLS = False
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

# --- Background tasks (docs/tasks.md) -------------------------------------------
# "database": tasks are rows in the database, run by `manage.py db_worker`
# processes (production). "immediate": each task runs at once in the process
# that queued it, so `make run`, the demo and the tests need no worker.
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "immediate").strip().lower()
_TASK_BACKENDS = {
    # On Django 6 the immediate backend is django.tasks.backends.immediate.ImmediateBackend.
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"DJANGO_TASKS_BACKEND must be immediate or database, not {TASKS_BACKEND!r}.")
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[TASKS_BACKEND],
        # "newsletter" holds the bulk sends, so workers can be set aside for the rest.
        "QUEUES": ["default", "newsletter"],
    }
}
# A task still "running" this long after it started is taken to belong to a worker
# that died; `manage.py periodic` queues it again (tasks are safe to run twice).
TASKS_RUNNING_TIMEOUT_MINUTES = env_positive_int("TASKS_RUNNING_TIMEOUT_MINUTES", 30)
# Emails the mail server refuses for now (or that time out) are tried this many
# times in all, waiting twice as long each time from the first delay, then failed.
TASKS_EMAIL_ATTEMPTS = env_positive_int("TASKS_EMAIL_ATTEMPTS", 5)
TASKS_RETRY_DELAY_SECONDS = env_positive_int("TASKS_RETRY_DELAY_SECONDS", 60)
# Finished tasks are deleted from the admin's list after this many days.
TASKS_KEEP_FINISHED_DAYS = env_positive_int("TASKS_KEEP_FINISHED_DAYS", 30)

SITE_NAME = os.environ.get("SITE_NAME", "Healthsite")
# Where the site is reached; links in notification emails start with it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Editorial workflow (articles/workflow.py). How many distinct medical reviewers
# must approve a new article or a major change, and a minor change.
MEDICAL_REVIEW_QUORUM_MAJOR = env_positive_int("MEDICAL_REVIEW_QUORUM_MAJOR", 2)
MEDICAL_REVIEW_QUORUM_MINOR = env_positive_int("MEDICAL_REVIEW_QUORUM_MINOR", 1)
# A completed medical review sets the next one this many months later.
MEDICAL_REVIEW_INTERVAL_MONTHS = env_positive_int("MEDICAL_REVIEW_INTERVAL_MONTHS", 12)
# The review-due report lists reviews due within this many days.
REVIEW_DUE_SOON_DAYS = env_positive_int("REVIEW_DUE_SOON_DAYS", 30)

# Quality gates (articles/quality.py, articles/checklist.py). The reading age a
# version should not go above, as "lowest-highest" years (NHS.UK aims for 9 to 11).
READING_AGE_TARGET = env_age_range("READING_AGE_TARGET", (9, 11))
# The newest source of an article may be at most this many years old.
SOURCES_MAX_AGE_YEARS = env_positive_int("SOURCES_MAX_AGE_YEARS", 5)
# check_sources: seconds to wait for a server, requests per host per run, and
# seconds between two requests to the same host.
SOURCE_CHECK_TIMEOUT = env_positive_int("SOURCE_CHECK_TIMEOUT", 10)
SOURCE_CHECK_PER_HOST = env_positive_int("SOURCE_CHECK_PER_HOST", 30)
SOURCE_CHECK_HOST_DELAY = env_int("SOURCE_CHECK_HOST_DELAY", 1)
# "Was this page helpful?" answers from one network address.
FEEDBACK_RATE_PER_ADDRESS = os.environ.get("FEEDBACK_RATE_PER_ADDRESS", "20/h")

TAGGIT_CASE_INSENSITIVE = True

# The importer (imports/, docs/importing.md). A page larger than this is refused;
# a WordPress export is read as a stream, so its own limit is much higher.
IMPORT_MAX_PAGE_BYTES = env_positive_int("IMPORT_MAX_PAGE_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_EXPORT_BYTES = env_positive_int("IMPORT_MAX_EXPORT_BYTES", 1024 * 1024 * 1024)
# The admin's "Import articles" page: the most one upload may hold (larger sites use the command).
IMPORT_UPLOAD_MAX_BYTES = env_positive_int("IMPORT_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)

# Comments. Thresholds moderators tune at runtime (trust, reports, links) live in
# the admin under Comments > Moderation settings, not here.
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 365)  # 0: never close on their own
# Rates (healthsite/limits.py): "5/10m" is five in ten minutes.
COMMENTS_RATE_PER_ACCOUNT = os.environ.get("COMMENTS_RATE_PER_ACCOUNT", "5/10m")
# Higher than per account: a hospital or library network is shared by many readers.
COMMENTS_RATE_PER_ADDRESS = os.environ.get("COMMENTS_RATE_PER_ADDRESS", "20/10m")
COMMENTS_REPORT_RATE_PER_ACCOUNT = os.environ.get("COMMENTS_REPORT_RATE_PER_ACCOUNT", "10/h")
COMMENTS_REPORT_RATE_PER_ADDRESS = os.environ.get("COMMENTS_REPORT_RATE_PER_ADDRESS", "30/h")
ACCOUNTS_SIGNUP_RATE_PER_ADDRESS = os.environ.get("ACCOUNTS_SIGNUP_RATE_PER_ADDRESS", "5/h")
# Per email address, known or not: past it the answer is the same but no email is sent.
ACCOUNTS_SIGNUP_RATE_PER_EMAIL = os.environ.get("ACCOUNTS_SIGNUP_RATE_PER_EMAIL", "3/h")
ACCOUNTS_PASSWORD_RESET_RATE_PER_ADDRESS = os.environ.get("ACCOUNTS_PASSWORD_RESET_RATE_PER_ADDRESS", "10/h")
ACCOUNTS_PASSWORD_RESET_RATE_PER_EMAIL = os.environ.get("ACCOUNTS_PASSWORD_RESET_RATE_PER_EMAIL", "3/h")
# Network addresses kept for rate limits and login throttling are deleted after
# this many days (`manage.py periodic`, or `manage.py forget_network_addresses`).
NETWORK_ADDRESS_RETENTION_DAYS = env_positive_int("NETWORK_ADDRESS_RETENTION_DAYS", 30)
# Deleting an account: "remove" takes the reader's published comments down with
# it, "keep" leaves them up signed "a former reader". The reader chooses; this is
# what the form offers first.
ACCOUNT_DELETION_COMMENTS = os.environ.get("ACCOUNT_DELETION_COMMENTS", "remove").strip().lower()
if ACCOUNT_DELETION_COMMENTS not in {"remove", "keep"}:
    raise ImproperlyConfigured("ACCOUNT_DELETION_COMMENTS must be remove or keep.")

# Newsletter (newsletter app, docs/newsletter.md).
NEWSLETTER_SIGNUP_RATE_PER_ADDRESS = os.environ.get("NEWSLETTER_SIGNUP_RATE_PER_ADDRESS", "10/h")
# Confirmation emails one email address may be sent; more sign-ups are answered
# the same way but send nothing, so the form cannot be used to flood someone.
NEWSLETTER_SIGNUP_RATE_PER_EMAIL = os.environ.get("NEWSLETTER_SIGNUP_RATE_PER_EMAIL", "3/d")
NEWSLETTER_BATCH_SIZE = env_positive_int("NEWSLETTER_BATCH_SIZE", 200)
# Weekly editions start on this day (0 Monday ... 6 Sunday), monthly ones on the 1st.
NEWSLETTER_WEEKLY_DAY = env_int("NEWSLETTER_WEEKLY_DAY", 0) % 7

# Behind a proxy, the request header that holds the reader's address (for example
# HTTP_X_REAL_IP); only set it when the proxy overwrites that header.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None


# --- Security -------------------------------------------------------------------
# Production defaults assume the site is served over TLS. Behind a proxy that
# terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=1 so Django trusts its
# X-Forwarded-Proto header; set DJANGO_SECURE_SSL_REDIRECT=0 only when something
# in front of Django already redirects plain HTTP.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions are read from the cache and kept in the database too (Django's cached_db):
# a logged-in reader's page costs no query for the session, and a cache that is
# emptied or down (healthsite/cache.py) falls back to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): only this site's own scripts, styles and
# images; no inline code anywhere, public site or admin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # This site, and the media host when uploads are served from elsewhere.
        "img-src": [SELF, "data:", *_media_origins()],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling (django-axes) for the admin and reader log-in alike: after
# AXES_FAILURE_LIMIT failures for one username from one address, that pair is
# locked out for the cool-off time and sees a plain explanation.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Over-long or NUL-laden usernames are trimmed before axes records them.
AXES_USERNAME_CALLABLE = "accounts.throttling.attempted_username"
# Behind a proxy, the client address comes from X-Forwarded-For (set DJANGO_SECURE_PROXY_SSL_HEADER).
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER") else ["REMOTE_ADDR"]
)

# --- Logging --------------------------------------------------------------------
# One JSON object per line on stdout in production (plain text while developing).
# Django's error reporter already hides password fields and settings that look
# like secrets; nothing here logs request bodies.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
ADMINS = [("Site admin", address) for address in env_list("DJANGO_ADMINS")]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "text" if DEBUG else "json",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": ["stdout", "mail_admins"], "level": "WARNING", "propagate": False},
        # Lock-outs are warnings; its start-up banner on every command is noise.
        "axes": {"level": "WARNING"},
        # A line per task run and state is noise; failures are still logged.
        "django_tasks": {"level": "WARNING"},
    },
}
