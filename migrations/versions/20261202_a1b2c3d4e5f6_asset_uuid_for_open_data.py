"""A UUID for every asset: its identifier in the open API and the Open Referral UK feed

Revision ID: a1b2c3d4e5f6
Revises: ccb6ea798086
Create Date: 2026-12-02 08:05:00

Existing records get one each, row by row; from then on the model gives one to every new record and
nothing changes it.
"""
import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1b2c3d4e5f6'
down_revision = 'ccb6ea798086'
branch_labels = None
depends_on = None


# SQLite's batch mode recreates the table: keep its AUTOINCREMENT (ids are never reused).
KEEP = {"sqlite_autoincrement": True}


def upgrade():
    with op.batch_alter_table('asset', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uuid', sa.String(length=36), nullable=True))
    connection = op.get_bind()
    asset = sa.table('asset', sa.column('asset_id', sa.Integer), sa.column('uuid', sa.String))
    ids = [row[0] for row in connection.execute(sa.select(asset.c.asset_id))]
    for asset_id in ids:
        connection.execute(asset.update().where(asset.c.asset_id == asset_id).values(uuid=str(uuid.uuid4())))
    with op.batch_alter_table('asset', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.alter_column('uuid', existing_type=sa.String(length=36), nullable=False)
        batch_op.create_index(batch_op.f('ix_asset_uuid'), ['uuid'], unique=True)


def downgrade():
    with op.batch_alter_table('asset', schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_uuid'))
        batch_op.drop_column('uuid')
