"""The set-based load on the DataStore database (glue around the SQL of ``sql.py``).

PostgreSQL does the heavy work: COPY of the file as it is (``ENCODING 'UHC'`` for CP949) into
a staging table, one ``INSERT … SELECT`` that casts each column to the type its sampled values
suggest (or, when a value further down is not of that type, one scan that checks the types
over whole columns, then the insert with the types that hold). The table then answers; its
``_full_text`` and the DataStore's indexes follow (``complete``). Line ranges of the staging
table are inserted by ``load_workers`` connections at once, and indexes are built side by
side, so a machine's cores share the work.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import psycopg2
from psycopg2 import errors as pg_errors

from ckanext.busan.datastore import sql

log = logging.getLogger(__name__)


@contextlib.contextmanager
def step(timings: dict, name: str):
    """Seconds spent in each step, for the job's status and the benchmark."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - start, 3)


SCHEMA = "busan_load"  # not readable by the DataStore's read-only role (unlike public)
TYPES = ("numeric", "date", "timestamp")


def _run(engine, statement: str, settings: Iterable[str] = ()) -> list[tuple]:
    """``statement`` on a connection of its own, committed; its rows (if any)."""
    conn = engine.raw_connection()
    try:
        with conn.cursor() as cur:
            for setting in settings:
                cur.execute(setting)
            cur.execute(statement)
            rows = cur.fetchall() if cur.description else [(cur.rowcount,)]
        conn.commit()
        return rows
    finally:
        conn.close()


def _parallel(engine, statements: list[str], workers: int, settings: Iterable[str] = ()) -> list[list[tuple]]:
    if workers <= 1 or len(statements) <= 1:
        return [_run(engine, s, settings) for s in statements]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda s: _run(engine, s, settings), statements))


class Staging:
    """A staging table of text columns for one load, dropped on exit.

    In its own schema when the write role may create one (then several connections can read
    it); otherwise a temporary table, read by this connection alone.
    """

    def __init__(self, engine, width: int, workers: int, timings: dict):
        self.engine = engine
        self.width = width
        self.workers = max(1, workers)
        self.conn = engine.raw_connection()
        self.rows = 0
        self.timings = timings  # seconds per step, shared with the rest of the load
        name = sql.ident(f"load_{uuid.uuid4().hex}")
        try:
            with self.conn.cursor() as cur:
                cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
                cur.execute(sql.create_staging(f"{SCHEMA}.{name}", width, temporary=False))
            self.conn.commit()
            self.table = f"{SCHEMA}.{name}"
            self.temporary = False
        except (pg_errors.InsufficientPrivilege, pg_errors.UniqueViolation):
            # no CREATE on the database (or two workers created the schema at once): temporary
            self.conn.rollback()
            with self.conn.cursor() as cur:
                cur.execute(sql.create_staging(name, width, temporary=True))
            self.conn.commit()
            self.table = name
            self.temporary = True
            self.workers = 1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        with contextlib.suppress(psycopg2.Error):
            self.conn.rollback()
            with self.conn.cursor() as cur:
                cur.execute(f"DROP TABLE IF EXISTS {self.table}")
            self.conn.commit()
        self.conn.close()

    def copy(self, path: str, delimiter: str, encoding: str) -> bool:
        """COPY the file into the staging table; False when PostgreSQL's CSV reader refuses it
        (a row of another width, a byte that is not ``encoding``, a broken quote)."""
        statement = sql.copy_staging(self.table, self.width, delimiter, encoding)
        try:
            with step(self.timings, "copy"), self.conn.cursor() as cur, open(path, "rb") as handle:
                cur.execute(f"TRUNCATE {self.table} RESTART IDENTITY")
                cur.copy_expert(statement, handle, size=1024 * 1024)
                self.rows = cur.rowcount
            self.conn.commit()
            return True
        except (pg_errors.DataError, pg_errors.BadCopyFileFormat, pg_errors.CharacterNotInRepertoire) as error:
            self.conn.rollback()
            log.info("busan_datastore: COPY refused the file as it is (%s); reading it in Python", error)
            return False

    def _each_range(self, build) -> list[list[tuple]]:
        statements = [build(first, last) for first, last in sql.ranges(self.rows, self.workers)]
        if self.workers == 1:
            out = []
            for statement in statements:
                with self.conn.cursor() as cur:
                    cur.execute(statement)
                    out.append(cur.fetchall() if cur.description else [(cur.rowcount,)])
            self.conn.commit()
            return out
        return _parallel(self.engine, statements, self.workers)

    def check(self, candidates: list[set[str]]) -> list[str]:
        """Each column's type: the first of ``TYPES`` among its candidates that every value of
        the whole column parses as, else text; empty columns are text."""
        order: list[tuple[int, str]] = []

        def build(first, last):
            statement, order[:] = sql.check_query(self.table, candidates, first, last)
            return statement

        with step(self.timings, "check"):
            results = [rows[0] for rows in self._each_range(build)]
        # per answer, over the ranges: bool_and over a range without values is NULL, so only a
        # False refutes a type; a column is seen when any range has a value
        answers = dict(zip(order, zip(*results, strict=True), strict=True))
        holds = {key: all(value is not False for value in values) for key, values in answers.items()}
        seen = {i for (i, kind), values in answers.items() if kind == "seen" and any(values)}
        types = []
        for i, kinds in enumerate(candidates, start=1):
            ok = [kind for kind in TYPES if kind in kinds and holds.get((i, kind)) and i in seen]
            types.append(ok[0] if ok else "text")
        return types

    def insert(self, target: str, columns: list[dict], guarded: bool) -> int:
        """The rows into ``target``; how many. ``guarded``: with the sample's types unchecked,
        raising ``psycopg2.DataError`` when a value is not of its column's type."""
        query = sql.guarded_insert_query if guarded else sql.insert_query
        with step(self.timings, "insert" if guarded else "checked insert"):
            results = self._each_range(lambda first, last: query(self.table, target, columns, first, last))
        return sum(rows[0][0] for rows in results)


