"""notifications: the outbox, notifications sent or waiting for the digest, preferences, calendar feeds

Revision ID: 0016_notifications
Revises: 0015_foreign_key_indexes

- outbox: every mail, written in the transaction of the change that caused it; the worker
  (`flask --app wsgi worker`) delivers it (see portal/outbox/).
- notifications: one thing one person was (or could not be) told; unique per (kind, subject,
  occurrence, person), so the scheduler tells nobody twice (see portal/notifications/).
- notification_preferences: a person's choice per kind (right away, weekly digest, not at all).
- calendar_feeds: private calendar addresses; only the token's hash.
- invitations.share_nonce: a link shared by hand is made from it and the secret key, so the
  person's card shows it again until it is used or renewed (the database alone holds no link).
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

    op.create_table(
        'notifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('subject', sa.String(length=60), nullable=False),
        sa.Column('occurrence', sa.String(length=40), nullable=False),
        sa.Column('outcome', sa.Enum('mailed', 'in_digest', 'digested', 'not_wanted', 'no_address',
                                     name='outcome', native_enum=False, length=20), nullable=False),
        sa.Column('headline', sa.String(length=300), nullable=False),
        sa.Column('link', sa.String(length=300), nullable=False),
        sa.Column('outbox_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_notifications_family_id_families'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_notifications_person_id_people'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_notifications_outbox_id_outbox'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
        sa.UniqueConstraint('kind', 'subject', 'occurrence', 'person_id', name='uq_notifications_key'),
    )
    with op.batch_alter_table('notifications') as batch:
        batch.create_index(batch.f('ix_notifications_family_id'), ['family_id'])
        batch.create_index(batch.f('ix_notifications_person_id'), ['person_id'])
        batch.create_index(batch.f('ix_notifications_outbox_id'), ['outbox_id'])

    op.create_table(
        'notification_preferences',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('delivery', sa.Enum('now', 'digest', 'off', name='delivery', native_enum=False, length=20),
                  nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_notification_preferences_person_id_people'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preferences')),
        sa.UniqueConstraint('person_id', 'kind', name='uq_notification_preferences_person_kind'),
    )
    with op.batch_alter_table('notification_preferences') as batch:
        batch.create_index(batch.f('ix_notification_preferences_person_id'), ['person_id'])

    op.create_table(
        'calendar_feeds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('whole_plan', sa.Boolean(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_calendar_feeds_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash')),
    )
    with op.batch_alter_table('calendar_feeds') as batch:
        batch.create_index(batch.f('ix_calendar_feeds_person_id'), ['person_id'])

    with op.batch_alter_table('invitations') as batch:
        batch.add_column(sa.Column('share_nonce', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('invitations') as batch:
        batch.drop_column('share_nonce')
    op.drop_table('calendar_feeds')
    op.drop_table('notification_preferences')
    op.drop_table('notifications')
    op.drop_table('outbox')
