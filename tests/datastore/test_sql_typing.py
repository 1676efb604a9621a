"""The typing rules as PostgreSQL applies them to whole columns (sql.py) agree with the pure
rules of table.py, value by value, on the real DataStore database."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa

from ckanext.busan.datastore import sql
from ckanext.busan.datastore.table import PARSERS

VALUES = [
    "1,234",
    "-12,345.5",
    "0",
    "0.5",
    ".5",
    "42",
    "007",
    "0,123",
    "1,23",
    "12a",
    "1e5",
    "NaN",
    "１２３",  # full-width digits stay text
    "2024년 1월 2일",
    "2024년1월2일",
    "2024-1-2",
    "2024.01.02.",
    "2024. 1. 2",
    "2024/12/31",
    "2024년 2월 30일",
    "2023-02-29",
    "2024-02-29",
    "0000-01-01",
    "2024-13-01",
    "2024-1/2",
    "2024-01-02 09:30",
    "2024-01-02T09:30:15",
    "2024-01-02 24:00",
    "2024-01-02 09:30:15.25",
    "해운대",
]


@pytest.fixture(scope="module")
def conn():
    engine = sa.create_engine(tk.config["ckan.datastore.write_url"])
    with engine.connect() as connection:
        yield connection
    engine.dispose()


@pytest.mark.parametrize("kind", ["numeric", "date", "timestamp"])
def test_sql_checks_and_casts_agree_with_the_python_rules(conn, kind):
    for value in VALUES:
        v = sql.literal(value)
        match = f"(regexp_match({v}, {sql.literal(sql.pattern(kind))}))" if sql.pattern(kind) else "NULL"
        ok = conn.execute(sa.text(f"SELECT {sql.check(kind, v, match)}".replace(":", r"\:"))).scalar()
        expected = PARSERS[kind](value)
        assert ok == (expected is not None), (kind, value)
        if ok:
            cast = conn.execute(sa.text(f"SELECT ({sql.cast(kind, v, match)})::text".replace(":", r"\:"))).scalar()
            want = expected.replace("T", " ") if kind == "timestamp" else expected
            assert cast == want or (kind == "numeric" and float(cast) == float(want)), (kind, value)
