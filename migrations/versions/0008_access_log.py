"""access log: append-only, hash-chained (NEN 7513); joins the branches of the plan parts

Revision ID: 0008_access_log
Revises: 0004_safety_relapse, 0005_needs_scores_log, 0006_meetings, 0007_account_security
"""
from alembic import op
import sqlalchemy as sa

revision = '0008_access_log'
down_revision = ('0004_safety_relapse', '0005_needs_scores_log', '0006_meetings', '0007_account_security')
branch_labels = None
depends_on = None

ACTIONS = ('read', 'create', 'update', 'delete', 'export', 'login', 'login_failed', 'logout', 'consent',
           'view_log')
RESULTS = ('allowed', 'denied', 'refused')


def upgrade():
    op.create_table(
        'access_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('user_name', sa.String(length=120), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('on_behalf_of', sa.String(length=120), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=True),
        sa.Column('part', sa.String(length=20), nullable=False),
        sa.Column('action', sa.Enum(*ACTIONS, name='auditaction', native_enum=False, length=20), nullable=False),
        sa.Column('result', sa.Enum(*RESULTS, name='auditresult', native_enum=False, length=20), nullable=False),
        sa.Column('consent_id', sa.Integer(), nullable=True),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('entry_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log')),
        sa.UniqueConstraint('seq', name=op.f('uq_access_log_seq')),
    )
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_log_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_log_user_id'), ['user_id'], unique=False)
    op.create_table(
        'access_log_head',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('last_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log_head')),
    )


def downgrade():
    op.drop_table('access_log_head')
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_log_user_id'))
        batch_op.drop_index(batch_op.f('ix_access_log_family_id'))
        batch_op.drop_index(batch_op.f('ix_access_log_at'))
    op.drop_table('access_log')
