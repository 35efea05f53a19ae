"""Kept page parts (portal/datacache.py): the dashboard's figures are made once and used again
only while no table they read has been written, however the write was made."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import text, update

from portal import create_app, datacache
from portal.engagement.models import Engagement
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import count_queries


@pytest.fixture(autouse=True)
def nothing_kept():
    datacache.forget()
    yield
    datacache.forget()


def _period():
    today = utcnow().date()
    return factories.make_reporting_period(starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=60))


def _engaged(client, period):
    """(engaged organisations on the dashboard, SQL statements the request ran)."""
    with count_queries() as counter:
        page = client.page(f"/en/reports/?period={period.id}")
    cell = page.soup.select_one("#figure-engaged td[data-figure=engaged]").get_text(" ", strip=True)
    return int(re.match(r"\d+", cell).group()), counter.count


def _engage(adviser, **fields):
    organisation = factories.make_organisation(eligibility_status="verified", **fields)
    factories.make_engagement(organisation, adviser)
    return organisation


def test_the_figures_are_kept_until_a_table_they_read_is_written(sign_in):
    period = _period()
    adviser = factories.make_user(Role.STAFF)
    _engage(adviser)
    client = sign_in(factories.make_user(Role.ADMIN))
    first, made = _engaged(client, period)
    again, kept = _engaged(client, period)
    assert first == again == 1
    assert kept < made - 5  # the figures' statements are not run again

    _engage(adviser)  # through the ORM, committed
    assert _engaged(client, period) == (2, made)


def test_writes_made_without_the_orm_are_seen_too(sign_in):
    period = _period()
    adviser = factories.make_user(Role.STAFF)
    organisation = _engage(adviser)
    client = sign_in(factories.make_user(Role.ADMIN))
    assert _engaged(client, period)[0] == 1
    # An UPDATE statement rather than objects: the engagement is voided, so nobody is engaged.
    db.session.execute(update(Engagement).where(Engagement.organisation_id == organisation.id)
                       .values(voided_at=utcnow()))
    db.session.commit()
    assert _engaged(client, period)[0] == 0
    # Plain SQL on a connection of its own.
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE engagements SET voided_at = NULL")
    assert _engaged(client, period)[0] == 1


def test_writes_to_tables_the_figures_do_not_read_keep_them(sign_in):
    period = _period()
    _engage(factories.make_user(Role.STAFF))
    client = sign_in(factories.make_user(Role.ADMIN))
    _engaged(client, period)
    db.session.execute(text("UPDATE survey_question_sets SET name_en = name_en"))
    db.session.commit()
    assert _engaged(client, period)[1] < 15


def test_a_request_that_has_written_without_committing_neither_uses_nor_keeps_parts(app):
    made = []

    def part():
        made.append(1)
        return f"part {len(made)}"

    with app.test_request_context("/en/"):
        assert datacache.kept("part", ("key",), part) == "part 1"
        assert datacache.kept("part", ("key",), part) == "part 1"
        organisation = factories.make_organisation(commit=False)  # pending in the session
        assert datacache.kept("part", ("key",), part) == "part 2"
        db.session.flush()  # written to the database, not committed
        assert datacache.kept("part", ("key",), part) == "part 3"
        db.session.rollback()
        # Rolled back: nothing changed, so the part kept before is still good.
        assert datacache.kept("part", ("key",), part) == "part 1"
        assert organisation.id is not None


def test_each_partner_and_role_and_language_gets_its_own_figures(sign_in):
    period = _period()
    north, south = factories.partner("north-west"), factories.partner("south-east")
    _engage(factories.make_user(Role.STAFF, partner_slug="south-east"), partner=south)
    north_staff = sign_in(factories.make_user(Role.STAFF, partner_slug="north-west"))
    south_staff = sign_in(factories.make_user(Role.STAFF, partner_slug="south-east"))
    admin = sign_in(factories.make_user(Role.ADMIN))
    assert _engaged(south_staff, period)[0] == 1
    assert _engaged(north_staff, period)[0] == 0
    assert _engaged(admin, period)[0] == 1
    assert north.id != south.id
    # The administrator's part has the partners side by side; staff's never does.
    assert "partners-heading" not in south_staff.page(f"/en/reports/?period={period.id}").html
    assert "partners-heading" in admin.page(f"/en/reports/?period={period.id}").html
    welsh = south_staff.page(f"/cy/reports/?period={period.id}")
    assert welsh.soup.html["lang"] == "cy"
    assert "Ffigurau" in welsh.text("#figures caption")


def test_versions_lost_from_redis_are_never_taken_for_the_old_ones(app, sign_in):
    period = _period()
    _engage(factories.make_user(Role.STAFF))
    client = sign_in(factories.make_user(Role.ADMIN))
    _, made = _engaged(client, period)
    app.extensions["datacache"].delete(datacache.VERSIONS_KEY)
    assert _engaged(client, period)[1] == made


@pytest.mark.parametrize(("statement", "table"), [
    ('INSERT INTO "organisations" (name) VALUES (?)', "organisations"),
    ("UPDATE engagements SET voided_at = NULL", "engagements"),
    ("DELETE FROM public.interventions WHERE id = 1", "interventions"),
    ("INSERT OR REPLACE INTO sectors VALUES (1)", "sectors"),
    ("SELECT id FROM organisations", None),
    ("  select 1", None),
    ("WITH ids AS (SELECT 1) SELECT * FROM ids", None),
    ("DELETE FROM a; DELETE FROM b", datacache.EVERYTHING),
    ("ALTER SEQUENCE organisations_id_seq RESTART", datacache.EVERYTHING),
    ("TRUNCATE engagements", datacache.EVERYTHING),
    ("CREATE INDEX ix ON engagements (id)", datacache.EVERYTHING),
])
def test_what_a_statement_writes(statement, table):
    assert datacache.written_table(statement) == table


def test_the_tables_a_statement_reads_are_found_by_name():
    found = datacache.tables_read('SELECT * FROM organisations JOIN "engagements" ON 1 = 1 '
                                  "WHERE organisations.id IN (SELECT organisation_id FROM interventions)")
    assert {"organisations", "engagements", "interventions"} <= found
    assert "organisation" not in found


def test_without_a_shared_redis_nothing_is_kept(app):
    alone = create_app("test", overrides={"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                          "RATELIMIT_STORAGE_URI": "memory://"})
    assert "datacache" not in alone.extensions
    calls = []
    with alone.test_request_context("/en/"):
        for _n in range(2):
            datacache.kept("part", ("key",), lambda: calls.append(1) or "made")
    assert len(calls) == 2
