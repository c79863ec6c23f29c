"""Email: verified addresses and notice opt-out; informed confirmation: expiring links, manage links, reminders

Revision ID: e5a1c0de0011
Revises: d8abfdf1fbab
Create Date: 2026-12-02 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a1c0de0011'
down_revision = 'd8abfdf1fbab'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('email_notices', sa.Boolean(), server_default=sa.true(), nullable=False))
    # Staff accounts are made by an administrator, who vouches for them; residents prove their address.
    op.execute("UPDATE user_account SET email_verified_at = created_at WHERE role IN ('officer', 'admin')")
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirm_token_expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('manage_token_hash', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('contact_locale', sa.String(length=5), server_default='en', nullable=False))
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.drop_column('reminded_at')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('contact_locale')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('manage_token_hash')
        batch_op.drop_column('confirm_token_expires_at')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('email_notices')
        batch_op.drop_column('email_verified_at')
