"""form submissions: one-time tokens so a create form saves once

Revision ID: 0014_form_submissions
Revises: 0013_pending_totp_secret
"""
from alembic import op
import sqlalchemy as sa

revision = '0014_form_submissions'
down_revision = '0013_pending_totp_secret'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_submissions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('location', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_submissions')),
        sa.UniqueConstraint('token', name=op.f('uq_form_submissions_token')),
    )


def downgrade():
    op.drop_table('form_submissions')
