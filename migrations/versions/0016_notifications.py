"""notifications: the outbox, notifications sent or waiting for the digest, preferences, calendar feeds

Revision ID: 0016_notifications
Revises: 0015_foreign_key_indexes

- outbox: every mail, written in the transaction of the change that caused it; the worker
  (`flask --app wsgi worker`) delivers it (see portal/outbox/).
"""
from alembic import op
import sqlalchemy as sa

revision = '0016_notifications'
down_revision = '0015_foreign_key_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('message', sa.LargeBinary(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=True),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('status', sa.Enum('pending', 'sent', 'failed', name='mailstatus', native_enum=False,
                                    length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_outbox_family_id_families'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_outbox_person_id_people'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    )
    with op.batch_alter_table('outbox') as batch:
        batch.create_index(batch.f('ix_outbox_family_id'), ['family_id'])
        batch.create_index(batch.f('ix_outbox_person_id'), ['person_id'])
        batch.create_index('ix_outbox_status_next_attempt_at', ['status', 'next_attempt_at'])


def downgrade():
    op.drop_table('outbox')
