"""Create the data inventory table.

Revision ID: a1f0c2d4e5b6
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "a1f0c2d4e5b6"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "busan_inventory_record",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("source_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("schema_name", sa.UnicodeText, nullable=False),
        sa.Column("table_name", sa.UnicodeText, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False, server_default="table"),
        sa.Column("comment", sa.UnicodeText),
        sa.Column("columns", JSONB, nullable=False, server_default="[]"),
        sa.Column("row_count", sa.Integer),
        sa.Column("last_change", sa.DateTime),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="candidate", index=True),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("decided_by", sa.UnicodeText),
        sa.Column("decided_at", sa.DateTime),
        sa.Column("package_id", sa.UnicodeText),
        sa.Column("first_seen", sa.DateTime),
        sa.Column("last_seen", sa.DateTime),
        sa.Column("gone", sa.DateTime),
        sa.UniqueConstraint("source_id", "schema_name", "table_name"),
    )


def downgrade():
    op.drop_table("busan_inventory_record")
