"""Create the citizen submission table (moderation state of citizen-contributed datasets).

Revision ID: c3d4e5f6a7b8
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "c3d4e5f6a7b8"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "busan_citizen_submission",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="pending", index=True),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("submitted_at", sa.DateTime, nullable=False),
        sa.Column("moderated_by", sa.UnicodeText),
        sa.Column("moderated_at", sa.DateTime),
    )


def downgrade():
    op.drop_table("busan_citizen_submission")
