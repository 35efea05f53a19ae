"""The service navigation and the account home's links, per role.

Features add their entries here, so every page reachable from the navigation
is listed in one place (the browser tests walk it).
"""

from flask import request, url_for
from flask_babel import lazy_gettext as _l

from portal.security import Role

# (endpoint, label, roles that see it)
# The top navigation keeps to the few places each role goes every day; everything
# else is linked from the account home page (HOME_LINKS).
NAVIGATION = [
    ("pages.account", _l("Your account"), set(Role)),
    ("organisations.overview", _l("Your organisation"), {Role.EMPLOYER}),
    ("programme.overview", _l("Your programme"), {Role.EMPLOYER}),
    ("champions.home", _l("Your training"), {Role.CHAMPION}),
    ("events.catalogue", _l("Events and training"), {Role.EMPLOYER, Role.CHAMPION}),
    ("bookings.your_bookings", _l("Your bookings"), {Role.EMPLOYER}),
    ("engagement.today", _l("Today"), {Role.STAFF, Role.ADMIN}),
    ("reporting.dashboard", _l("Dashboard"), {Role.STAFF, Role.ADMIN}),
    ("engagement.organisations", _l("Organisations"), {Role.STAFF, Role.ADMIN}),
    ("engagement.follow_ups", _l("Follow-ups"), {Role.STAFF, Role.ADMIN}),
    ("eligibility.queue", _l("Eligibility reviews"), {Role.STAFF, Role.ADMIN}),
    ("manage_events.index", _l("Manage events"), {Role.STAFF, Role.ADMIN}),
    ("visits.index", _l("Workplace visits"), {Role.EMPLOYER, Role.STAFF, Role.ADMIN}),
    ("champions.noticeboard", _l("Champions network"), {Role.CHAMPION}),
    ("resources.library", _l("Resources"), {Role.EMPLOYER, Role.CHAMPION}),
]

HOME_LINKS = [
    ("accounts.change_password", _l("Change your password"), set(Role)),
    ("admin.audit", _l("Read the audit trail"), {Role.ADMIN}),
    ("users.index", _l("Invite staff and administrators, change roles, deactivate leavers"), {Role.ADMIN}),
    ("events.catalogue", _l("Find and book webinars, training and events"), {Role.EMPLOYER, Role.CHAMPION}),
    ("bookings.your_bookings", _l("See, change or cancel your bookings"), {Role.EMPLOYER}),
    ("visits.request", _l("Ask for a workplace visit"), {Role.EMPLOYER}),
    ("manage_events.index", _l("Run events: bookings, waiting lists and attendance"), {Role.STAFF, Role.ADMIN}),
    ("visits.index", _l("Answer workplace visit requests"), {Role.STAFF, Role.ADMIN}),
    ("admin.outbox", _l("Check email delivery"), {Role.ADMIN}),
    ("admin.reference", _l("Edit local authorities, delivery partners and sectors"), {Role.ADMIN}),
    ("programme.overview", _l("See your workplace health programme and what to do next"), {Role.EMPLOYER}),
    ("programme.history", _l("See your organisation's history"), {Role.EMPLOYER}),
    ("engagement.organisations", _l("Find an organisation or log an engagement"), {Role.STAFF, Role.ADMIN}),
    ("engagement.follow_ups", _l("See your follow-ups due and overdue"), {Role.STAFF, Role.ADMIN}),
    ("programme.rules", _l("Set the programme rules"), {Role.ADMIN}),
    ("organisations.colleagues", _l("Invite colleagues and well-being champions"), {Role.EMPLOYER}),
    ("eligibility.settings", _l("Set the evidence each kind of support needs"), {Role.ADMIN}),
    ("champions.home", _l("See your training record and certificates"), {Role.CHAMPION}),
    ("champions.directory", _l("Find other well-being champions"), {Role.CHAMPION, Role.STAFF, Role.ADMIN}),
    ("champions.team", _l("See your well-being champions' training"), {Role.EMPLOYER}),
    ("resources.manage", _l("Manage the resource library"), {Role.STAFF, Role.ADMIN}),
    ("champions.reports", _l("Moderate reported network posts"), {Role.STAFF, Role.ADMIN}),
    ("survey_results.moderation_list", _l("Check staff survey comments before employers read them"),
     {Role.STAFF, Role.ADMIN}),
    ("champions.staff_list", _l("See well-being champions and lapsed training"), {Role.STAFF, Role.ADMIN}),
    ("champions.invite", _l("Invite a well-being champion to an organisation"), {Role.STAFF, Role.ADMIN}),
    ("champions.verify", _l("Check a certificate"), set(Role)),
    ("champions.validity", _l("Set how long champion training is valid"), {Role.ADMIN}),
    ("champions.noticeboard", _l("Champions network"), {Role.STAFF, Role.ADMIN}),
    ("resources.library", _l("Resources"), {Role.STAFF, Role.ADMIN}),
    ("reporting.dashboard", _l("See figures against targets, charts and exports"), {Role.STAFF, Role.ADMIN}),
    ("reporting.targets", _l("Set targets for each reporting period"), {Role.ADMIN}),
    ("referrals.share", _l("Let your staff ask for individual support with their health"), {Role.EMPLOYER}),
    ("referrals.counts", _l("See how many employees asked for individual support"), {Role.STAFF, Role.ADMIN}),
]


def navigation_items(user):
    """Service navigation items for ``user`` (empty when signed out)."""
    if not user.is_authenticated:
        return []
    return [
        {"href": url_for(endpoint), "text": label, "active": request.endpoint == endpoint}
        for endpoint, label, roles in NAVIGATION
        if user.role in roles
    ]


def home_links(user):
    """The account home's links for ``user``; an unfinished registration comes first."""
    links = [{"href": url_for(endpoint), "text": label} for endpoint, label, roles in HOME_LINKS if user.role in roles]
    if user.role == Role.EMPLOYER and user.organisation_id is None:
        links.insert(0, {"href": url_for("registration.tasks"), "text": _l("Continue registering your organisation")})
    return links


def navigation_endpoints(role):
    """Every endpoint reachable from the navigation and home page for ``role``."""
    endpoints = [e for e, _label, roles in NAVIGATION + HOME_LINKS if role in roles]
    return list(dict.fromkeys(endpoints))
