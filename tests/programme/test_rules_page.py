"""Administrators change the programme rules; each change is a new version."""

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.programme.models import RuleVersion
from portal.security import Role
from tests import factories


def test_saving_rules_adds_a_version_and_keeps_the_old_one(sign_in):
    admin = factories.make_user(Role.ADMIN)
    client = sign_in(admin)
    page = client.page("/en/programme/rules")
    assert page.field_value("whp_min_interventions") == "2"
    assert len(page.soup.select("#versions tbody tr")) == 1
    response = client.submit("/en/programme/rules", {
        "whp_min_interventions": "3", "whp_distinct_types": "y",
        "counted_engagement_types": ["advice_session", "meeting"],
        "follow_up_after_days": "90", "follow_up_response_days": "14",
    })
    assert response.status_code == 302
    versions = db.session.scalars(select(RuleVersion).order_by(RuleVersion.number)).all()
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].whp_min_interventions == 2
    assert versions[1].whp_min_interventions == 3
    assert versions[1].whp_distinct_types
    assert versions[1].counted_engagement_types == ["advice_session", "meeting"]
    assert versions[1].created_by_id == admin.id
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_type == "programme_rule_versions"))
    page = client.page("/en/programme/rules")
    assert "Rule version 2 is now in use" in page.text()
    assert len(page.soup.select("#versions tbody tr")) == 2


def test_invalid_rules_are_refused_and_keep_what_was_entered(sign_in):
    client = sign_in(factories.make_user(Role.ADMIN))
    response = client.submit("/en/programme/rules", {
        "whp_min_interventions": "0", "follow_up_after_days": "ninety", "follow_up_response_days": "14",
    })
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Enter the number of interventions as a whole number between 1 and 20" in body
    assert "Enter the number of days as a whole number between 1 and 1000" in body
    assert db.session.scalar(select(RuleVersion.number).order_by(RuleVersion.number.desc())) == 1
