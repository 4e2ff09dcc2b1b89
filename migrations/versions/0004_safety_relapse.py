"""safety and relapse plans: chains to call, safe places, who tells the children; warning signs, alarms

Revision ID: 0004_safety_relapse
Revises: 0002_plan_parts
"""
from alembic import op
import sqlalchemy as sa

revision = '0004_safety_relapse'
down_revision = '0002_plan_parts'
branch_labels = None
depends_on = None


def _visibility():
    return sa.Enum('network', 'family_and_mentor', name='visibility', native_enum=False, length=20)


def _family_fk(table):
    return sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f(f'fk_{table}_family_id_families'),
                                   ondelete='CASCADE')


def _person_fk(table, column, ondelete):
    return sa.ForeignKeyConstraint([column], ['people.id'], name=op.f(f'fk_{table}_{column}_people'),
                                   ondelete=ondelete)


def _indexes(table, *columns):
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade():
    op.create_table(
        'safety_situations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('for_youth_id', sa.Integer(), nullable=True),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        _family_fk('safety_situations'),
        _person_fk('safety_situations', 'for_youth_id', 'CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_situations')),
    )
    _indexes('safety_situations', 'family_id', 'for_youth_id')
    op.create_table(
        'safety_chain_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('situation_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.Enum('network', 'professional', 'emergency', name='linkkind', native_enum=False,
                                  length=20), nullable=False),
        sa.ForeignKeyConstraint(['situation_id'], ['safety_situations.id'],
                                name=op.f('fk_safety_chain_links_situation_id_safety_situations'), ondelete='CASCADE'),
        _person_fk('safety_chain_links', 'person_id', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_chain_links')),
        sa.UniqueConstraint('situation_id', 'position', name='uq_safety_chain_links_situation_position'),
    )
    _indexes('safety_chain_links', 'situation_id', 'person_id')
    op.create_table(
        'safe_places',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('youth_id', sa.Integer(), nullable=False),
        sa.Column('description', sa.String(length=500), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('phone', sa.String(length=40), nullable=False),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        _family_fk('safe_places'),
        _person_fk('safe_places', 'youth_id', 'CASCADE'),
        _person_fk('safe_places', 'person_id', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_safe_places')),
    )
    _indexes('safe_places', 'family_id', 'youth_id', 'person_id')
    op.create_table(
        'children_briefings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('told_by', sa.String(length=200), nullable=False),
        sa.Column('why', sa.Text(), nullable=False),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        _family_fk('children_briefings'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_children_briefings')),
        sa.UniqueConstraint('family_id', name=op.f('uq_children_briefings_family_id')),
    )
    op.create_table(
        'relapse_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('warning_sign', 'after_alarm', 'agreements_broken', name='relapsekind',
                                  native_enum=False, length=20), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        _family_fk('relapse_entries'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_relapse_entries')),
    )
    _indexes('relapse_entries', 'family_id')
    op.create_table(
        'alarm_pairs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('raiser_id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        _family_fk('alarm_pairs'),
        _person_fk('alarm_pairs', 'raiser_id', 'CASCADE'),
        _person_fk('alarm_pairs', 'contact_id', 'CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_alarm_pairs')),
        sa.UniqueConstraint('raiser_id', 'contact_id', name='uq_alarm_pairs_raiser_contact'),
    )
    _indexes('alarm_pairs', 'family_id', 'raiser_id', 'contact_id')


def downgrade():
    for table in ('alarm_pairs', 'relapse_entries', 'children_briefings', 'safe_places', 'safety_chain_links',
                  'safety_situations'):
        op.drop_table(table)
