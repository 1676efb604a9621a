"""Personal-information scans of resources and privacy holds of datasets.

Revision ID: c8d2e3f4a5b6
Revises: b7c1d2e3f4a5
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "c8d2e3f4a5b6"
down_revision = "b7c1d2e3f4a5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "busan_pii_scan",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("scanned_at", sa.DateTime),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("findings", JSONB),
        sa.Column("message", sa.UnicodeText),
    )
    op.create_table(
        "busan_privacy_hold",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("was_private", sa.Boolean, nullable=False),
        sa.Column("held_at", sa.DateTime),
        sa.Column("reviewed_by", sa.UnicodeText),
        sa.Column("reviewed_at", sa.DateTime),
    )


def downgrade():
    op.drop_table("busan_privacy_hold")
    op.drop_table("busan_pii_scan")
