"""Seed a region into the configured database: many families of 20 to 60 people, with tasks, a year
of task events, log entries, scale answers and access-log rows (each family's chain intact).

Rows are made as plain tuples and sent in bulk: COPY on PostgreSQL, executemany on SQLite, a few
hundred families at a time, never one ORM object at a time. Ids are given here, counting on from
the highest id in each table, so the seed can go on top of the demo family; PostgreSQL's id
sequences are moved past them at the end. The size is a parameter (`RegionSize`), so a test can
seed a tiny region with the same code.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from portal.audit.models import GENESIS_HASH, AuditAction, AuditResult
from portal.audit.services import entry_hash
from portal.extensions import db

YEAR = timedelta(days=365)
FIRST_NAMES = ("Anna", "Bram", "Chantal", "Daan", "Emma", "Fatima", "Gert", "Hanna", "Ilse", "Joost", "Karim",
               "Lotte", "Mo", "Noor", "Oscar", "Priya", "Rik", "Sanne", "Tom", "Yara")
RELATIONS = ("opa", "oma", "tante", "oom", "buurvrouw", "buurman", "vriendin", "vriend", "juf", "trainer")
TASK_TITLES = ("Boodschappen doen", "Naar de voetbaltraining brengen", "Huiswerk samen doen", "Koken op woensdag",
               "Mee naar de dokter", "Oppassen op vrijdag", "Post en rekeningen ordenen", "Hond uitlaten")
PARTS = ("agreements", "safety", "log", "scores", "needs", "tasks", "")
ENDPOINTS = ("families.home", "tasks.mine", "tasks.plan", "logbook.page", "scores.page", "safety.now")


@dataclass(frozen=True)
class RegionSize:
    families: int = 10_000
    people: tuple[int, int] = (20, 60)
    tasks: int = 30              # per family, on average (10,000 families: about 300,000)
    log_entries: int = 40        # per family in a year, most weeks one
    answers: int = 36            # per family in a year: two scale questions, answered now and then by two people
    access_rows: int = 50        # per family in a year (the rows a region already has; the bench adds more)
    batch: int = 250             # families per round of bulk inserts


COLUMNS = {
    "families": ("id", "name", "created_at"),
    "people": ("id", "family_id", "name", "relation", "role", "date_of_birth", "has_parental_authority",
               "mentor_for_id", "created_at"),
    "plans": ("id", "family_id", "goal", "own_words", "status", "updated_at", "version"),
    "tasks": ("id", "family_id", "title", "description", "category", "rhythm", "due_date", "status",
              "offered_to_id", "assignee_id", "decline_reason", "created_at", "updated_at", "version"),
    "task_events": ("id", "task_id", "action", "person_id", "note", "at"),
    "log_entries": ("id", "family_id", "author_id", "text", "visibility", "created_at"),
    "scale_questions": ("id", "family_id", "text", "visibility", "created_at"),
    "scale_answers": ("id", "question_id", "person_id", "score", "note", "answered_at"),
    "access_log": ("id", "chain", "seq", "at", "user_id", "user_name", "role", "on_behalf_of", "family_id", "part",
                   "action", "result", "consent_id", "subject", "prev_hash", "entry_hash"),
    "access_log_heads": ("chain", "seq", "last_hash"),
}
WITH_IDS = [table for table in COLUMNS if table != "access_log_heads"]


class Ids:
    """The next free id of each table."""

    def __init__(self, connection: sa.Connection):
        self.next = {table: (connection.scalar(sa.text(f"SELECT max(id) FROM {table}")) or 0) + 1
                     for table in WITH_IDS}

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


TIMES, DAYS = {"created_at", "updated_at", "at", "answered_at"}, {"date_of_birth", "due_date"}


def _sqlite_rows(table: str, rows: list[tuple]) -> list[tuple]:
    """Dates and times as SQLAlchemy stores them on SQLite (UTC, without the zone); the rest as is."""
    times = [i for i, name in enumerate(COLUMNS[table]) if name in TIMES]
    days = [i for i, name in enumerate(COLUMNS[table]) if name in DAYS]
    if not times and not days:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for i in times:
            row[i] = row[i].isoformat(" ", "microseconds")[:26]  # all times here are made in UTC
        for i in days:
            if row[i] is not None:
                row[i] = row[i].isoformat()
        converted.append(row)
    return converted


def bulk_insert(connection: sa.Connection, table: str, rows: list[tuple]) -> None:
    """Insert `rows` (tuples in the order of COLUMNS[table]) in one go."""
    if not rows:
        return
    columns = COLUMNS[table]
    cursor = connection.connection.driver_connection.cursor()
    if connection.dialect.name == "postgresql":
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns)
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", _sqlite_rows(table, rows))
    cursor.close()


class FamilyMaker:
    """Makes the rows of one family at a time, into lists per table."""

    def __init__(self, ids: Ids, size: RegionSize, now: datetime, rng: random.Random):
        self.ids, self.size, self.now, self.rng = ids, size, now, rng
        self.rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}

    def when(self) -> datetime:
        """A moment in the past year."""
        return self.now - timedelta(seconds=self.rng.randrange(int(YEAR.total_seconds())))

    def family(self, number: int) -> None:
        rng, ids, rows = self.rng, self.ids, self.rows
        family_id, started = ids.take("families"), self.now - YEAR
        rows["families"].append((family_id, f"Regiofamilie {number}", started))
        count = rng.randint(*self.size.people)
        # The youth first: the mentor refers to them.
        youth_ids = []
        for index in range(rng.randint(1, 3)):
            youth_ids.append(person := ids.take("people"))
            born = date(self.now.year - rng.randint(8, 20), rng.randint(1, 12), rng.randint(1, 28))
            rows["people"].append((person, family_id, f"{rng.choice(FIRST_NAMES)} {index}", "kind", "youth",
                                   born, False, None, started))
        parents = []
        for index in range(rng.randint(1, 2)):
            parents.append(person := ids.take("people"))
            rows["people"].append((person, family_id, f"Ouder {index}", "ouder", "family", None, index == 0,
                                   None, started))
        helpers = [ids.take("people")]
        rows["people"].append((helpers[0], family_id, "Mentor", "mentor", "mentor", None, False, youth_ids[0],
                               started))
        rows["people"].append((ids.take("people"), family_id, "Wijkteam", "wijkteam", "professional", None, False,
                               None, started))
        for index in range(max(0, count - len(youth_ids) - len(parents) - 2)):
            helpers.append(person := ids.take("people"))
            rows["people"].append((person, family_id, f"{rng.choice(FIRST_NAMES)} {index}",
                                   rng.choice(RELATIONS), "network", None, False, None, started))
        rows["plans"].append((ids.take("plans"), family_id, "Dat het thuis rustig blijft.", "", "active", started, 1))
        self._tasks(family_id, helpers)
        active = helpers + parents
        for _ in range(self.size.log_entries):
            rows["log_entries"].append((ids.take("log_entries"), family_id, rng.choice(active),
                                        "Het ging goed deze week.", "network", self.when()))
        self._answers(family_id, youth_ids[0], active)
        self._access_log(family_id)

    def _tasks(self, family_id: int, helpers: list[int]) -> None:
        rng, ids, rows = self.rng, self.ids, self.rows
        for _ in range(max(0, round(rng.gauss(self.size.tasks, self.size.tasks / 4)))):
            task_id, created, person = ids.take("tasks"), self.when(), rng.choice(helpers)
            status = rng.choices(("done", "accepted", "offered", "open", "declined"), (5, 3, 1, 1, 1))[0]
            # The database's rule: an open task is offered to nobody; an accepted one may have been offered.
            asked = status in ("offered", "declined") or (status != "open" and rng.random() < 0.3)
            offered = person if asked else None
            assignee = person if status in ("accepted", "done") else None
            due = (created + timedelta(days=rng.randint(1, 60))).date() if rng.random() < 0.5 else None
            rows["tasks"].append((task_id, family_id, rng.choice(TASK_TITLES), "", "practical", "once", due, status,
                                  offered, assignee, "Geen tijd" if status == "declined" else "", created,
                                  created, 1))
            rows["task_events"].append((ids.take("task_events"), task_id, "created", None, "", created))
            deed = {"done": "done", "accepted": "accepted", "declined": "declined"}.get(status)
            if deed:
                later = min(self.now, created + timedelta(days=rng.randint(0, 30)))
                rows["task_events"].append((ids.take("task_events"), task_id, deed, person, "", later))

    def _answers(self, family_id: int, youth: int, active: list[int]) -> None:
        rng, ids, rows = self.rng, self.ids, self.rows
        questions = []
        for text in ("Hoe gaat het thuis?", "Hoe gaat het op school?"):
            questions.append(question := ids.take("scale_questions"))
            rows["scale_questions"].append((question, family_id, text, "network", self.now - YEAR))
        who = [youth, rng.choice(active)]
        for _ in range(self.size.answers):
            rows["scale_answers"].append((ids.take("scale_answers"), rng.choice(questions), rng.choice(who),
                                          rng.randint(1, 10), "", self.when()))

    def _access_log(self, family_id: int) -> None:
        """A year of rows in the family's own chain, linked and hashed as `record` does."""
        rng, rows, prev_hash = self.rng, self.rows["access_log"], GENESIS_HASH
        moments = sorted(self.when() for _ in range(self.size.access_rows))
        for seq, at in enumerate(moments, start=1):
            values = dict(seq=seq, at=at, user_id=None, user_name=rng.choice(FIRST_NAMES),
                          role=rng.choice(("family", "network", "mentor", "youth", "professional")),
                          on_behalf_of="", family_id=family_id, part=rng.choice(PARTS), action=AuditAction.READ,
                          result=AuditResult.ALLOWED, consent_id=None,
                          subject=f"{rng.choice(ENDPOINTS)} family_id={family_id}", prev_hash=prev_hash)
            prev_hash = entry_hash(values)
            rows.append((self.ids.take("access_log"), family_id, seq, at, None, values["user_name"], values["role"],
                         "", family_id, values["part"], "read", "allowed", None, values["subject"],
                         values["prev_hash"], prev_hash))
        if moments:
            self.rows["access_log_heads"].append((family_id, len(moments), prev_hash))


