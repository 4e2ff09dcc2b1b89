"""foreign key indexes, and the rules the database can hold itself

Revision ID: 0015_foreign_key_indexes
Revises: 0014_form_submissions

1. An index for every foreign key. Deleting a person or a family makes the database look up every
   row that refers to them (to cascade, to set null or to refuse); without an index each look-up
   reads the whole table (deleting a family of 60 took 14 s). tests/test_schema_rules.py fails for
   a new foreign key without one.

2. CHECK constraints:
   - consents: the period is in order (valid_from <= valid_until).
   - tasks: the status agrees with who the task is offered to and who carries it; the rule and
     why it is this one are next to `TASK_STATUS_RULE` in portal/tasks/models.py.

3. References that stay inside one family. A row that has a family_id and names a person now names
   them by (family_id, person id), a composite foreign key to a unique index on people(family_id,
   id), so the person cannot be of another family. Chosen where it is cheap and matters most:
   - tasks.offered_to_id and tasks.assignee_id: who is asked and who carries a task. These were
     ON DELETE SET NULL; a composite key cannot set only the person to null on every engine (it
     would empty family_id too), and setting the carrier of an accepted task to null would break
     the status rule anyway. So they have no ON DELETE: a person cannot be deleted on their own
     while a task names them. Kring never does that (someone who leaves keeps their row, see
     portal.privacy); deleting the family removes people and tasks in one statement.
   - consents.professional_id, invitations.person_id, alarm_pairs.raiser_id/contact_id: these
     already cascade, and a composite key cascades the same way, so nothing else changes.
   Left as they were: references that are ON DELETE SET NULL (authors, "changed by", a safe
   place's person, people.mentor_for_id) for the reason above, and tables without a family_id of
   their own (chain links, approvals, replies), which would need one added first.

Rows that break the task rule could only come from a person deleted under the old SET NULL; they
are put right first (a task that lost its carrier or the one it was offered to is open again).

On SQLite the changed tables are rebuilt (batch mode). Dropping the old table would, with foreign
keys on, delete the rows that refer to it (a task's events), so foreign keys are switched off
for the rebuild; SQLite only allows that before the first write of a transaction.
"""
from alembic import op
import sqlalchemy as sa

revision = '0015_foreign_key_indexes'
down_revision = '0014_form_submissions'
branch_labels = None
depends_on = None

TASK_STATUS_RULE = (
    "(status = 'offered' AND offered_to_id IS NOT NULL AND assignee_id IS NULL)"
    " OR (status = 'declined' AND offered_to_id IS NOT NULL AND assignee_id IS NULL)"
    " OR (status = 'open' AND offered_to_id IS NULL AND assignee_id IS NULL)"
    " OR (status IN ('accepted', 'done') AND assignee_id IS NOT NULL)"
)

# Indexes on a single foreign key column: (table, column).
PLAIN_INDEXES = [
    ('agreements', 'created_by_id'), ('agreements', 'updated_by_id'),
    ('condition_agreements', 'agreement_id'),
    ('condition_comments', 'author_id'),
    ('conditions', 'created_by_id'),
    ('consent_approvals', 'person_id'),
    ('consents', 'created_by_id'), ('consents', 'ended_by_id'),
    ('help_offers', 'recorded_by_id'), ('help_offers', 'task_id'),
    ('invitations', 'created_by_id'), ('invitations', 'used_by_id'),
    ('meeting_agreements', 'agreement_id'),
    ('meeting_invitations', 'recorded_by_id'),
    ('meeting_shared_entries', 'plan_entry_id'),
    ('meetings', 'created_by_id'),
    ('need_tasks', 'task_id'),
    ('needs', 'created_by_id'),
    ('part_comments', 'author_id'),
    ('people', 'mentor_for_id'),
    ('plan_entries', 'author_id'),
    ('plan_revisions', 'changed_by_id'),
    ('plans', 'updated_by_id'),
    ('scale_questions', 'created_by_id'),
    ('task_events', 'person_id'), ('task_events', 'recorded_by_id'),
    ('tasks', 'created_by_id'),
]

