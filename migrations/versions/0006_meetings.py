"""meetings: network meetings, invitations with replies, and links to shared entries and agreements

Revision ID: 0006_meetings
Revises: 0003_plan_content (it links to plan_entries and agreements)
"""
from alembic import op
import sqlalchemy as sa

revision = '0006_meetings'
down_revision = '0003_plan_content'
branch_labels = None
depends_on = None


def _user_fk(table, column):
    return sa.ForeignKeyConstraint([column], ['users.id'], name=op.f(f'fk_{table}_{column}_users'),
                                   ondelete='SET NULL')


def _meeting_fk(table):
    return sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f(f'fk_{table}_meeting_id_meetings'),
                                   ondelete='CASCADE')


def upgrade():
    op.create_table(
        'meetings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=160), nullable=False),
        sa.Column('meeting_date', sa.Date(), nullable=False),
        sa.Column('start_time', sa.Time(), nullable=True),
        sa.Column('place', sa.String(length=200), nullable=False),
        sa.Column('goal', sa.Text(), nullable=False),
        sa.Column('agenda', sa.Text(), nullable=False),
        sa.Column('ground_rules', sa.Text(), nullable=False),
        sa.Column('shared_concerns', sa.Text(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('visibility', sa.Enum('network', 'family_and_mentor', name='visibility', native_enum=False,
                                        length=20), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_meetings_family_id_families'),
                                ondelete='CASCADE'),
        _user_fk('meetings', 'created_by_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    )
    op.create_table(
        'meeting_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('reply', sa.Enum('waiting', 'coming', 'not_coming', 'maybe', name='reply', native_enum=False,
                                   length=20), nullable=False),
        sa.Column('reply_note', sa.String(length=300), nullable=False),
        sa.Column('replied_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
        _meeting_fk('meeting_invitations'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_meeting_invitations_person_id_people'),
                                ondelete='CASCADE'),
        _user_fk('meeting_invitations', 'recorded_by_id'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_invitations')),
        sa.UniqueConstraint('meeting_id', 'person_id', name='uq_meeting_invitations_meeting_person'),
    )
    op.create_table(
        'meeting_agreements',
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'],
                                name=op.f('fk_meeting_agreements_agreement_id_agreements'), ondelete='CASCADE'),
        _meeting_fk('meeting_agreements'),
        sa.PrimaryKeyConstraint('meeting_id', 'agreement_id', name=op.f('pk_meeting_agreements')),
    )
    op.create_table(
        'meeting_shared_entries',
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('plan_entry_id', sa.Integer(), nullable=False),
        _meeting_fk('meeting_shared_entries'),
        sa.ForeignKeyConstraint(['plan_entry_id'], ['plan_entries.id'],
                                name=op.f('fk_meeting_shared_entries_plan_entry_id_plan_entries'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('meeting_id', 'plan_entry_id', name=op.f('pk_meeting_shared_entries')),
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_meeting_date'), ['meeting_date'], unique=False)
    with op.batch_alter_table('meeting_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_invitations_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_invitations_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('meeting_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_invitations_person_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_invitations_meeting_id'))
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_meeting_date'))
        batch_op.drop_index(batch_op.f('ix_meetings_family_id'))
    for table in ('meeting_shared_entries', 'meeting_agreements', 'meeting_invitations', 'meetings'):
        op.drop_table(table)