def _move_sequences(connection: sa.Connection) -> None:
    """PostgreSQL: let the id sequences count on after the ids given here."""
    for table in WITH_IDS:
        connection.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"GREATEST((SELECT max(id) FROM {table}), (SELECT last_value FROM {table}_id_seq)))"))


def seed_region(size: RegionSize = RegionSize(), seed: int = 14, progress=None) -> dict[str, int]:
    """Add `size.families` families to the database of the current app; returns rows per table."""
    rng, now = random.Random(seed), datetime.now(timezone.utc)
    counts = dict.fromkeys(COLUMNS, 0)
    with db.engine.begin() as connection:
        ids = Ids(connection)
        postgresql = connection.dialect.name == "postgresql"
        if postgresql:  # the heads are written here, in bulk, after their rows (see migration 0019)
            connection.execute(sa.text("ALTER TABLE access_log DISABLE TRIGGER access_log_moves_head"))
        for first in range(0, size.families, size.batch):
            maker = FamilyMaker(ids, size, now, rng)
            for number in range(first, min(size.families, first + size.batch)):
                maker.family(number + 1)
            for table, rows in maker.rows.items():  # in order: a row's references are in before it
                bulk_insert(connection, table, rows)
                counts[table] += len(rows)
            if progress:
                progress(min(size.families, first + size.batch), size.families)
        if postgresql:
            connection.execute(sa.text("ALTER TABLE access_log ENABLE TRIGGER access_log_moves_head"))
            _move_sequences(connection)
    with db.engine.connect() as connection:  # the planner's statistics, for the new sizes
        connection.execute(sa.text("ANALYZE"))
        connection.commit()
    return counts


def main(families: int) -> None:  # pragma: no cover - run by `python -m benchmarks seed`
    started = time.perf_counter()
    counts = seed_region(RegionSize(families=families),
                         progress=lambda done, total: print(f"\r{done}/{total} families", end="", flush=True))
    print(f"\nSeeded in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{table} {count:,}" for table, count in counts.items()))
