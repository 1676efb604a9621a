"""Tables of busan_governance (alembic migration in migration/busan_governance): the common
standard dictionary (words, terms, domains, 행정표준코드 values, import log) and the quality
report of each resource version. Never CKAN's own tables."""

from __future__ import annotations

import datetime as dt

from ckan.model.types import make_uuid
from sqlalchemy import Column, DateTime, Float, Integer, MetaData, Table, UnicodeText, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()


def _text(name: str, **kw) -> Column:
    return Column(name, UnicodeText, **kw)


def _standard(name: str, key: tuple[str, ...], fields: tuple[str, ...]) -> Table:
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        *[_text(f, nullable=f not in key) for f in fields],
        _text("source"),  # the file it was imported from
        Column("updated", DateTime, default=dt.datetime.utcnow),
        UniqueConstraint(*key),
    )


WORD_FIELDS = (
    "no",
    "edition",
    "name",
    "abbr",
    "english",
    "description",
    "is_class_word",
    "domain_class",
    "synonyms",
    "forbidden",
)
TERM_FIELDS = ("no", "edition", "name", "description", "abbr", "domain", "allowed_values", "storage_format",
               "display_format", "admin_code", "agency", "synonyms")  # fmt: skip
DOMAIN_FIELDS = ("no", "edition", "group", "domain_class", "name", "description", "data_type", "length", "scale",
                 "storage_format", "display_format", "unit", "allowed_values")  # fmt: skip
KEYS = {"word": ("name", "abbr"), "term": ("name",), "domain": ("name",), "code": ("code_name", "code")}
FIELDS = {"word": WORD_FIELDS, "term": TERM_FIELDS, "domain": DOMAIN_FIELDS, "code": ("code_name", "code", "label")}

word_table = _standard("busan_standard_word", KEYS["word"], WORD_FIELDS)
term_table = _standard("busan_standard_term", KEYS["term"], TERM_FIELDS)
domain_table = _standard("busan_standard_domain", KEYS["domain"], DOMAIN_FIELDS)
code_table = _standard("busan_standard_code", KEYS["code"], FIELDS["code"])
TABLES = {"word": word_table, "term": term_table, "domain": domain_table, "code": code_table}

import_table = Table(
    "busan_standard_import",
    metadata,
    Column("id", UnicodeText, primary_key=True, default=make_uuid),
    Column("edition", Integer),
    _text("sources"),
    Column("counts", JSONB),  # {kind: {inserted, updated, deleted, unchanged}}
    Column("errors", JSONB),  # [{source, kind, row, message}]
    Column("imported", DateTime, default=dt.datetime.utcnow),
)

# One row per diagnosed version of a resource; the newest is the resource's report.
report_table = Table(
    "busan_quality_report",
    metadata,
    Column("id", UnicodeText, primary_key=True, default=make_uuid),
    _text("resource_id", nullable=False, index=True),
    _text("package_id", nullable=False, index=True),
    _text("version", nullable=False),  # what changed the file: last_modified / url / size
    _text("status", nullable=False),  # queued | running | done | error
    Column("score", Float),
    _text("grade"),
    Column("error_rate", Float),
    Column("rows", Integer),
    Column("compliance_rate", Float),
    Column("report", JSONB),  # diagnose() output + compliance per column
    Column("table_schema", JSONB),
    _text("message"),
    Column("created", DateTime, default=dt.datetime.utcnow),
    Column("finished", DateTime),
)
