"""The position index also holds each asset's status and kind, so a radius search can count what is listed
and find how far its page reaches, and the map can count its clusters per kind, from the index alone
instead of reading every asset in the square.

Revision ID: 7e056e7533a3
Revises: 5ea4c4a11e50
Create Date: 2026-12-02 16:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7e056e7533a3'
down_revision = '5ea4c4a11e50'
branch_labels = None
depends_on = None


def upgrade():
    # An index, not the table: SQLite's search triggers on "asset" stay as they are.
    op.drop_index("ix_asset_position", table_name="asset")
    op.create_index("ix_asset_position", "asset", ["latitude", "longitude", "status", "kind"], unique=False)


def downgrade():
    op.drop_index("ix_asset_position", table_name="asset")
    op.create_index("ix_asset_position", "asset", ["latitude", "longitude"], unique=False)
