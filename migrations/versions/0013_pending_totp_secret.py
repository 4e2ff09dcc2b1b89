"""pending two-factor secret: kept on the server during set-up, never in the session cookie

Revision ID: 0013_pending_totp_secret
Revises: 0012_email_proof
"""
from alembic import op
import sqlalchemy as sa

revision = '0013_pending_totp_secret'
down_revision = '0012_email_proof'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_totp_secret', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('pending_totp_secret')
