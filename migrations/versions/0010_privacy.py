"""privacy: people the family took out of the network keep their record, marked as left

Revision ID: 0010_privacy
Revises: 0009_consent
"""
from alembic import op
import sqlalchemy as sa

revision = '0010_privacy'
down_revision = '0009_consent'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('left_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('left_at')
