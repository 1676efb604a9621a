"""Create the contest and contest entry tables.

Revision ID: d5e6f7a8b9c0
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "d5e6f7a8b9c0"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "busan_contest",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("name", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("theme", sa.UnicodeText),
        sa.Column("description", sa.UnicodeText),
        sa.Column("how_to_enter", sa.UnicodeText),
        sa.Column("results", sa.UnicodeText),
        sa.Column("starts", sa.Date, nullable=False),
        sa.Column("ends", sa.Date, nullable=False),
        sa.Column("datasets", JSONB, nullable=False, server_default="[]"),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.UnicodeText),
    )
    op.create_table(
        "busan_contest_entry",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("contest_id", sa.UnicodeText, sa.ForeignKey("busan_contest.id", ondelete="CASCADE"), index=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText),
        sa.Column("url", sa.UnicodeText),
        sa.Column("datasets", JSONB, nullable=False, server_default="[]"),
        sa.Column("created", sa.DateTime, nullable=False),
    )


def downgrade():
    op.drop_table("busan_contest_entry")
    op.drop_table("busan_contest")
