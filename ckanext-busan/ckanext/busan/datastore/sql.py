"""The SQL of the set-based load (pure: builds statement text, runs nothing).

The file goes into a staging table of text columns ``c1 … cN`` (plus ``n``, the line order)
with PostgreSQL's own COPY; the typing rules of ``table.py`` are then applied by PostgreSQL.
First optimistically: ``guarded_insert_query`` casts each column to the type its sampled
values suggest, and any value that the rules would not read as that type raises (a data
error), so a load either gets exactly the rules' values or falls back to whole-column checks:
``check`` says whether every value of a column parses as a type (never raising), then
``insert_query`` casts with the types that hold. ``_full_text`` is filled afterwards
(``full_text_query``), once the table already answers. The patterns are those of ``table.py``
(``parse_number``, ``parse_date``, ``parse_timestamp``) written for PostgreSQL's regular
expressions, with ASCII digits only.
"""

from __future__ import annotations

# What Python's str.strip() removes in practice in Korean files: ASCII whitespace, NBSP and
# the ideographic space (U+3000) that Hangul word processors insert.
WHITESPACE = " \t\r\n\x0b\x0c\u00a0\u3000"

NUMBER = r"^[+-]?(?:(?:0|[1-9][0-9]{0,2})(?:,[0-9]{3})+|0|[1-9][0-9]*)(?:\.[0-9]+)?$|^[+-]?\.[0-9]+$"
DATE = (
    r"^([0-9]{4})\s*년\s*([0-9]{1,2})\s*월\s*([0-9]{1,2})\s*일$"
    r"|^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$"
    r"|^([0-9]{4})\.\s*([0-9]{1,2})\.\s*([0-9]{1,2})\.?$"
    r"|^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})$"
)
TIMESTAMP = r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?$"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""').replace("\0", "") + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''").replace("\0", "") + "'"


def staging_columns(width: int) -> list[str]:
    return [f"c{i}" for i in range(1, width + 1)]


def create_staging(table: str, width: int, temporary: bool) -> str:
    columns = ", ".join(f"{c} text" for c in staging_columns(width))
    # UNLOGGED: the staging rows are rebuilt from the file if anything fails; no WAL for them.
    kind = "TEMPORARY" if temporary else "UNLOGGED"
    return f"CREATE {kind} TABLE {table} (n bigint GENERATED ALWAYS AS IDENTITY, {columns})"


def copy_staging(table: str, width: int, delimiter: str, encoding: str) -> str:
    columns = ", ".join(staging_columns(width))
    return (
        f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, HEADER true,"
        f" DELIMITER {literal(delimiter)}, ENCODING {literal(encoding)})"
    )


def cleaned(column: str) -> str:
    """A staging value as the Python pass reads a cell: trimmed, empty -> NULL."""
    return f"NULLIF(btrim({column}, {literal(WHITESPACE)}), '')"


def _ymd(match: str, first: int) -> tuple[str, str, str]:
    """The year, month and day groups of the alternative starting at group ``first``."""
    return tuple(  # type: ignore[return-value]
        "COALESCE(" + ", ".join(f"{match}[{first + part + 3 * alt}]" for alt in range(4)) + ")::int"
        for part in range(3)
    )


def _date_ok(match: str) -> str:
    y, m, d = _ymd(match, 1)
    return (
        f"CASE WHEN {match} IS NULL OR {y} < 1 OR {m} NOT BETWEEN 1 AND 12 OR {d} < 1 THEN false"
        f" ELSE {d} <= extract(day FROM make_date({y}, {m}, 1) + interval '1 month - 1 day') END"
    )


def _timestamp_ok(match: str) -> str:
    parts = [f"COALESCE({match}[{i}], '0')::int" for i in range(1, 7)]
    y, mo, d, h, mi, s = parts
    return (
        f"CASE WHEN {match} IS NULL OR {y} < 1 OR {mo} NOT BETWEEN 1 AND 12 OR {d} < 1 OR {h} > 23"
        f" OR {mi} > 59 OR {s} > 59 THEN false"
        f" ELSE {d} <= extract(day FROM make_date({y}, {mo}, 1) + interval '1 month - 1 day') END"
    )


def pattern(kind: str) -> str | None:
    return {"date": DATE, "timestamp": TIMESTAMP}.get(kind)


