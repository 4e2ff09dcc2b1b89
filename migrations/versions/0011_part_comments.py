"""part comments: professionals with a "read and comment" consent comment on a part of the plan

Revision ID: 0011_part_comments
Revises: 0010_privacy
"""
from alembic import op
import sqlalchemy as sa

revision = '0011_part_comments'
down_revision = '0010_privacy'
branch_labels = None
depends_on = None

PARTS = ('goal', 'concerns', 'needs', 'agreements', 'safety', 'relapse', 'conditions', 'scores',
         'meetings', 'log', 'network_map')


def upgrade():
    op.create_table(
        'part_comments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('part', sa.Enum(*PARTS, name='planpart', native_enum=False, length=20), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_part_comments_author_id_people'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_part_comments_family_id_families'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_part_comments')),
    )
    with op.batch_alter_table('part_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_part_comments_family_id'), ['family_id'], unique=False)


def downgrade():
    op.drop_table('part_comments')
