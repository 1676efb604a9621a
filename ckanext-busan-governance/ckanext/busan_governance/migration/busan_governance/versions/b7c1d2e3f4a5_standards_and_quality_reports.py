"""Create the standard dictionary and quality report tables.

Revision ID: b7c1d2e3f4a5
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "b7c1d2e3f4a5"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the columns in model.py at this revision.
STANDARDS = {
    "busan_standard_word": (("name", "abbr"), ("no", "edition", "name", "abbr", "english", "description",
                            "is_class_word", "domain_class", "synonyms", "forbidden")),
    "busan_standard_term": (("name",), ("no", "edition", "name", "description", "abbr", "domain", "allowed_values",
                            "storage_format", "display_format", "admin_code", "agency", "synonyms")),
    "busan_standard_domain": (("name",), ("no", "edition", "group", "domain_class", "name", "description",
                              "data_type", "length", "scale", "storage_format", "display_format", "unit",
                              "allowed_values")),
    "busan_standard_code": (("code_name", "code"), ("code_name", "code", "label")),
}  # fmt: skip


def upgrade():
    for table, (key, fields) in STANDARDS.items():
        op.create_table(
            table,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            *[sa.Column(f, sa.UnicodeText, nullable=f not in key) for f in fields],
            sa.Column("source", sa.UnicodeText),
            sa.Column("updated", sa.DateTime),
            sa.UniqueConstraint(*key),
        )
    op.create_table(
        "busan_standard_import",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("edition", sa.Integer),
        sa.Column("sources", sa.UnicodeText),
        sa.Column("counts", JSONB),
        sa.Column("errors", JSONB),
        sa.Column("imported", sa.DateTime),
    )
    op.create_table(
        "busan_quality_report",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("resource_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("version", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("grade", sa.UnicodeText),
        sa.Column("error_rate", sa.Float),
        sa.Column("rows", sa.Integer),
        sa.Column("compliance_rate", sa.Float),
        sa.Column("report", JSONB),
        sa.Column("table_schema", JSONB),
        sa.Column("message", sa.UnicodeText),
        sa.Column("created", sa.DateTime),
        sa.Column("finished", sa.DateTime),
    )


def downgrade():
    op.drop_table("busan_quality_report")
    op.drop_table("busan_standard_import")
    for table in reversed(list(STANDARDS)):
        op.drop_table(table)
