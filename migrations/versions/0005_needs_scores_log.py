"""needs and offers of help, how helpers take part, scale questions and answers, the log

Revision ID: 0005_needs_scores_log
Revises: 0002_plan_parts
"""
from alembic import op
import sqlalchemy as sa

revision = '0005_needs_scores_log'
down_revision = '0002_plan_parts'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=20)


def _visibility():
    return _enum('visibility', 'network', 'family_and_mentor')


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'),
                                   ondelete=ondelete)


def upgrade():
    op.create_table(
        'needs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=160), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('category', _enum('category', 'practical', 'paperwork', 'emotional', 'childcare', 'transport',
                                    'other'), nullable=False),
        sa.Column('mode', _enum('helpmode', 'visit', 'call', 'either'), nullable=False),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        _fk('needs', 'family_id', 'families', 'CASCADE'),
        _fk('needs', 'created_by_id', 'users', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_needs')),
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_family_id'), ['family_id'], unique=False)

    op.create_table(
        'help_offers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('message', sa.String(length=1000), nullable=False),
        sa.Column('status', _enum('offerstatus', 'pending', 'accepted', 'declined'), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        _fk('help_offers', 'need_id', 'needs', 'CASCADE'),
        _fk('help_offers', 'person_id', 'people', 'CASCADE'),
        _fk('help_offers', 'task_id', 'tasks', 'SET NULL'),
        _fk('help_offers', 'recorded_by_id', 'users', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_help_offers')),
    )
    with op.batch_alter_table('help_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_offers_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_offers_person_id'), ['person_id'], unique=False)

    op.create_table(
        'need_tasks',
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        _fk('need_tasks', 'need_id', 'needs', 'CASCADE'),
        _fk('need_tasks', 'task_id', 'tasks', 'CASCADE'),
        sa.PrimaryKeyConstraint('need_id', 'task_id', name=op.f('pk_need_tasks')),
    )

    op.create_table(
        'participation',
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('way', _enum('takingpart', 'think_along', 'help_out', 'both'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        _fk('participation', 'person_id', 'people', 'CASCADE'),
        sa.PrimaryKeyConstraint('person_id', name=op.f('pk_participation')),
    )

    op.create_table(
        'scale_questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        _fk('scale_questions', 'family_id', 'families', 'CASCADE'),
        _fk('scale_questions', 'created_by_id', 'users', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scale_questions')),
    )
    with op.batch_alter_table('scale_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scale_questions_family_id'), ['family_id'], unique=False)

    op.create_table(
        'scale_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('score >= 0 AND score <= 10', name=op.f('ck_scale_answers_score_0_to_10')),
        _fk('scale_answers', 'question_id', 'scale_questions', 'CASCADE'),
        _fk('scale_answers', 'person_id', 'people', 'CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scale_answers')),
    )
    with op.batch_alter_table('scale_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scale_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scale_answers_person_id'), ['person_id'], unique=False)

    op.create_table(
        'log_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.String(length=1000), nullable=False),
        sa.Column('visibility', _visibility(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        _fk('log_entries', 'family_id', 'families', 'CASCADE'),
        _fk('log_entries', 'author_id', 'people', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_log_entries')),
    )
    with op.batch_alter_table('log_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_log_entries_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_log_entries_author_id'), ['author_id'], unique=False)


def downgrade():
    with op.batch_alter_table('log_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_log_entries_author_id'))
        batch_op.drop_index(batch_op.f('ix_log_entries_family_id'))
    op.drop_table('log_entries')
    with op.batch_alter_table('scale_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scale_answers_person_id'))
        batch_op.drop_index(batch_op.f('ix_scale_answers_question_id'))
    op.drop_table('scale_answers')
    with op.batch_alter_table('scale_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scale_questions_family_id'))
    op.drop_table('scale_questions')
    op.drop_table('participation')
    op.drop_table('need_tasks')
    with op.batch_alter_table('help_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_offers_person_id'))
        batch_op.drop_index(batch_op.f('ix_help_offers_need_id'))
    op.drop_table('help_offers')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_family_id'))
    op.drop_table('needs')
