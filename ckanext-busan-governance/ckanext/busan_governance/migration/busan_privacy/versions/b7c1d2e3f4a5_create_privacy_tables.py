"""Internal governance fields of datasets and the access log (접속기록).

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
        "busan_dataset_internal",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("steward_name", sa.UnicodeText),
        sa.Column("steward_contact", sa.UnicodeText),
        sa.Column("privacy_review_notes", sa.UnicodeText),
        sa.Column("modified", sa.DateTime),
        sa.Column("modified_by", sa.UnicodeText),
    )
    op.create_table(
        "busan_access_log",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("user_name", sa.UnicodeText),
        sa.Column("ip", sa.UnicodeText),
        sa.Column("action", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, index=True),
        sa.Column("resource_id", sa.UnicodeText),
    )


def downgrade():
    op.drop_table("busan_access_log")
    op.drop_table("busan_dataset_internal")
