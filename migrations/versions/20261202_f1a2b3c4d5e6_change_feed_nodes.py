"""The change feed names the nodes each change touched; the feed's head gets an epoch

So app processes reload only those nodes

Revision ID: f1a2b3c4d5e6
Revises: e62701100d88
Create Date: 2026-12-02 07:10:00

A link's old and new ends, a consent's person, the people an officer recorded when that officer moves
authority or is erased: written by the writer, who still knows them. NULL means unknown (a bulk
statement), and readers rebuild the whole graph.
"""

from uuid import uuid4

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f1a2b3c4d5e6"
down_revision = "e62701100d88"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("change_feed", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nodes", sa.Text(), nullable=True))
    with op.batch_alter_table("graph_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.String(length=32), nullable=True))
    # The feed so far names no nodes: a process reading it rebuilds once, then follows the new entries.
    op.execute(sa.text("UPDATE graph_state SET epoch = :epoch").bindparams(epoch=uuid4().hex))


def downgrade():
    with op.batch_alter_table("graph_state", schema=None) as batch_op:
        batch_op.drop_column("epoch")
    with op.batch_alter_table("change_feed", schema=None) as batch_op:
        batch_op.drop_column("nodes")