def index_definitions(engine, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's indexes other than its primary key."""
    return _run(
        engine,
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        f" WHERE x.indrelid = {sql.literal(sql.ident(table))}::regclass AND NOT x.indisprimary",
    )


def primary_key(engine, table: str) -> tuple[str, str] | None:
    """(name, definition such as ``PRIMARY KEY (_id)``) of the table's primary key."""
    rows = _run(
        engine,
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        f" WHERE conrelid = {sql.literal(sql.ident(table))}::regclass AND contype = 'p'",
    )
    return rows[0] if rows else None


def add_primary_key(target: str, name: str, definition: str) -> str:
    """The primary key back, unless the table has one again (made anew meanwhile)."""
    return (
        "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_constraint"
        f" WHERE conrelid = {sql.literal(target)}::regclass AND contype = 'p')"
        f" THEN ALTER TABLE {target} ADD CONSTRAINT {sql.ident(name)} {definition}; END IF; END$$"
    )


def sampled_type(candidates: set[str]) -> str:
    """The column's type if the whole column is like its sample: the first of ``TYPES`` that
    every sampled value parses as (``Staging.check``'s order), else text."""
    return next((kind for kind in TYPES if kind in candidates), "text")


def empty_target(engine, table: str) -> list[str]:
    """Ready ``table`` (just made, empty) for rows: its primary key and indexes dropped and the
    full-text trigger off (``_full_text`` is filled set-based later; one build per index
    instead of one insert per row, and no index to update with ``_full_text``). Returns the
    statements that make them again."""
    target = sql.ident(table)
    definitions = index_definitions(engine, table)
    drops = [f"DROP INDEX {sql.ident(name)}" for name, _ in definitions]
    statements = [statement for _, statement in definitions]
    key = primary_key(engine, table)
    if key:
        drops.append(f"ALTER TABLE {target} DROP CONSTRAINT {sql.ident(key[0])}")
        statements.append(add_primary_key(target, *key))
    _run(engine, "; ".join([f"ALTER TABLE {target} DISABLE TRIGGER zfulltext", *drops]))
    return statements


def fill(engine, staging: Staging, table: str, columns: list[dict], guarded: bool) -> int:
    """The typed rows into the empty DataStore table ``table`` (see ``empty_target``) and its
    ``_id`` sequence past them; how many rows."""
    rows = staging.insert(sql.ident(table), columns, guarded)
    ids_after_rows(engine, table)
    return rows


def ids_after_rows(engine, table: str) -> None:
    """The ``_id`` sequence past the loaded rows (they came with their own ``_id``)."""
    target = sql.ident(table)
    _run(
        engine,
        f"SELECT setval(pg_get_serial_sequence({sql.literal(target)}, '_id'),"
        f" GREATEST((SELECT max(_id) FROM {target}), 1))",
    )


class _Stopped(Exception):
    """The other side of a streamed COPY failed."""


class _Chunks:
    """What psycopg2's ``copy_expert`` reads: chunks of whole rows from a queue shared by the
    COPYs, until an end marker; raises (aborting its COPY) once another side has failed."""

    def __init__(self, chunks: queue.Queue, failed: threading.Event):
        self.chunks, self.failed = chunks, failed

    def read(self, size: int = -1) -> bytes:
        while True:
            if self.failed.is_set():
                raise _Stopped
            try:
                chunk = self.chunks.get(timeout=0.2)
            except queue.Empty:
                continue
            return b"" if chunk is None else chunk


def stream_copy(engine, table: str, columns: list[dict], chunks: Iterable[bytes], workers: int) -> None:
    """``chunks`` (UTF-8 CSV of whole rows: ``_id``, then ``columns``) into ``table`` by
    ``workers`` COPYs at once, fed while the chunks are still being made: the chunks are made
    in this thread (Arrow's kernels release the GIL) while PostgreSQL parses earlier ones. Any
    failure stops every COPY and is raised; the COPYs that had ended keep their rows (the
    caller drops the table)."""
    names = ", ".join(sql.ident(col["id"]) for col in columns)
    statement = f"COPY {sql.ident(table)} (_id, {names}) FROM STDIN WITH (FORMAT csv, ENCODING 'UTF8')"
    workers = max(1, workers)
    pending: queue.Queue = queue.Queue(maxsize=2 * workers)  # bounded: memory stays a few blocks
    failed = threading.Event()

    def copy() -> None:
        conn = engine.raw_connection()
        try:
            with conn.cursor() as cur:
                cur.copy_expert(statement, _Chunks(pending, failed), size=1 << 20)
            conn.commit()
        except BaseException:
            failed.set()
            conn.rollback()
            raise
        finally:
            conn.close()

    def put(item) -> bool:
        while not failed.is_set():
            try:
                pending.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    with ThreadPoolExecutor(max_workers=workers) as pool:
        copies = [pool.submit(copy) for _ in range(workers)]
        try:
            for chunk in chunks:
                if not put(chunk):
                    break
        except BaseException:
            failed.set()
            raise
        finally:
            for _ in copies:
                put(None)
            errors = [c.exception() for c in copies]
    # the COPY's own error first (a _Stopped only says that another side failed)
    for error in sorted((e for e in errors if e), key=lambda e: isinstance(e, _Stopped)):
        raise error


def complete(
    engine,
    table: str,
    columns: list[dict],
    indexes: list[str],
    last_id: int,
    *,
    workers: int,
    index_memory: str,
    timings: dict,
) -> None:
    """What a filled table still lacks, while it already answers: ``_full_text`` (split into
    ranges of ``_id`` over ``workers`` connections), the trigger back on, the indexes made from
    their own definitions, then VACUUM ANALYZE (the update left a dead version of every row)."""
    target = sql.ident(table)
    with step(timings, "full text"):
        statements = [sql.full_text_query(target, columns, a, b) for a, b in sql.ranges(last_id, workers)]
        _parallel(engine, statements, workers)
        _run(engine, f"ALTER TABLE {target} ENABLE TRIGGER zfulltext")
    # The full-text index takes longest: first, so the others are built beside it. IF NOT
    # EXISTS: the table already answers, and a datastore_create meanwhile (a publisher's data
    # dictionary edit) makes CKAN's indexes itself.
    ordered = sorted((if_not_exists(s) for s in indexes), key=lambda s: "_full_text" not in s)
    with step(timings, "indexes"):
        memory = f"SET maintenance_work_mem = {sql.literal(index_memory)}"
        _parallel(engine, ordered, workers, settings=[memory])
    with step(timings, "vacuum"):
        _vacuum(engine, target)


def if_not_exists(statement: str) -> str:
    """``CREATE [UNIQUE] INDEX name …`` (as pg_get_indexdef writes it) that skips an existing index."""
    for head in ("CREATE UNIQUE INDEX ", "CREATE INDEX "):
        if statement.startswith(head):
            return head + "IF NOT EXISTS " + statement[len(head) :]
    return statement


def _vacuum(engine, target: str) -> None:
    conn = engine.raw_connection()
    conn.set_session(autocommit=True)  # VACUUM runs outside a transaction
    try:
        with conn.cursor() as cur:
            cur.execute(f"VACUUM (ANALYZE) {target}")
    finally:
        conn.set_session(autocommit=False)  # the connection goes back to the pool
        conn.close()
