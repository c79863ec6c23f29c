"""Configuration: typed defaults, overridden by ABCD_-prefixed environment variables inside create_app."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 -- refused in production by check_production_safety

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_geodata_dir() -> str:
    shared = REPO_ROOT.parent / "shared" / "data"
    return str(shared) if shared.is_dir() else ""


class Defaults:
    """Every setting the app reads, with its default. Environment ABCD_<NAME> overrides <NAME>."""

    ENV = "development"  # "production" turns on the production safety checks
    SECRET_KEY = DEFAULT_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = "sqlite:///abcd.sqlite3"  # relative: inside the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    # SQLite only: each connection's page cache, and the memory map shared by all (abcd.database).
    SQLITE_CACHE_MIB = 64
    SQLITE_MMAP_MIB = 256
    GEODATA_DIR = ""  # filled in by load_config when ../shared/data exists
    LANGUAGES = ("en", "cy")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    PAGE_SIZE = 20
    # Whole public pages kept for readers who are not signed in (abcd/pagecache): on Redis when REDIS_URL is
    # set (shared by every process), else in each process. An entry is keyed on the data's version, so a
    # write makes it unreachable at once; PAGE_CACHE_SECONDS bounds how old anything else on it may be.
    PAGE_CACHE = True
    PAGE_CACHE_SECONDS = 300
    PAGE_CACHE_ENTRIES = 500  # per process, without Redis (least recently used dropped first)
    # Who runs this instance: shown in the accessibility and Welsh language statements.
    OPERATOR_NAME = "the councils of Cardiff, Newport and the Vale of Glamorgan"
    OPERATOR_NAME_CY = "Cynghorau Caerdydd, Casnewydd a Bro Morgannwg"  # starts the Welsh sentence
    CONTACT_EMAIL = "community-strengths@example.org"
    DATA_PROTECTION_EMAIL = "data-protection@example.org"  # the data protection officer, in the privacy notice
    PRIVACY_NOTICE_DATE = "2026-12-02"  # when the privacy notice was last reviewed
    STATEMENT_DATE = "2026-11-30"  # when the accessibility statement was last reviewed
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Map tiles are the one third-party origin the CSP may allow; empty turns tiles off.
    TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    TILE_ATTRIBUTION = "&copy; OpenStreetMap contributors"
    TILE_ATTRIBUTION_CY = "&copy; cyfranwyr OpenStreetMap"  # the same credit on Welsh pages; empty: the English one
    TILE_MAX_ZOOM = 18  # the closest zoom the tile server draws (a council's own server may stop sooner)
    # "server": the asset maps ask for clusters by view and zoom (abcd.maps.clusters); "client": every asset
    # in view is sent and clustered in the page, the earlier way, kept for the benchmark's comparison.
    MAP_CLUSTERS = "server"
    # Who may show the read-only map in a frame (/maps/embed): a CSP frame-ancestors source list,
    # e.g. "https://www.cardiff.gov.uk https://www.newport.gov.uk". Every other page stays 'self'.
    EMBED_FRAME_ANCESTORS = "*"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # forced on in production
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a workshop can last a whole day
    # Where rate limits are counted: empty follows REDIS_URL (shared by every process), else memory://
    # (each process counts alone). Set it to use another store.
    RATELIMIT_STORAGE_URI = ""
    # A rate-limit store that is down (Redis restarting) must not fail requests: count in memory meanwhile.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_LOGIN = "10 per minute;50 per hour"  # per client address
    RATELIMIT_SIGNUP = "5 per hour;20 per day"  # per client address: accounts made by script
    RATELIMIT_BULK = "30 per minute;300 per hour"  # per account (or address): graph and skills JSON
    RATELIMIT_MESSAGES = "5 per 10 minutes;30 per day"  # per account: messages relayed to residents
    RATELIMIT_SUBMISSIONS = "20 per hour;60 per day"  # per resident: suggestions, proposals, join requests
    RATELIMIT_OPEN_DATA = "300 per minute"  # per client address: the open API and the Open Referral feed
    # How many reverse proxies stand in front of the app and set X-Forwarded-For/-Proto/-Host/-Port;
    # 0 trusts none of those headers (anyone could forge them). Rate limits and external URLs need it.
    PROXY_HOPS = 0
    RATELIMIT_HEADERS_ENABLED = True
    # Email (abcd/mail): "outbox" writes .eml files to MAIL_OUTBOX_DIR (development); "smtp" or "notify"
    # (GOV.UK Notify) deliver them. Production refuses the outbox.
    MAIL_SENDER = "outbox"
    MAIL_FROM = "Community Strengths <no-reply@example.org>"
    MAIL_OUTBOX_DIR = ""  # empty: <instance folder>/outbox
    # The address people reach this site at, for links in emails (never taken from a request's Host
    # header, which anyone can forge). Empty: the request's own host, for development only.
    PUBLIC_URL = ""
    SMTP_HOST = "localhost"
    SMTP_PORT = 587
    SMTP_USER = ""
    SMTP_PASSWORD = ""
    SMTP_TLS = "starttls"  # starttls | ssl | none
    SMTP_TIMEOUT = 10
    NOTIFY_API_KEY = ""
    # A Notify email template whose subject is ((subject)) and body ((body)); we write both, in the
    # recipient's language. An optional second template for Welsh (e.g. with a Welsh footer).
    NOTIFY_TEMPLATE_ID = ""
    NOTIFY_TEMPLATE_ID_CY = ""
    NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
    PASSWORD_RESET_MAX_AGE = 3600  # seconds a reset link works (once)
    EMAIL_VERIFY_MAX_AGE = 7 * 24 * 3600
    CONFIRM_LINK_DAYS = 30  # an officer-recorded person's confirmation link; an officer can issue a new one
    REMIND_DAYS_BEFORE = 30  # consent re-confirmation reminders go this many days before it lapses
    # Background jobs (abcd/jobs): "auto" is RQ when REDIS_URL is set (run `flask abcd worker`), else a
    # thread inside the app process; "off" runs nothing in the background (cron runs the commands).
    JOBS_BACKEND = "auto"  # auto | rq | thread | off
    REDIS_URL = ""  # e.g. redis://localhost:6379/0; the environment's plain REDIS_URL is read too
    JOBS_QUEUE = "abcd"
    # How often a worker looks for jobs whose worker died mid-job (killed, or its machine lost) and runs
    # them again if they have a retry left; RQ's own default is ten minutes.
    JOBS_MAINTENANCE_SECONDS = 60
    # With REDIS_URL, a commit that changed the graph is announced on this channel, and every app process
    # catches its live graph up at once instead of on its next request.
    GRAPH_WAKEUP = True
    # What `flask abcd scheduler` starts, when (cron syntax, UTC): name=cron;... The names are the
    # recurring jobs (abcd/ops/scheduled.py); leave one out to not run it.
    JOBS_SCHEDULE = (
        "metrics=*/10 * * * *;upkeep-reminders=0 7 * * *;consent-lapse=30 2 * * *;"
        "consent-reminders=0 8 * * *;backup=15 3 * * *;statistics=45 * * * *"
    )
    # `flask abcd geography fetch`: the official downloads (ArcGIS REST query endpoints answering GeoJSON
    # in WGS84, and the ONS Postcode Directory's CSV or zip), and optional SHA-256 checksums of each.
    GEOGRAPHY_LADS_URL = (
        "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services/"
        "Local_Authority_Districts_December_2023_Boundaries_UK_BSC/FeatureServer/0/query"
        "?where=LAD23CD%20IN%20(%27W06000015%27,%27W06000022%27,%27W06000014%27)&outFields=*&outSR=4326&f=geojson"
    )
    GEOGRAPHY_WARDS_URL = (
        "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services/"
        "Wards_December_2023_Boundaries_UK_BSC/FeatureServer/0/query"
        "?where=WD23CD%20LIKE%20%27W05%25%27&outFields=*&outSR=4326&f=geojson"
    )
    GEOGRAPHY_POSTCODES_URL = ""  # the ONSPD release's download link (it changes each quarter)
    GEOGRAPHY_SHA256 = ""  # e.g. "postcodes=<hex>;wards=<hex>"
    LOG_FORMAT = ""  # json (one object per line, with the request id) or text; empty: json in production
    METRICS_TOKEN = ""  # /metrics needs "Authorization: Bearer <token>"; empty: only requests from this machine
    BACKUP_DIR = ""  # where the scheduled backup writes; empty: the backup job only logs that it is off
    BACKUP_KEEP = 14  # the scheduled backups kept (the newest)
    GRAPH_WAKEUP_CHANNEL = "abcd:graph:feed"
    # The network's connector scores, communities and positions are recomputed in the background once
    # this many changes were made since, or after any change once they are this many seconds old.
    METRICS_AFTER_CHANGES = 25
    # Spreadsheet imports: the largest upload, and the row count above which a confirmed import runs as a job.
    IMPORT_MAX_BYTES = 10 * 1024 * 1024
    IMPORT_BACKGROUND_ROWS = 2000
    METRICS_MAX_AGE = 300
    RATELIMIT_PASSWORD_RESET = "5 per 15 minutes;20 per day"  # noqa: S105 -- a rate, not a password
    RATELIMIT_MAIL_RESEND = "3 per 15 minutes;10 per day"
    # The live graph (abcd/network/live.py): fresh processes load the newest snapshot written by
    # `flask abcd graph refresh` (or `graph snapshot`) and apply the change feed since, instead of building.
    GRAPH_SNAPSHOTS = True
    GRAPH_SNAPSHOT_DIR = ""  # empty: <instance folder>/graph
    # Keeping records fresh (abcd/upkeep): how often each kind of asset is checked, in months; reminders to
    # its owners start this many days before it is due and follow each other after the gap; the third
    # unanswered one is followed by a message to the authority's officers. The emailed link works this long.
    UPKEEP_REVIEW_MONTHS = "association=6,institution=12,place=12,economy=6,culture=24"
    UPKEEP_FIRST_REMINDER_DAYS = 14
    UPKEEP_REMINDER_GAP_DAYS = 14
    UPKEEP_LINK_DAYS = 60
    UPKEEP_DUE_SOON_DAYS = 30  # the officers' upkeep list shows what falls due within this many days
    RATELIMIT_REPORTS = "5 per hour;20 per day"  # per account (or address): "this is out of date" reports
    RATELIMIT_WORKSHOP_JOINS = "60 per minute;400 per hour"  # per address: a hall of 40 shares one
    RATELIMIT_WORKSHOP_CONTRIBUTIONS = "15 per minute;300 per hour"  # per workshop participant


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe or malformed."""


