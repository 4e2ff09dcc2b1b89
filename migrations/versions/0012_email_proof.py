"""email proof: an address counts once a link sent to it was opened; invitations can be declined

Revision ID: 0012_email_proof
Revises: 0011_part_comments
"""
from alembic import op
import sqlalchemy as sa

revision = '0012_email_proof'
down_revision = '0011_part_comments'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True))
    # Accounts that exist now predate the rule (they were made by hand, by invitation links or as
    # demo accounts): they count as proven from this moment, so nobody loses their invitations.
    op.execute(sa.text("UPDATE users SET email_verified_at = created_at"))
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'email_confirmations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_email_confirmations_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_email_confirmations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_email_confirmations_token_hash')),
    )
    with op.batch_alter_table('email_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_confirmations_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('email_confirmations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_confirmations_user_id'))
    op.drop_table('email_confirmations')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('declined_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