def check(kind: str, value: str, match: str) -> str:
    """True when ``value`` (cleaned text, not NULL) parses as ``kind``; ``match`` is its
    ``regexp_match`` with ``pattern(kind)`` (dates and timestamps). Never raises."""
    if kind == "numeric":
        return f"({value} ~ {literal(NUMBER)})"
    if kind == "date":
        return _date_ok(match)
    if kind == "timestamp":
        return _timestamp_ok(match)
    raise ValueError(kind)


def cast(kind: str, value: str, match: str) -> str:
    """``value`` (cleaned text, already checked) in the column's type; text is made NFC."""
    if kind == "text":
        return f"normalize({value}, NFC)"
    if kind == "numeric":
        return f"replace({value}, ',', '')::numeric"
    if kind == "date":
        return f"make_date({', '.join(_ymd(match, 1))})"
    if kind == "timestamp":
        parts = [f"COALESCE({match}[{i}], '0')::int" for i in range(1, 7)]
        return f"make_timestamp({', '.join(parts)})"
    raise ValueError(kind)


def _cleaned_rows(staging: str, width: int, matches: list[tuple[int, str]], first: int, last: int) -> str:
    """Rows of lines ``first``…``last`` as ``n, v1…vN`` (cleaned) and ``m<i>_<kind>``, the
    pattern matches the checks and casts read. OFFSET 0 keeps each computed once per row (it
    stops the planner from pulling the subquery up and repeating the expressions)."""
    values = ", ".join(f"{cleaned(c)} AS v{i}" for i, c in enumerate(staging_columns(width), start=1))
    keep = ", ".join(f"v{i}" for i in range(1, width + 1))
    found = "".join(f", regexp_match(v{i}, {literal(pattern(kind))}) AS m{i}_{kind}" for i, kind in matches)
    return (
        f"(SELECT n, {keep}{found} FROM (SELECT n, {values} FROM {staging}"
        f" WHERE n BETWEEN {first} AND {last} OFFSET 0) a OFFSET 0) b"
    )


def _non_empty(width: int) -> str:
    return f"COALESCE({', '.join(f'v{i}' for i in range(1, width + 1))}) IS NOT NULL"


def check_query(staging: str, candidates: list[set[str]], first: int, last: int) -> tuple[str, list[tuple[int, str]]]:
    """One scan of lines ``first``…``last``: for each (column, type) candidate whether every
    value parses, then for each (column, "seen") whether the column has a value at all.
    Returns the SQL and the order of those answers."""
    width = len(candidates)
    order = [(i, kind) for i, kinds in enumerate(candidates, start=1) for kind in sorted(kinds)]
    matches = [(i, kind) for i, kind in order if pattern(kind)]
    tests = [f"bool_and(v{i} IS NULL OR {check(kind, f'v{i}', f'm{i}_{kind}')})" for i, kind in order]
    seen = sorted({i for i, _ in order})
    tests += [f"count(v{i}) > 0" for i in seen]
    order += [(i, "seen") for i in seen]
    rows = _cleaned_rows(staging, width, matches, first, last)
    return f"SELECT {', '.join(tests)} FROM {rows}", order


def insert_query(staging: str, target: str, columns: list[dict], first: int, last: int) -> str:
    """Lines ``first``…``last`` of the staging table into the DataStore table ``target``,
    typed (types already checked over whole columns), with ``_id`` the line order."""
    width = len(columns)
    kinds = [col["type"] for col in columns]
    matches = [(i, kind) for i, kind in enumerate(kinds, start=1) if pattern(kind)]
    typed = ", ".join(
        f"CASE WHEN v{i} IS NULL THEN NULL ELSE {cast(kind, f'v{i}', f'm{i}_{kind}')} END AS t{i}"
        for i, kind in enumerate(kinds, start=1)
    )
    names = ", ".join(ident(col["id"]) for col in columns)
    outputs = ", ".join(f"t{i}" for i in range(1, width + 1))
    rows = _cleaned_rows(staging, width, matches, first, last)
    return (
        f"INSERT INTO {target} (_id, {names})"
        f" SELECT n, {outputs} FROM (SELECT n, {typed} FROM {rows} WHERE {_non_empty(width)} OFFSET 0) t"
    )


# The shapes the rules accept, as guards before PostgreSQL's own input functions (which then
# refuse impossible dates and times). Dates allow spaces only between their parts (the rules
# allow any whitespace: a tab then fails the guard and goes to the whole-column checks).
DATE_GUARD = DATE.replace(r"\s*", " *")
KOREAN_DATE_GUARD = DATE_GUARD.split("|")[0]  # 2024년 1월 2일


