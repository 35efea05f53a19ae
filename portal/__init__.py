"""The Healthy Working employer portal.

``create_app`` builds the application through named ``register_*`` steps; it
is the only thing in this module.
"""

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from portal.config import INSTANCE_DIR, load_config


def create_app(config=None, overrides=None):
    """Build the app. ``config`` is a config class or name (default: ``PORTAL_ENV``)."""
    app = Flask(__name__, static_url_path="/assets", instance_path=str(INSTANCE_DIR))
    if config is None or isinstance(config, str):
        config = load_config(config)
    app.config.from_object(config)
    if overrides:
        app.config.update(overrides)

    from portal.logs import register_logging

    register_logging(app)
    register_extensions(app)
    register_templates(app)

    from portal.input_guard import register_input_guard, register_url_converters

    register_url_converters(app)
    register_blueprints(app)

    from portal.errors import register_error_handlers
    from portal.i18n import register_i18n
    from portal.security import register_security
    from portal.static_files import register_static_files

    register_i18n(app)
    register_static_files(app)
    # Before the access checks, so bad input is refused before anything reads it.
    register_input_guard(app)
    register_security(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def register_extensions(app):
    # Every model must be imported before migrations or queries run.
    import portal.models  # noqa: F401
    from portal import datacache
    from portal.accounts.session import check_session, load_user
    from portal.extensions import babel, csrf, db, limiter, login_manager, migrate
    from portal.i18n import select_locale

    db.init_app(app)
    datacache.init_app(app)
    migrate.init_app(app, db, directory=str(INSTANCE_DIR.parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    # Before the access check, so an expired session is treated as signed out.
    app.before_request(check_session)
    # Protected views redirect themselves (see portal.security), so no login_view.
    login_manager.session_protection = "basic"


def register_templates(app):
    from govuk_frontend_wtf.main import WTFormsHelpers

    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)

    from portal.pages.navigation import navigation_items
    from portal.paging import page_window
    from portal.scoping import register_scoping

    app.add_template_global(navigation_items)
    app.add_template_global(page_window)
    register_scoping(app)


def register_blueprints(app):
    from portal.accounts.routes import bp as accounts_bp
    from portal.admin.routes import bp as admin_bp
    from portal.admin.user_routes import bp as users_bp
    from portal.bookings.event_routes import bp as events_bp
    from portal.bookings.event_routes import staff_bp as manage_events_bp
    from portal.bookings.routes import bp as bookings_bp
    from portal.champions.routes import bp as champions_bp
    from portal.eligibility.checker_routes import bp as checker_bp
    from portal.eligibility.routes import bp as eligibility_bp
    from portal.engagement.behalf_routes import bp as behalf_bp
    from portal.engagement.routes import bp as engagement_bp
    from portal.organisations.routes import bp as organisations_bp
    from portal.pages.routes import bp as pages_bp
    from portal.pages.routes import root_bp
    from portal.plans.routes import bp as plans_bp
    from portal.programme.routes import bp as programme_bp
    from portal.referrals.routes import bp as referrals_bp
    from portal.registration.routes import bp as registration_bp
    from portal.reporting.routes import bp as reporting_bp
    from portal.reporting.welsh_routes import bp as welsh_reports_bp
    from portal.resources.routes import bp as resources_bp
    from portal.surveys.admin_routes import bp as survey_admin_bp
    from portal.surveys.results_routes import bp as survey_results_bp
    from portal.surveys.routes import bp as surveys_bp
    from portal.visits.routes import bp as visits_bp

    app.register_blueprint(root_bp)
    app.register_blueprint(pages_bp, url_prefix="/<lang>")
    app.register_blueprint(accounts_bp, url_prefix="/<lang>")
    app.register_blueprint(admin_bp, url_prefix="/<lang>/admin")
    app.register_blueprint(users_bp, url_prefix="/<lang>/admin/users")
    app.register_blueprint(engagement_bp, url_prefix="/<lang>/staff")
    app.register_blueprint(behalf_bp, url_prefix="/<lang>/staff")
    app.register_blueprint(programme_bp, url_prefix="/<lang>/programme")
    app.register_blueprint(registration_bp, url_prefix="/<lang>/register")
    app.register_blueprint(organisations_bp, url_prefix="/<lang>/organisation")
    app.register_blueprint(eligibility_bp, url_prefix="/<lang>/eligibility")
    app.register_blueprint(checker_bp, url_prefix="/<lang>/check-eligibility")
    app.register_blueprint(events_bp, url_prefix="/<lang>/events")
    app.register_blueprint(manage_events_bp, url_prefix="/<lang>/staff/events")
    app.register_blueprint(bookings_bp, url_prefix="/<lang>/bookings")
    app.register_blueprint(visits_bp, url_prefix="/<lang>/visits")
    app.register_blueprint(champions_bp, url_prefix="/<lang>/champions")
    app.register_blueprint(resources_bp, url_prefix="/<lang>/resources")
    app.register_blueprint(reporting_bp, url_prefix="/<lang>/reports")
    # Its pages sit where their readers look: /refer/… (employees), /organisation/… (employers), /staff/….
    app.register_blueprint(referrals_bp, url_prefix="/<lang>")
    # Likewise: /survey/… (staff answering), /organisation/surveys… (employers and champions).
    app.register_blueprint(surveys_bp, url_prefix="/<lang>")
    app.register_blueprint(survey_admin_bp, url_prefix="/<lang>/admin/survey-questions")
    app.register_blueprint(plans_bp, url_prefix="/<lang>/plans")
    app.register_blueprint(welsh_reports_bp, url_prefix="/<lang>/reports/welsh-language")
    app.register_blueprint(survey_results_bp, url_prefix="/<lang>")

    if app.config["DEV_MAIL_SINK"]:
        # Development only, and imported only then: it needs aiosmtpd, a dev dependency.
        from portal.admin.dev_email import bp as dev_email_bp

        app.register_blueprint(dev_email_bp, url_prefix="/<lang>/admin")


def register_commands(app):
    from portal.cli import commands

    for command in commands:
        app.cli.add_command(command)
    if app.config["DEV_MAIL_SINK"]:
        from portal.email.devsink import mail_sink_command

        app.cli.add_command(mail_sink_command)
