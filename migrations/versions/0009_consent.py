"""consent: a family's permission for a professional to see chosen parts, and who agreed

Revision ID: 0009_consent
Revises: 0008_access_log
"""
from alembic import op
import sqlalchemy as sa

revision = '0009_consent'
down_revision = '0008_access_log'
branch_labels = None
depends_on = None

PARTS = ('goal', 'concerns', 'needs', 'agreements', 'safety', 'relapse', 'conditions', 'scores',
         'meetings', 'log', 'network_map')


def upgrade():
    op.create_table(
        'consents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('professional_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.Enum('read', 'comment', name='consentlevel', native_enum=False, length=20),
                  nullable=False),
        sa.Column('purpose', sa.String(length=300), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_until', sa.Date(), nullable=False),
        sa.Column('status', sa.Enum('pending', 'active', 'withdrawn', 'ended', name='consentstatus',
                                    native_enum=False, length=20), nullable=False),
        sa.Column('agreed_bands', sa.String(length=300), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_consents_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['ended_by_id'], ['users.id'], name=op.f('fk_consents_ended_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_consents_family_id_families'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['professional_id'], ['people.id'],
                                name=op.f('fk_consents_professional_id_people'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consents')),
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consents_professional_id'), ['professional_id'], unique=False)

    op.create_table(
        'consent_parts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consent_id', sa.Integer(), nullable=False),
        sa.Column('part', sa.Enum(*PARTS, name='planpart', native_enum=False, length=20), nullable=False),
        sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], name=op.f('fk_consent_parts_consent_id_consents'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_parts')),
        sa.UniqueConstraint('consent_id', 'part', name='uq_consent_parts_consent_part'),
    )
    with op.batch_alter_table('consent_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_parts_consent_id'), ['consent_id'], unique=False)

    op.create_table(
        'consent_approvals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consent_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('bands', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['consent_id'], ['consents.id'],
                                name=op.f('fk_consent_approvals_consent_id_consents'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_consent_approvals_person_id_people'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_approvals')),
        sa.UniqueConstraint('consent_id', 'person_id', name='uq_consent_approvals_consent_person'),
    )
    with op.batch_alter_table('consent_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_approvals_consent_id'), ['consent_id'], unique=False)


def downgrade():
    op.drop_table('consent_approvals')
    op.drop_table('consent_parts')
    op.drop_table('consents')
