"""The typing rules as PostgreSQL applies them to whole columns (sql.py) agree with the pure
rules of table.py, value by value, on the real DataStore database."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


EXTRA = [
    " 1,234",
    "1,234 ",
    "2024\t년 1월 2일",
    "2024 년 1 월 2 일",
    "2024-01-02 09:30:60",
    "2024-01-02 09:60",
    "5.",
    "-0",
]
READ_WITHOUT_CHECK = {
    "numeric": ["1,234", "-12,345.5", "0.5", "42"],
    "date": ["2024년 1월 2일", "2024.01.02."],
    "timestamp": ["2024-01-02T09:30:15", "2024-01-02 09:30"],
}


def guarded(conn, kind: str, value: str) -> str | None:
    """The guarded cast's text, or None when it raised (the load then checks whole columns)."""
    v = f"CAST({sql.literal(value)} AS text)"  # text, as the staging column is (not an untyped literal)
    with conn.begin_nested() as savepoint:
        try:
            return conn.execute(sa.text(f"SELECT ({sql.guarded_cast(kind, v)})::text".replace(":", r"\:"))).scalar()
        except sa.exc.DataError:
            savepoint.rollback()
            return None


@pytest.mark.parametrize("kind", ["numeric", "date", "timestamp"])
def test_the_guarded_cast_gives_the_rules_value_or_raises(conn, kind):
    for value in VALUES + EXTRA:
        expected = PARSERS[kind](value.strip())
        got = guarded(conn, kind, value)
        if expected is None:
            assert got is None, (kind, value, got)  # never a value the rules would not give
        elif got is not None:
            want = expected.replace("T", " ") if kind == "timestamp" else expected
            assert got == want or (kind == "numeric" and float(got) == float(want)), (kind, value)
    for value in READ_WITHOUT_CHECK[kind]:  # the usual shapes need no whole-column check
        assert guarded(conn, kind, value) is not None, (kind, value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="0123456789,.-+ /:T년월일e", max_size=22), st.sampled_from(["numeric", "date", "timestamp"]))
def test_a_value_the_rules_refuse_never_slips_through_the_guarded_cast(conn, value, kind):
    expected = PARSERS[kind](value.strip())
    got = guarded(conn, kind, value)
    if expected is None:
        assert got is None
    elif got is not None:
        want = expected.replace("T", " ") if kind == "timestamp" else expected
        assert got == want or (kind == "numeric" and float(got) == float(want))
