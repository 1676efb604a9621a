"""Reads what a city database holds: every table and view of the chosen schemas, with table
and column comments, column names and types, row counts and, where the database records it,
the last change. SQLAlchemy's inspector does the dialect work (PostgreSQL, Oracle, MySQL...)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa


@dataclass
class TableInfo:
    schema: str
    name: str
    kind: str  # table | view
    comment: str | None
    columns: list[dict] = field(default_factory=list)
    row_count: int | None = None
    last_change: dt.datetime | None = None


def _quoted(engine, schema: str, name: str) -> str:
    prep = engine.dialect.identifier_preparer
    return f"{prep.quote_schema(schema)}.{prep.quote(name)}"


def _last_change(conn, engine, schema: str, name: str) -> dt.datetime | None:
    """PostgreSQL knows it only with track_commit_timestamp on; other databases: unknown."""
    if engine.dialect.name != "postgresql":
        return None
    enabled = conn.execute(sa.text("SELECT current_setting('track_commit_timestamp', true)")).scalar()
    if enabled != "on":
        return None
    sql = f"SELECT max(pg_xact_commit_timestamp(xmin)) FROM {_quoted(engine, schema, name)}"
    with conn.begin_nested():
        return conn.execute(sa.text(sql)).scalar()


def read_tables(url: str, schemas: list[str], *, count_rows: bool = True) -> list[TableInfo]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        inspector = sa.inspect(engine)
        tables: list[TableInfo] = []
        with engine.connect() as conn:
            for schema in schemas:
                kinds = [(n, "table") for n in inspector.get_table_names(schema=schema)]
                kinds += [(n, "view") for n in inspector.get_view_names(schema=schema)]
                for name, kind in sorted(kinds):
                    try:
                        comment = inspector.get_table_comment(name, schema=schema).get("text")
                    except NotImplementedError:
                        comment = None
                    columns = [
                        {
                            "name": c["name"],
                            "type": str(c["type"]),
                            "nullable": bool(c.get("nullable", True)),
                            "comment": c.get("comment"),
                        }
                        for c in inspector.get_columns(name, schema=schema)
                    ]
                    info = TableInfo(schema, name, kind, comment, columns)
                    if count_rows:
                        sql = f"SELECT count(*) FROM {_quoted(engine, schema, name)}"
                        info.row_count = conn.execute(sa.text(sql)).scalar()
                    info.last_change = _last_change(conn, engine, schema, name)
                    tables.append(info)
        return tables
    finally:
        engine.dispose()
