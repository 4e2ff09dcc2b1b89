"""the network map: what the family knows of each person, family ties, sociograms

Revision ID: 0017_network_map
Revises: 0016_notifications

- people: year of birth, gender as they describe it, the genogram's symbol, where they live,
  deceased, private notes (family and mentor only) and a version for compare-and-set saves.
  Existing rows get the defaults (no symbol chosen: the neutral shape).
- family_ties: "Kees is the father of Sandra", partners, separations, siblings, and the markers
  conflict and broken contact; both people by (family_id, person id), so never of another family.
- sociograms and sociogram_placements: per question the family chose, each person's circle.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_network_map'
down_revision = '0016_notifications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sociograms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.Enum('important', 'may_help', 'knows_us', name='circlequestion', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_sociograms_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sociograms')),
    sa.UniqueConstraint('family_id', 'question', name='uq_sociograms_family_question')
    )
    with op.batch_alter_table('sociograms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sociograms_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_sociograms_family_id_id', ['family_id', 'id'], unique=True)

    op.create_table('family_ties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('parent', 'step_parent', 'partner', 'separated', 'sibling', 'half_sibling', 'conflict', 'no_contact', name='tiekind', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('person_id <> other_id', name=op.f('ck_family_ties_not_oneself')),
    sa.ForeignKeyConstraint(['family_id', 'other_id'], ['people.family_id', 'people.id'], name='fk_family_ties_family_id_other_id_people', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id', 'person_id'], ['people.family_id', 'people.id'], name='fk_family_ties_family_id_person_id_people', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_family_ties_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_ties')),
    sa.UniqueConstraint('person_id', 'other_id', 'kind', name='uq_family_ties_person_other_kind')
    )
    with op.batch_alter_table('family_ties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_ties_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_family_ties_other_id_family_id', ['other_id', 'family_id'], unique=False)
        batch_op.create_index('ix_family_ties_person_id_family_id', ['person_id', 'family_id'], unique=False)

    op.create_table('sociogram_placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('sociogram_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('circle', sa.Integer(), nullable=False),
    sa.CheckConstraint('circle BETWEEN 1 AND 3', name=op.f('ck_sociogram_placements_circle_one_to_three')),
    sa.ForeignKeyConstraint(['family_id', 'person_id'], ['people.family_id', 'people.id'], name='fk_sociogram_placements_family_id_person_id_people', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id', 'sociogram_id'], ['sociograms.family_id', 'sociograms.id'], name='fk_sociogram_placements_family_id_sociogram_id_sociograms', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_sociogram_placements_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sociogram_placements')),
    sa.UniqueConstraint('sociogram_id', 'person_id', name='uq_sociogram_placements_sociogram_person')
    )
    with op.batch_alter_table('sociogram_placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sociogram_placements_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_sociogram_placements_person_id_family_id', ['person_id', 'family_id'], unique=False)
        batch_op.create_index('ix_sociogram_placements_sociogram_id_family_id', ['sociogram_id', 'family_id'], unique=False)

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('birth_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('gender', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('shape', sa.Enum('square', 'circle', 'neutral', name='shape', native_enum=False, length=20), nullable=False, server_default='neutral'))
        batch_op.add_column(sa.Column('lives', sa.Enum('nearby', 'far', 'abroad', name='distance', native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column('deceased', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('private_notes', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    # Not in batch mode: SQLite drops a plain column in place (3.35+), where a rebuild of the table
    # everyone refers to would, with foreign keys on, take their rows with it.
    for column in ('updated_at', 'version', 'private_notes', 'deceased', 'lives', 'shape', 'gender', 'birth_year'):
        op.drop_column('people', column)

    with op.batch_alter_table('sociogram_placements', schema=None) as batch_op:
        batch_op.drop_index('ix_sociogram_placements_sociogram_id_family_id')
        batch_op.drop_index('ix_sociogram_placements_person_id_family_id')
        batch_op.drop_index(batch_op.f('ix_sociogram_placements_family_id'))

    op.drop_table('sociogram_placements')
    with op.batch_alter_table('family_ties', schema=None) as batch_op:
        batch_op.drop_index('ix_family_ties_person_id_family_id')
        batch_op.drop_index('ix_family_ties_other_id_family_id')
        batch_op.drop_index(batch_op.f('ix_family_ties_family_id'))

    op.drop_table('family_ties')
    with op.batch_alter_table('sociograms', schema=None) as batch_op:
        batch_op.drop_index('ix_sociograms_family_id_id')
        batch_op.drop_index(batch_op.f('ix_sociograms_family_id'))

    op.drop_table('sociograms')