def guarded_cast(kind: str, value: str) -> str:
    """``value`` (raw staging text, not NULL, not empty) as ``kind``, exactly as the rules read
    it; a value the rules do not read as ``kind`` raises a data error instead of giving NULL
    or another value (a division by zero where the shape is wrong; PostgreSQL's own error for
    an impossible date or time or text that is no number). Surrounding whitespace fails the
    guards too. The common shapes are tried first with cheaper tests than the full patterns:
    a number without separators that PostgreSQL prints back as written, a Korean date."""
    fail = f"(1 / (0 * length({value})))::text::{kind}"  # the kinds are PostgreSQL's type names
    if kind == "numeric":
        number = literal(NUMBER)
        typed = f"replace({value}, ',', '')::numeric"
        # nested CASE: a value with separators must never reach the plain cast
        return (
            f"CASE WHEN strpos({value}, ',') > 0 THEN CASE WHEN {value} ~ {number} THEN {typed} ELSE {fail} END"
            f" WHEN {value}::numeric::text = {value} AND {value} NOT IN ('NaN', 'Infinity', '-Infinity')"
            f" THEN {value}::numeric WHEN {value} ~ {number} THEN {value}::numeric ELSE {fail} END"
        )
    if kind == "date":
        # 2024년 1월 2일, 2024.01.02., 2024/1/2 -> 2024-1-2 (ISO order, read by date_in)
        typed = f"rtrim(translate({value}, '년월./ 일', '----'), '-')::date"
        return (
            f"CASE WHEN {value} ~ {literal(KOREAN_DATE_GUARD)} THEN {typed}"
            f" WHEN {value} ~ {literal(DATE_GUARD)} THEN {typed} ELSE {fail} END"
        )
    if kind == "timestamp":
        # date_in accepts 24:00 and a 60th second, which the rules refuse; fractions are dropped
        ok = f"{value} ~ {literal(TIMESTAMP)} AND substr({value}, 12, 2) < '24' AND substr({value}, 18, 2) < '60'"
        return f"CASE WHEN {ok} THEN date_trunc('second', {value}::timestamp) ELSE {fail} END"
    raise ValueError(kind)


def guarded_insert_query(staging: str, target: str, columns: list[dict], first: int, last: int) -> str:
    """Lines ``first``…``last`` into ``target`` with the sample's types, without a separate
    check: a value that is not of its column's type raises (see ``guarded_cast``). Text is
    cleaned as the rules clean it; rows without any value are left out."""
    values = []
    for i, (column, col) in enumerate(zip(staging_columns(len(columns)), columns, strict=True), start=1):
        if col["type"] == "text":
            values.append(f"{cast('text', cleaned(column), '')} AS t{i}")
        else:
            guarded = guarded_cast(col["type"], column)
            values.append(f"CASE WHEN {column} IS NULL OR {column} = '' THEN NULL ELSE {guarded} END AS t{i}")
    outputs = ", ".join(f"t{i}" for i in range(1, len(columns) + 1))
    names = ", ".join(ident(col["id"]) for col in columns)
    return (
        f"INSERT INTO {target} (_id, {names}) SELECT n, {outputs}"
        f" FROM (SELECT n, {', '.join(values)} FROM {staging} WHERE n BETWEEN {first} AND {last} OFFSET 0) t"
        f" WHERE num_nonnulls({outputs}) > 0"
    )


def full_text_query(target: str, columns: list[dict], first: int, last: int) -> str:
    """``_full_text`` of rows ``first``…``last`` as the DataStore's trigger makes it: every
    column's text joined by spaces, NULLs left out, the default configuration."""
    texts = ", ".join(ident(col["id"]) + ("" if col["type"] == "text" else "::text") for col in columns)
    return f"UPDATE {target} SET _full_text = to_tsvector(concat_ws(' ', {texts})) WHERE _id BETWEEN {first} AND {last}"


def ranges(total: int, parts: int) -> list[tuple[int, int]]:
    """Lines 1…total cut into ``parts`` contiguous ranges (fewer when there are few lines)."""
    if total < 1:
        return [(1, 0)]
    parts = max(1, min(parts, total))
    size = -(-total // parts)
    return [(start, min(start + size - 1, total)) for start in range(1, total + 1, size)]
