"""The schema comes only from the migrations, so they must describe the models exactly: after
`upgrade heads` (done once per run, see conftest.py), autogenerate finds nothing to add."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from portal.extensions import db


def test_the_migrated_schema_matches_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "compare_server_default": False})
        differences = compare_metadata(context, db.metadata)

    assert differences == [], "the models and the migrations differ; run `flask db migrate`:\n" + "\n".join(
        map(str, differences))


def test_the_migrations_form_one_line(app):
    """One head: two migrations made side by side must be put in order before they are merged."""
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several heads: {heads}"
