"""Settings, read from the environment.

``PORTAL_ENV`` selects development (default), test or production. Production
refuses to start without a real secret key and a database URL.
"""

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEV_SECRET_KEY = "development-only-secret-key-not-for-production"  # noqa: S105 - refused in production


class ConfigError(RuntimeError):
    """Raised when the settings are unsafe for the chosen environment."""


class BaseConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'portal.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 3600 * 4
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    # Flask-Babel resolves relative paths against the portal package.
    BABEL_TRANSLATION_DIRECTORIES = "../translations"
    LANGUAGES = ("en", "cy")
    SERVICE_BASE_URL = os.environ.get("SERVICE_BASE_URL", "http://127.0.0.1:5000")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "1025"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    MAIL_SENDER = os.environ.get(
        "MAIL_SENDER", "Cymru Iach ar Waith / Healthy Working Wales <noreply@healthyworking.wales>"
    )
    MAIL_MAX_ATTEMPTS = 8
    MAIL_TIMEOUT_SECONDS = 10
    # argon2-cffi's recommended cost (RFC 9106 low-memory profile); tests lower it.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536  # KiB
    ARGON2_PARALLELISM = 4
    PASSWORD_RESET_HOURS = 2
    # Sessions end after this long without a request, and this long after signing in.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
    # Rate limits (Flask-Limiter), kept in shared storage so every app server counts together.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    RATELIMIT_STRATEGY = "fixed-window"
    # Versions of the data that kept page parts were made from (portal/datacache.py);
    # by default the rate limits' Redis, when that is Redis.
    DATA_CACHE_REDIS_URL = os.environ.get("DATA_CACHE_REDIS_URL")
    RATELIMIT_KEY_PREFIX = "hww"
    # Sign-in: tight per account and address together, so a guesser is slowed but the
    # owner elsewhere is not; higher ceilings per account and per address (an office).
    SIGN_IN_LIMIT_PER_ACCOUNT_AND_ADDRESS = "5 per 15 minutes"
    SIGN_IN_LIMIT_PER_ACCOUNT = "50 per 15 minutes"
    SIGN_IN_LIMIT_PER_ADDRESS = "300 per 15 minutes"
    REGISTRATION_LIMIT_PER_ADDRESS = "20 per hour"
    REGISTRATION_LIMIT_PER_EMAIL = "3 per hour"
    PASSWORD_RESET_LIMIT_PER_ADDRESS = "20 per hour"  # noqa: S105 - a rate, not a password
    PASSWORD_RESET_LIMIT_PER_EMAIL = "3 per hour"  # noqa: S105 - a rate, not a password
    VERIFICATION_RESEND_LIMIT_PER_ADDRESS = "20 per hour"
    VERIFICATION_RESEND_LIMIT_PER_ACCOUNT = "3 per hour"
    CERTIFICATE_CHECK_LIMIT_PER_ADDRESS = "60 per hour"
    ACCOUNT_EXISTS_EMAIL_LIMIT = "1 per hour"
    # Self-referral forms are public: a person refers themselves a few times at most,
    # an office shares one address, a script is stopped.
    SELF_REFERRAL_LIMIT_PER_ADDRESS = "10 per hour"
    # Sending a staff survey's answers: a whole workplace may answer together on its
    # one office connection (an SME has up to 250 staff), a script is still stopped.
    SURVEY_LIMIT_PER_ADDRESS = os.environ.get("SURVEY_LIMIT_PER_ADDRESS", "300 per hour")
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    # The most a request body may be before it is refused unread (413). Each
    # file is limited to 10 MB by the form that takes it (with an inline error,
    # everything else typed kept), so this only has to hold a form's files a
    # little over their limits: the resource form takes two. Werkzeug spools
    # file parts to disk, and other fields stay under its 500 KB form limit.
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    # Where self-referrals go: the individual in-work support service's intake mailbox,
    # written to in the language that service chose.
    SELF_REFERRAL_INTAKE_EMAIL = os.environ.get("SELF_REFERRAL_INTAKE_EMAIL", "intake@in-work-support.example.wales")
    SELF_REFERRAL_INTAKE_LANGUAGE = os.environ.get("SELF_REFERRAL_INTAKE_LANGUAGE", "cy")
    # Fewer referrals than this in a quarter are shown to the employer as "fewer than";
    # configurable upwards only (see portal.referrals.services.smallest_count).
    SELF_REFERRAL_SMALLEST_COUNT = int(os.environ.get("SELF_REFERRAL_SMALLEST_COUNT", "5"))
    OFFER_HOLD_HOURS = int(os.environ.get("OFFER_HOLD_HOURS", "48"))
    REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "2"))
    LOG_JSON = True
    TESTING = False
    DEBUG = False
    # The local SMTP sink and its administrator page (portal/email/devsink.py):
    # development only; with it off the page's URL does not exist.
    DEV_MAIL_SINK = False
    DEV_MAIL_DIR = os.environ.get("DEV_MAIL_DIR", str(INSTANCE_DIR / "dev-mail"))


class DevelopmentConfig(BaseConfig):
    # One process under `make run`: counting in memory needs no Redis.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    LOG_JSON = False
    DEV_MAIL_SINK = True


class TestConfig(BaseConfig):
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = True
    LOG_JSON = False
    MAIL_PORT = 0  # tests start their own SMTP server and set the port
    # Real Redis, logical database 3 unless told otherwise (others may use 0-2).
    RATELIMIT_STORAGE_URI = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
    # Cheap hashing: a sign-in costs milliseconds instead of most of a second.
    # Production's cost is checked by tests/accounts/test_passwords.py.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1


class ProductionConfig(BaseConfig):
    pass


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load_config(name=None):
    """Return the config class for ``name`` (or ``PORTAL_ENV``), checked for safety."""
    name = name or os.environ.get("PORTAL_ENV", "development")
    try:
        config = CONFIGS[name]
    except KeyError as exc:
        raise ConfigError(f"Unknown PORTAL_ENV {name!r}") from exc
    if name == "production":
        check_production(config)
    return config


def check_production(config):
    """Fail fast on settings that must never reach production."""
    secret = os.environ.get("SECRET_KEY", "")
    if not secret or secret == DEV_SECRET_KEY or len(secret) < 32:
        raise ConfigError("SECRET_KEY must be set to a random value of at least 32 characters in production")
    if "DATABASE_URL" not in os.environ:
        raise ConfigError("DATABASE_URL must be set in production")
    if not os.environ.get("RATELIMIT_STORAGE_URI", "").startswith(("redis://", "rediss://")):
        raise ConfigError("RATELIMIT_STORAGE_URI must name the shared Redis in production")
    config.SECRET_KEY = secret
    config.SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
    config.RATELIMIT_STORAGE_URI = os.environ["RATELIMIT_STORAGE_URI"]
