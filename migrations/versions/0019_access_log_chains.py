"""access log: one hash chain per family instead of one for the whole installation

Revision ID: 0019_access_log_chains
Revises: 0018_task_time_and_kind

Before, every access-log row of the installation was one chain with one head row, and every
request bumped that row: all writers, of every family, took turns there (about 200 rows/s in all,
however many app servers). Now each family has a chain of its own, and the rows about no family
(logins) one more (chain 0): writers only wait for writers of the same family.

- access_log.chain says which chain a row is in; a position (seq) is unique within its chain.
  The rows written before this migration keep their hashes and stay one chain, FIRST_CHAIN (-1),
  which `flask audit verify` checks as before.
- access_log_heads holds one head per chain (its last position and hash); the old single head
  becomes the head of FIRST_CHAIN.
- A trigger keeps a head's last_hash equal to the hash of the chain's newest row, so a writer
  sends two statements (bump the head, insert the row) instead of four.
"""
from alembic import op
import sqlalchemy as sa

revision = '0019_access_log_chains'
down_revision = '0018_task_time_and_kind'
branch_labels = None
depends_on = None

FIRST_CHAIN = -1
UPDATE_HEAD = "UPDATE access_log_heads SET last_hash = NEW.entry_hash WHERE chain = NEW.chain;"


def upgrade():
    op.create_table(
        'access_log_heads',
        sa.Column('chain', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('last_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('chain', name=op.f('pk_access_log_heads')),
    )
    op.execute(f"INSERT INTO access_log_heads (chain, seq, last_hash) "
               f"SELECT {FIRST_CHAIN}, seq, last_hash FROM access_log_head WHERE id = 1")
    op.drop_table('access_log_head')

    op.add_column('access_log', sa.Column('chain', sa.Integer(), nullable=False,
                                          server_default=sa.text(str(FIRST_CHAIN))))
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.alter_column('chain', server_default=None)
        batch_op.drop_constraint('uq_access_log_seq', type_='unique')
        batch_op.create_unique_constraint('uq_access_log_chain_seq', ['chain', 'seq'])

    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE FUNCTION access_log_moves_head() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN {UPDATE_HEAD} RETURN NULL; END $$")
        op.execute("CREATE TRIGGER access_log_moves_head AFTER INSERT ON access_log "
                   "FOR EACH ROW EXECUTE FUNCTION access_log_moves_head()")
    else:
        op.execute("CREATE TRIGGER access_log_moves_head AFTER INSERT ON access_log "
                   f"FOR EACH ROW BEGIN {UPDATE_HEAD} END")


def downgrade():
    # Only possible while every row is still in the first chain (nothing written since).
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER access_log_moves_head ON access_log")
        op.execute("DROP FUNCTION access_log_moves_head()")
    else:
        op.execute("DROP TRIGGER access_log_moves_head")
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_constraint('uq_access_log_chain_seq', type_='unique')
        batch_op.create_unique_constraint('uq_access_log_seq', ['seq'])
        batch_op.drop_column('chain')
    op.create_table(
        'access_log_head',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('last_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log_head')),
    )
    op.execute(f"INSERT INTO access_log_head (id, seq, last_hash) "
               f"SELECT 1, seq, last_hash FROM access_log_heads WHERE chain = {FIRST_CHAIN}")
    op.drop_table('access_log_heads')