def _coerce(name: str, raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigError(f"ABCD_{name} must be a whole number, not {raw!r}") from exc
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def normalise_database_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out and pick the psycopg 3 driver for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the settings: defaults, then ABCD_* and DATABASE_URL from the environment."""
    env = os.environ if environ is None else environ
    settings = {k: v for k, v in vars(Defaults).items() if k.isupper()}
    settings["GEODATA_DIR"] = _default_geodata_dir()
    for name, default in list(settings.items()):
        raw = env.get(f"ABCD_{name}")
        if raw is not None:
            settings[name] = _coerce(name, raw, default)
    if env.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    if env.get("REDIS_URL") and not env.get("ABCD_REDIS_URL"):
        settings["REDIS_URL"] = env["REDIS_URL"]
    settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(settings["SQLALCHEMY_DATABASE_URI"])
    if settings["MAIL_SENDER"] not in MAIL_SENDERS:
        raise ConfigError(f"ABCD_MAIL_SENDER must be one of {', '.join(MAIL_SENDERS)}, not {settings['MAIL_SENDER']!r}")
    return settings


def rate_limit_storage(settings: dict[str, Any]) -> str:
    """RATELIMIT_STORAGE_URI, or Redis when REDIS_URL is set (limits spell a unix socket redis+unix://),
    or memory:// when neither is."""
    chosen = str(settings.get("RATELIMIT_STORAGE_URI") or "")
    if chosen:
        return chosen
    redis_url = str(settings.get("REDIS_URL") or "")
    if redis_url.startswith("unix://"):
        return "redis+unix://" + redis_url[len("unix://") :]
    return redis_url or "memory://"


def check_production_safety(settings: dict[str, Any]) -> None:
    """Refuse to run in production with settings that are only safe on a developer's laptop."""
    if settings.get("ENV") != "production":
        return
    secret = settings.get("SECRET_KEY") or ""
    if secret == DEFAULT_SECRET_KEY or len(secret) < 32:
        raise ConfigError(
            "Refusing to start in production without a real secret key: "
            "set ABCD_SECRET_KEY to at least 32 random characters."
        )
    settings["SESSION_COOKIE_SECURE"] = True
    settings["REMEMBER_COOKIE_SECURE"] = True
    _check_mail(settings)


MAIL_SENDERS = ("outbox", "smtp", "notify")


def _check_mail(settings: dict[str, Any]) -> None:
    """Production mail must reach people, and its links must point at the real site."""
    sender = settings.get("MAIL_SENDER")
    if sender == "outbox":
        raise ConfigError("Refusing to start in production with the outbox: set ABCD_MAIL_SENDER to smtp or notify.")
    if not str(settings.get("PUBLIC_URL") or "").startswith("https://"):
        raise ConfigError("Set ABCD_PUBLIC_URL to the site's https:// address: links in emails are built from it.")
    if sender == "notify" and not (settings.get("NOTIFY_API_KEY") and settings.get("NOTIFY_TEMPLATE_ID")):
        raise ConfigError("GOV.UK Notify needs ABCD_NOTIFY_API_KEY and ABCD_NOTIFY_TEMPLATE_ID.")
