"""The benchmark's region seed (benchmarks/region.py), at a tiny size: the counts it promises, a
whole access-log chain per family, and a seeded family's pages open for a member."""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from benchmarks.region import RegionSize, seed_region
from portal.audit.services import verify_chain
from portal.extensions import db
from portal.families.models import Family, Person, Role
from portal.tasks.models import Task
from tests.factories import UserFactory

TINY = RegionSize(families=20, people=(20, 60), tasks=10, log_entries=5, answers=4, access_rows=6, batch=7)


def _count(table: str) -> int:
    return db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))


def test_a_tiny_region_has_the_rows_it_promises(app):
    counts = seed_region(TINY)

    assert _count("families") == counts["families"] == 20
    assert 20 * 20 <= _count("people") == counts["people"] <= 20 * 60
    sizes = db.session.execute(sa.select(sa.func.count()).select_from(Person).group_by(Person.family_id)).scalars()
    assert all(20 <= size <= 60 for size in sizes)
    assert _count("tasks") == counts["tasks"] > 0
    assert _count("task_events") == counts["task_events"] >= counts["tasks"]
    assert _count("log_entries") == 20 * 5 and _count("scale_answers") == 20 * 4
    assert _count("access_log") == 20 * 6 and _count("access_log_heads") == 20
    report = verify_chain(db.session)
    assert report.intact and report.checked == 20 * 6


def test_the_seed_goes_on_top_of_what_is_there_and_ids_count_on(app):
    seed_region(TINY)
    seed_region(RegionSize(families=3, tasks=2, log_entries=1, answers=1, access_rows=2))
    assert _count("families") == 23
    # New rows made the ordinary way get ids after the seeded ones.
    family = Family(name="Na de regio")
    db.session.add(family)
    db.session.commit()
    assert family.id > db.session.scalar(sa.select(sa.func.max(Family.id)).where(Family.id != family.id))


def test_a_seeded_family_page_opens_for_its_parent(app):
    seed_region(TINY)
    family_id = db.session.scalar(sa.select(sa.func.min(Family.id)))
    parent = db.session.scalar(sa.select(Person).where(Person.family_id == family_id, Person.role == Role.FAMILY)
                               .order_by(Person.id).limit(1))
    user = UserFactory()
    parent.user_id = user.id
    db.session.commit()
    client = app.test_client().login_as(user)
    with app.test_request_context():
        urls = [url_for(endpoint, family_id=family_id)
                for endpoint in ("families.home", "tasks.plan", "review.index", "log.index")]
    for url in urls:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
    some_task = db.session.scalar(sa.select(Task.title).where(Task.family_id == family_id).limit(1))
    assert some_task in client.get(urls[1]).get_data(as_text=True)
