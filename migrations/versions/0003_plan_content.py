"""plan content: the goal and its history, concerns/strengths/exceptions, agreements, conditions

Revision ID: 0003_plan_content
Revises: 0002_plan_parts
"""
from alembic import op
import sqlalchemy as sa

revision = '0003_plan_content'
down_revision = '0002_plan_parts'
branch_labels = None
depends_on = None

VISIBILITY = ('network', 'family_and_mentor')


def _visibility():
    return sa.Enum(*VISIBILITY, name='visibility', native_enum=False, length=20)


def _person_fk(table, column):
    return sa.ForeignKeyConstraint([column], ['people.id'], name=op.f(f'fk_{table}_{column}_people'),
                                   ondelete='SET NULL')


def _family_fk(table):
    return sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f(f'fk_{table}_family_id_families'),
                                   ondelete='CASCADE')


def upgrade():
    op.create_table(
        'plans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('goal', sa.Text(), nullable=False),
        sa.Column('own_words', sa.Text(), nullable=False),
        sa.Column('status', sa.Enum('draft', 'active', 'under_review', 'closed', name='planstatus',
                                    native_enum=False, length=20), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        _family_fk('plans'),
        _person_fk('plans', 'updated_by_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
        sa.UniqueConstraint('family_id', name=op.f('uq_plans_family_id')),
    )
    op.create_table(
        'plan_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.Enum('goal', 'own_words', 'status', name='planfield', native_enum=False, length=20),
                  nullable=False),
        sa.Column('previous_text', sa.Text(), nullable=False),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_revisions_plan_id_plans'),
                                ondelete='CASCADE'),
        _person_fk('plan_revisions', 'changed_by_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_revisions')),
    )
    op.create_table(
        'plan_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('concern', 'strength', 'exception', name='entrykind', native_enum=False,
                                  length=20), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        _family_fk('plan_entries'),
        _person_fk('plan_entries', 'author_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_entries')),
    )
    op.create_table(
        'agreements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=160), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        _family_fk('agreements'),
        _person_fk('agreements', 'created_by_id'),
        _person_fk('agreements', 'updated_by_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements')),
    )
    op.create_table(
        'conditions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        _family_fk('conditions'),
        _person_fk('conditions', 'created_by_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conditions')),
    )
    op.create_table(
        'condition_comments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('condition_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'],
                                name=op.f('fk_condition_comments_condition_id_conditions'), ondelete='CASCADE'),
        _person_fk('condition_comments', 'author_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_condition_comments')),
    )
    op.create_table(
        'condition_agreements',
        sa.Column('condition_id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'],
                                name=op.f('fk_condition_agreements_agreement_id_agreements'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'],
                                name=op.f('fk_condition_agreements_condition_id_conditions'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('condition_id', 'agreement_id', name=op.f('pk_condition_agreements')),
    )
    for table, column in (('plan_revisions', 'plan_id'), ('plan_entries', 'family_id'),
                          ('agreements', 'family_id'), ('conditions', 'family_id'),
                          ('condition_comments', 'condition_id')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)

    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreement_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_tasks_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_tasks_agreement_id_agreements'), 'agreements',
                                    ['agreement_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tasks_agreement_id_agreements'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_tasks_agreement_id'))
        batch_op.drop_column('agreement_id')
    for table, column in (('condition_comments', 'condition_id'), ('conditions', 'family_id'),
                          ('agreements', 'family_id'), ('plan_entries', 'family_id'),
                          ('plan_revisions', 'plan_id')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
    for table in ('condition_agreements', 'condition_comments', 'conditions', 'agreements', 'plan_entries',
                  'plan_revisions', 'plans'):
        op.drop_table(table)