# Person references made family-bound: (table, column, ON DELETE before and after, index it had).
FAMILY_BOUND = [
    ('tasks', 'offered_to_id', 'SET NULL', None, False),
    ('tasks', 'assignee_id', 'SET NULL', None, False),
    ('consents', 'professional_id', 'CASCADE', 'CASCADE', True),
    ('invitations', 'person_id', 'CASCADE', 'CASCADE', True),
    ('alarm_pairs', 'raiser_id', 'CASCADE', 'CASCADE', True),
    ('alarm_pairs', 'contact_id', 'CASCADE', 'CASCADE', True),
]


def _foreign_keys_off_on_sqlite():
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    op.execute('PRAGMA foreign_keys=OFF')
    if bind.exec_driver_sql('PRAGMA foreign_keys').scalar():
        # Inside a transaction that already wrote: only safe when the rebuilt tables are empty,
        # as in a database made from scratch in one run.
        for table in ('tasks', 'consents', 'invitations', 'alarm_pairs'):
            if bind.exec_driver_sql(f'SELECT 1 FROM {table} LIMIT 1').first():
                raise RuntimeError('Upgrade to 0014_form_submissions first, then run this migration on its own.')


def upgrade():
    _foreign_keys_off_on_sqlite()
    for table, column in PLAIN_INDEXES:
        op.create_index(op.f(f'ix_{table}_{column}'), table, [column], unique=False)
    op.create_index(op.f('ix_people_family_id_id'), 'people', ['family_id', 'id'], unique=True)

    # Put right what a person deleted under the old SET NULL could have left behind.
    op.execute("UPDATE tasks SET status = 'open', offered_to_id = NULL, assignee_id = NULL"
               " WHERE (status IN ('offered', 'declined') AND offered_to_id IS NULL)"
               " OR (status = 'accepted' AND assignee_id IS NULL)")
    op.execute("UPDATE tasks SET assignee_id = NULL WHERE status IN ('offered', 'declined', 'open')")
    op.execute("UPDATE tasks SET offered_to_id = NULL WHERE status = 'open'")

    for table in ('tasks', 'consents', 'invitations', 'alarm_pairs'):
        with op.batch_alter_table(table) as batch_op:
            for _, column, old_ondelete, new_ondelete, had_index in (b for b in FAMILY_BOUND if b[0] == table):
                if had_index:
                    batch_op.drop_index(op.f(f'ix_{table}_{column}'))
                batch_op.drop_constraint(op.f(f'fk_{table}_{column}_people'), type_='foreignkey')
                batch_op.create_foreign_key(op.f(f'fk_{table}_family_id_{column}_people'), 'people',
                                            ['family_id', column], ['family_id', 'id'], ondelete=new_ondelete)
                batch_op.create_index(op.f(f'ix_{table}_{column}_family_id'), [column, 'family_id'], unique=False)
            if table == 'tasks':
                batch_op.create_check_constraint(op.f('ck_tasks_status_agrees_with_people'), TASK_STATUS_RULE)
            if table == 'consents':
                batch_op.create_check_constraint(op.f('ck_consents_period_in_order'), 'valid_from <= valid_until')


def downgrade():
    _foreign_keys_off_on_sqlite()
    for table in ('tasks', 'consents', 'invitations', 'alarm_pairs'):
        with op.batch_alter_table(table) as batch_op:
            if table == 'tasks':
                batch_op.drop_constraint(op.f('ck_tasks_status_agrees_with_people'), type_='check')
            if table == 'consents':
                batch_op.drop_constraint(op.f('ck_consents_period_in_order'), type_='check')
            for _, column, old_ondelete, new_ondelete, had_index in (b for b in FAMILY_BOUND if b[0] == table):
                batch_op.drop_index(op.f(f'ix_{table}_{column}_family_id'))
                batch_op.drop_constraint(op.f(f'fk_{table}_family_id_{column}_people'), type_='foreignkey')
                batch_op.create_foreign_key(op.f(f'fk_{table}_{column}_people'), 'people', [column], ['id'],
                                            ondelete=old_ondelete)
                if had_index:
                    batch_op.create_index(op.f(f'ix_{table}_{column}'), [column], unique=False)
    op.drop_index(op.f('ix_people_family_id_id'), table_name='people')
    for table, column in PLAIN_INDEXES:
        op.drop_index(op.f(f'ix_{table}_{column}'), table_name=table)
