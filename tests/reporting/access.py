"""Routes of programme reporting: who may reach them."""

from tests import factories
from tests.routes import ADMIN_ONLY, STAFF_ONLY, Route

ROUTES = {
    "reporting.dashboard": Route("/en/reports/", STAFF_ONLY),
    "reporting.organisations": Route("/en/reports/organisations?figure=whp_implemented", STAFF_ONLY),
    "reporting.export": Route("/en/reports/export/organisations.xlsx", STAFF_ONLY, page=False),
    "reporting.evaluation_export": Route("/en/reports/export/evaluation.csv", ADMIN_ONLY, page=False),
    "reporting.targets": Route("/en/reports/targets", ADMIN_ONLY),
    "welsh_reports.report": Route("/en/reports/welsh-language/", STAFF_ONLY),
    "welsh_reports.drill_down": Route("/en/reports/welsh-language/list?figure=organisations&choice=cy", STAFF_ONLY),
    "welsh_reports.export": Route("/en/reports/welsh-language/export.xlsx", STAFF_ONLY, page=False),
    "reporting.edit_targets": Route(lambda s: f"/en/reports/targets/{s.reporting_period.id}", ADMIN_ONLY),
    "reporting.edit_period": Route(lambda s: f"/en/reports/targets/{s.reporting_period.id}/edit", ADMIN_ONLY),
    # The sample period has targets, so removing it asks first (and removes nothing).
    "reporting.remove_period": Route(lambda s: f"/en/reports/targets/{s.reporting_period.id}/remove", ADMIN_ONLY,
                                     method="POST"),
}


def add_sample_data(sample):
    """A reporting period covering today, with programme-wide and partner targets."""
    from datetime import timedelta

    from portal.timeutil import utcnow

    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=200),
                                             ends_on=today + timedelta(days=165), commit=False)
    factories.make_target(period, commit=False)
    factories.make_target(period, sample.partner, commit=False, engaged=1600, supported=800, whp_implemented=400)
    sample.reporting_period = period
