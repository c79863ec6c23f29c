"""Upkeep: when each asset was last checked, the public's "out of date" reports, and the erasure log

Revision ID: ccb6ea798086
Revises: 688cedbee9bd
Create Date: 2026-12-02 07:15:04.415184

The erasure log holds only ids and a time, so that a restore can erase again whoever asked to be
forgotten after the backup was taken.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ccb6ea798086'
down_revision = '688cedbee9bd'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('erasure_log',
    sa.Column('erasure_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('erased_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('erasure_id', name=op.f('pk_erasure_log')),
    sqlite_autoincrement=True
    )
    op.create_table('asset_check',
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('checked_how', sa.String(length=20), nullable=True),
    sa.Column('reminders_sent', sa.Integer(), server_default='0', nullable=False),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.asset_id'], name=op.f('fk_asset_check_asset_id_asset'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['checked_by_id'], ['user_account.user_id'], name=op.f('fk_asset_check_checked_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('asset_id', name=op.f('pk_asset_check'))
    )
    op.create_table('outdated_report',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('la_code', sa.String(length=9), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.asset_id'], name=op.f('fk_outdated_report_asset_id_asset'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['la_code'], ['local_authority.code'], name=op.f('fk_outdated_report_la_code_local_authority')),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user_account.user_id'], name=op.f('fk_outdated_report_reported_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user_account.user_id'], name=op.f('fk_outdated_report_resolved_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('report_id', name=op.f('pk_outdated_report')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('outdated_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outdated_report_asset_id'), ['asset_id'], unique=False)
        batch_op.create_index('ix_outdated_report_open', ['la_code', 'resolved_at'], unique=False)



def downgrade():
    with op.batch_alter_table('outdated_report', schema=None) as batch_op:
        batch_op.drop_index('ix_outdated_report_open')
        batch_op.drop_index(batch_op.f('ix_outdated_report_asset_id'))

    op.drop_table('outdated_report')
    op.drop_table('asset_check')
    op.drop_table('erasure_log')
