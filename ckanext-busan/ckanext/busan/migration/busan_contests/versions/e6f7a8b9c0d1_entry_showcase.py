"""A contest entry may be a showcase (busan_showcase's 'showcase' dataset type).

Revision ID: e6f7a8b9c0d1
Revises: d5e6f7a8b9c0
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "e6f7a8b9c0d1"
down_revision = "d5e6f7a8b9c0"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("busan_contest_entry", sa.Column("showcase_id", sa.UnicodeText))


def downgrade():
    op.drop_column("busan_contest_entry", "showcase_id")
