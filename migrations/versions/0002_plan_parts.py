"""plan parts: which parts a family narrowed to the family and the mentor

Revision ID: 0002_plan_parts
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa

revision = '0002_plan_parts'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None

PARTS = ('goal', 'concerns', 'needs', 'agreements', 'safety', 'relapse', 'conditions', 'scores',
         'meetings', 'log', 'network_map')


def upgrade():
    op.create_table(
        'part_visibility',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('part', sa.Enum(*PARTS, name='planpart', native_enum=False, length=20), nullable=False),
        sa.Column('visibility', sa.Enum('network', 'family_and_mentor', name='visibility', native_enum=False,
                                        length=20), nullable=False),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_part_visibility_family_id_families'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_part_visibility')),
        sa.UniqueConstraint('family_id', 'part', name='uq_part_visibility_family_part'),
    )
    with op.batch_alter_table('part_visibility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_part_visibility_family_id'), ['family_id'], unique=False)


def downgrade():
    with op.batch_alter_table('part_visibility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_part_visibility_family_id'))
    op.drop_table('part_visibility')
