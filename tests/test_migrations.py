"""The Alembic migrations build exactly the schema the models describe."""

import re

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal.extensions import db
from tests import factories


def _drift():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_migrations_match_the_models():
    assert _drift() == []


def test_migrations_downgrade_and_upgrade_cleanly():
    db.session.remove()
    downgrade(revision="base")
    remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
    upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= tables
    assert _drift() == []


def test_programme_certificate_codes_are_given_to_programmes_already_completed():
    """Revision b7e4c2a91d35 backfills a code for every cycle with a WHP implemented, and only those."""
    implemented = factories.make_organisation(eligibility_status="verified")
    factories.make_intervention(implemented, support_type="stress")
    factories.make_intervention(implemented, support_type="sleep")
    started = factories.make_organisation(eligibility_status="verified")
    factories.make_intervention(started, support_type="stress")
    implemented_id, started_id = implemented.id, started.id
    db.session.remove()
    downgrade(revision="71bb663eda15")
    upgrade()
    with db.engine.connect() as connection:
        codes = dict(connection.execute(text(
            "SELECT organisation_id, certificate_code FROM programme_cycles")).all())
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", codes[implemented_id])
    assert codes[started_id] is None
