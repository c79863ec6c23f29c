"""The ABCD community strengths app: create_app() reads like a table of contents."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from abcd import errors, i18n, security
from abcd.config import REPO_ROOT, check_production_safety, load_config, rate_limit_storage
from abcd.converters import BoundedIntegerConverter
from abcd.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config_overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(REPO_ROOT / "templates"),
        static_folder=str(REPO_ROOT / "static"),
        instance_path=str(REPO_ROOT / "instance"),
    )
    app.config.update(load_config())
    app.config.update(config_overrides or {})
    check_production_safety(app.config)
    app.config["RATELIMIT_STORAGE_URI"] = rate_limit_storage(app.config)
    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_open_data(app)
    errors.init_app(app)  # after flask-smorest, so one handler answers every error (JSON or HTML)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_HOPS reverse proxies, take the client's address and the public scheme and host from
    their X-Forwarded-* headers, so rate limits count the client and external URLs name the public site.
    With 0 (the default) those headers are ignored: without a proxy anyone can forge them."""
    hops = int(app.config["PROXY_HOPS"])
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from abcd import (
        compression,
        models,  # noqa: F401 -- every model must be mapped before the first query
    )
    from abcd.auth.services import load_user
    from abcd.database import enable_sqlite_foreign_keys
    from abcd.jobs import runner as jobs
    from abcd.mail import services as mail
    from abcd.managers.views import template_helpers as manager_helpers
    from abcd.network import jobs as network_jobs
    from abcd.network import live as live_graph
    from abcd.network import wakeup as graph_wakeup
    from abcd.ops import logs, metrics, scheduled
    from abcd.pagecache import hooks as page_cache
    from abcd.search.messages import template_helpers as search_helpers
    from abcd.upkeep import jobs as upkeep_jobs
    from abcd.upkeep.views import template_helpers as upkeep_helpers

    compression.init_app(app)  # first registered, so its after_request runs last, on the finished answer
    logs.init_app(app)  # first: every later hook, and a request a hook answers early, has its request id
    page_cache.init_app(app)  # next: a kept page skips every later before-request hook
    db.init_app(app)
    with app.app_context():
        enable_sqlite_foreign_keys(db.engine, app.config["SQLITE_CACHE_MIB"], app.config["SQLITE_MMAP_MIB"])
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    security.init_app(app)
    mail.init_app(app)
    live_graph.init_app(app)
    graph_wakeup.init_app(app)
    jobs.init_app(app)
    network_jobs.init_app(app)
    upkeep_jobs.init_app(app)
    scheduled.init_app(app)
    metrics.init_app(app)
    upkeep_helpers(app)
    manager_helpers(app)
    search_helpers(app)
    from abcd.permissions import TEMPLATE_RULES

    app.jinja_env.globals.update(TEMPLATE_RULES)


def register_blueprints(app: Flask) -> None:
    # Every <int:...> in every blueprint's rules, so set before any rule is added.
    app.url_map.converters["int"] = BoundedIntegerConverter
    from abcd.admin.views import bp as admin_bp
    from abcd.areas.views import bp as areas_bp
    from abcd.assets.views import bp as assets_bp
    from abcd.auth import recovery_views  # noqa: F401 -- adds the email and password-reset routes to auth_bp
    from abcd.auth.views import bp as auth_bp
    from abcd.changes.views import bp as changes_bp
    from abcd.duplicates.views import bp as duplicates_bp
    from abcd.groups.views import bp as groups_bp
    from abcd.history.views import bp as history_bp
    from abcd.imports.views import bp as imports_bp
    from abcd.jobs.views import bp as jobs_bp
    from abcd.links.views import bp as links_bp
    from abcd.main.views import bp as main_bp
    from abcd.managers.views import bp as managers_bp
    from abcd.maps.views import bp as maps_bp
    from abcd.network.views import bp as network_bp
    from abcd.notices.views import bp as notices_bp
    from abcd.officer.views import bp as officer_bp
    from abcd.ops.views import bp as ops_bp
    from abcd.partners.views import bp as partners_bp
    from abcd.people import confirm_views, consent_views, my_views, views  # noqa: F401 -- these modules add routes to people_bp
    from abcd.people.blueprint import bp as people_bp
    from abcd.review.views import bp as review_bp
    from abcd.upkeep.views import bp as upkeep_bp
    from abcd.workshops import (
        capture_views,  # noqa: F401 -- adds the join, capture and paper routes to workshops_bp
        my_data,  # noqa: F401 -- adds workshop participation to a person's "My data"
        print_views,  # noqa: F401 -- adds the printed pack to workshops_bp
    )
    from abcd.workshops.views import bp as workshops_bp

    blueprints = (
        main_bp,
        ops_bp,
        auth_bp,
        assets_bp,
        history_bp,
        areas_bp,
        maps_bp,
        people_bp,
        groups_bp,
        links_bp,
        network_bp,
        partners_bp,
        managers_bp,
        admin_bp,
        review_bp,
        officer_bp,
        notices_bp,
        changes_bp,
        duplicates_bp,
        imports_bp,
        upkeep_bp,
        workshops_bp,
        jobs_bp,
    )
    for bp in blueprints:
        app.register_blueprint(bp)


def register_open_data(app: Flask) -> None:
    """The open API (documented by flask-smorest from its schemas) and the Open Referral UK feed."""
    from abcd.api import cors, spec
    from abcd.api.docs import bp as api_docs_bp
    from abcd.api.downloads import bp as open_data_bp
    from abcd.api.views import bp as api_bp
    from abcd.openreferral.views import bp as openreferral_bp

    spec.init_app(app).register_blueprint(api_bp)
    app.register_blueprint(api_docs_bp)
    app.register_blueprint(open_data_bp)
    app.register_blueprint(openreferral_bp)
    cors.init_app(app)


def register_commands(app: Flask) -> None:
    from abcd.cli import abcd_cli

    app.cli.add_command(abcd_cli)
