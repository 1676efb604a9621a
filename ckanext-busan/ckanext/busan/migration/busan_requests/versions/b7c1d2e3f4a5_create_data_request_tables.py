"""Create the data request tables (requests, comments, 나도 필요해요 votes, followers).

Revision ID: b7c1d2e3f4a5
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "b7c1d2e3f4a5"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "busan_data_request",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False),
        sa.Column("purpose", sa.UnicodeText, nullable=False),
        sa.Column("desired_format", sa.UnicodeText),
        sa.Column("owner_org", sa.UnicodeText, index=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("consent_at", sa.DateTime, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False, index=True),
        sa.Column("extended", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("extension_reason", sa.UnicodeText),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="received", index=True),
        sa.Column("answer", sa.UnicodeText),
        sa.Column("refusal_reason", sa.UnicodeText),
        sa.Column("duplicate_of", sa.UnicodeText),
        sa.Column("answered_at", sa.DateTime),
        sa.Column("answered_on", sa.Date),
        sa.Column("answered_by", sa.UnicodeText),
        sa.Column("package_id", sa.UnicodeText, index=True),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("overdue_notified_at", sa.DateTime),
    )
    for table in ("busan_data_request_vote", "busan_data_request_follower"):
        op.create_table(
            table,
            sa.Column(
                "request_id",
                sa.UnicodeText,
                sa.ForeignKey("busan_data_request.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("user_id", sa.UnicodeText, primary_key=True),
            sa.Column("created", sa.DateTime, nullable=False),
        )
    op.create_table(
        "busan_data_request_comment",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("request_id", sa.UnicodeText, sa.ForeignKey("busan_data_request.id", ondelete="CASCADE"), index=True),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("text", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
    )


def downgrade():
    for table in (
        "busan_data_request_comment",
        "busan_data_request_follower",
        "busan_data_request_vote",
        "busan_data_request",
    ):
        op.drop_table(table)
