"""tasks: a time of day, a weekday, and tasks for when they are needed; people's own photos

Revision ID: 0018_task_time_and_kind
Revises: 0017_network_map

1. tasks.time_of_day (optional) and tasks.weekday (0 is Monday; only for a task every week or two).
   Existing weekly and two-weekly tasks get the weekday of their next date, which is what they
   followed until now. A new rhythm value, 'on_call' (when it is needed), needs no change: the
   rhythm is a string column.
2. CHECK constraints: the weekday is 0 to 6 and only on a weekly or two-weekly task; a task for
   when it is needed has no date, weekday or time, and is never done. The rules are next to
   `TASK_WEEKDAY_RULE` and `TASK_ON_CALL_RULE` in portal/tasks/models.py.
3. people.photo_version and the table person_photos: the photo someone put up of themselves,
   re-encoded, kept in the database (why: see portal/photos/models.py).

On SQLite the tasks table is rebuilt for the CHECK constraints (batch mode), with foreign keys
off for the rebuild, as in 0015_foreign_key_indexes.
"""
from alembic import op
import sqlalchemy as sa

revision = '0018_task_time_and_kind'
down_revision = '0017_network_map'
branch_labels = None
depends_on = None

TASK_WEEKDAY_RULE = "weekday IS NULL OR (weekday BETWEEN 0 AND 6 AND rhythm IN ('weekly', 'biweekly'))"
TASK_ON_CALL_RULE = ("rhythm <> 'on_call' OR (due_date IS NULL AND weekday IS NULL AND time_of_day IS NULL"
                     " AND status <> 'done')")


def _foreign_keys_off_on_sqlite():
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    op.execute('PRAGMA foreign_keys=OFF')
    if bind.exec_driver_sql('PRAGMA foreign_keys').scalar():
        # Inside a transaction that already wrote: only safe when the rebuilt table is empty,
        # as in a database made from scratch in one run.
        if bind.exec_driver_sql('SELECT 1 FROM tasks LIMIT 1').first():
            raise RuntimeError('Upgrade to the revision before 0018_task_time_and_kind first, '
                               'then run this migration on its own.')


def _weekday_of_due_date() -> str:
    """The SQL for the weekday of due_date, 0 for Monday to 6 for Sunday."""
    if op.get_bind().dialect.name == 'sqlite':
        return "(CAST(strftime('%w', due_date) AS INTEGER) + 6) % 7"
    return "CAST(EXTRACT(ISODOW FROM due_date) AS INTEGER) - 1"


def upgrade():
    _foreign_keys_off_on_sqlite()
    with op.batch_alter_table('tasks') as batch_op:
        batch_op.add_column(sa.Column('weekday', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('time_of_day', sa.Time(), nullable=True))
    op.execute(f"UPDATE tasks SET weekday = {_weekday_of_due_date()}"
               " WHERE rhythm IN ('weekly', 'biweekly') AND due_date IS NOT NULL")
    with op.batch_alter_table('tasks') as batch_op:
        batch_op.create_check_constraint(op.f('ck_tasks_weekday_of_a_weekly_task'), TASK_WEEKDAY_RULE)
        batch_op.create_check_constraint(op.f('ck_tasks_on_call_has_no_date'), TASK_ON_CALL_RULE)

    op.add_column('people', sa.Column('photo_version', sa.Integer(), nullable=True))
    op.create_table(
        'person_photos',
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('mime_type', sa.String(length=20), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_photos_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('person_id', name=op.f('pk_person_photos')),
    )


def downgrade():
    _foreign_keys_off_on_sqlite()
    op.drop_table('person_photos')
    with op.batch_alter_table('people') as batch_op:
        batch_op.drop_column('photo_version')
    # Before 0020 there is no "when it is needed": such a task becomes a task without a date.
    op.execute("UPDATE tasks SET rhythm = 'once' WHERE rhythm = 'on_call'")
    with op.batch_alter_table('tasks') as batch_op:
        batch_op.drop_constraint(op.f('ck_tasks_on_call_has_no_date'), type_='check')
        batch_op.drop_constraint(op.f('ck_tasks_weekday_of_a_weekly_task'), type_='check')
        batch_op.drop_column('time_of_day')
        batch_op.drop_column('weekday')
