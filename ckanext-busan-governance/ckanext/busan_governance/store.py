"""Reading and writing the standard dictionary tables (model.py) with SQLAlchemy core, in bulk:
a 13,000-term dictionary is one SELECT per table, then batched INSERT/UPDATE/DELETE of what
differs. Re-importing the same edition therefore changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from pathlib import Path

import ckan.model as model
import sqlalchemy as sa

from .model import FIELDS, KEYS, TABLES, import_table
from .standards.compliance import Dictionary
from .standards.reader import KINDS, Standards, edition_number, sniff_encoding

CODE_HEADER = {"코드명": "code_name", "코드": "code", "코드값명": "label"}


class OlderEdition(ValueError):
    pass


def _key(kind: str, row: dict) -> tuple:
    return tuple(row.get(k) or "" for k in KEYS[kind])


def sync(kind: str, rows: list[dict], source: str, delete_missing: bool = True) -> dict:
    """Makes the table of ``kind`` hold exactly ``rows``; returns what changed."""
    table = TABLES[kind]
    fields = FIELDS[kind]
    conn = model.Session.connection()
    existing = {
        tuple(r[k] or "" for k in KEYS[kind]): r
        for r in conn.execute(sa.select(table.c.id, *[table.c[f] for f in fields])).mappings()
    }
    now = dt.datetime.utcnow()
    inserts, updates, seen = [], [], set()
    for row in rows:
        key = _key(kind, row)
        seen.add(key)
        values = {f: row.get(f) or None for f in fields}
        old = existing.get(key)
        if old is None:
            inserts.append({**values, "source": source, "updated": now})
        elif any((old[f] or None) != values[f] for f in fields):
            updates.append({**values, "_id": old["id"], "source": source, "updated": now})
    deleted = [r["id"] for k, r in existing.items() if k not in seen] if delete_missing else []
    if inserts:
        conn.execute(table.insert(), inserts)
    if updates:
        conn.execute(
            table.update()
            .where(table.c.id == sa.bindparam("_id"))
            .values({f: sa.bindparam(f"v_{f}") for f in (*fields, "source", "updated")}),
            [{"_id": u["_id"], **{f"v_{f}": u[f] for f in (*fields, "source", "updated")}} for u in updates],
        )
    if deleted:
        conn.execute(table.delete().where(table.c.id.in_(deleted)))
    return {"inserted": len(inserts), "updated": len(updates), "deleted": len(deleted),
            "unchanged": len(rows) - len(inserts) - len(updates)}  # fmt: skip


def current_edition() -> int | None:
    conn = model.Session.connection()
    return conn.execute(sa.select(sa.func.max(import_table.c.edition))).scalar()


def import_standards(standards: Standards, force: bool = False) -> dict:
    """Writes what was read; an older edition than the one imported is refused (unless forced)."""
    edition = standards.edition
    current = current_edition()
    if current and edition and edition < current and not force:
        raise OlderEdition(f"edition {edition} is older than the imported edition {current}")
    source = ", ".join(standards.sources)
    counts = {kind: sync(kind, standards.of(kind), source) for kind in KINDS if kind in standards.kinds_read}
    changed = any(c["inserted"] or c["updated"] or c["deleted"] for c in counts.values())
    if changed:
        model.Session.connection().execute(
            import_table.insert().values(
                id=model.types.make_uuid(),
                edition=edition,
                sources=source,
                counts=counts,
                errors=[e.__dict__ for e in standards.errors],
                imported=dt.datetime.utcnow(),
            )
        )
    model.Session.commit()
    return {"edition": edition, "counts": counts, "changed": changed, "errors": len(standards.errors)}


def read_codes(path: Path) -> list[dict]:
    """행정표준코드 values: CSV with 코드명, 코드, 코드값명 (UTF-8 or CP949)."""
    data = path.read_bytes()
    reader = csv.DictReader(io.StringIO(data.decode(sniff_encoding(data)), newline=""))
    missing = [h for h in CODE_HEADER if h not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{path.name}: missing columns {', '.join(missing)}")
    return [{k: (row.get(h) or "").strip() for h, k in CODE_HEADER.items()} for row in reader if row.get("코드")]


def import_codes(paths: list[Path]) -> dict:
    """Adds or updates code lists; a code list named in a file is replaced by the file's values."""
    rows = [row for path in paths for row in read_codes(path)]
    names = {r["code_name"] for r in rows}
    table = TABLES["code"]
    conn = model.Session.connection()
    before = conn.execute(sa.select(sa.func.count()).select_from(table).where(table.c.code_name.in_(names))).scalar()
    conn.execute(table.delete().where(table.c.code_name.in_(names)))
    now = dt.datetime.utcnow()
    source = ", ".join(p.name for p in paths)
    if rows:
        conn.execute(table.insert(), [{**r, "source": source, "updated": now} for r in rows])
    model.Session.commit()
    return {"lists": sorted(names), "codes": len(rows), "replaced": before}


def _plain(row) -> dict:
    """A dictionary row as the checks and the reports see it (no ids, no timestamps)."""
    return {k: v for k, v in dict(row).items() if k not in ("id", "updated")}


def _version() -> tuple:
    """Changes whenever an import changed the tables (in any process)."""
    conn = model.Session.connection()
    return tuple(
        conn.execute(sa.select(sa.func.max(t.c.updated), sa.func.count()).select_from(t)).one() for t in TABLES.values()
    )


def dictionary() -> tuple[Dictionary, dict, dict, dict]:
    """(Dictionary, terms by name and abbreviation, domains by name, codes by list name),
    loaded once per process and again after any import (cheap check of the tables' versions)."""
    return _load(_version())


@functools.lru_cache(maxsize=1)
def _load(version: tuple) -> tuple[Dictionary, dict, dict, dict]:
    conn = model.Session.connection()
    words = [_plain(r) for r in conn.execute(sa.select(TABLES["word"])).mappings()]
    terms = [_plain(r) for r in conn.execute(sa.select(TABLES["term"])).mappings()]
    domains = {r["name"]: _plain(r) for r in conn.execute(sa.select(TABLES["domain"])).mappings()}
    codes: dict[str, list[str]] = {}
    for r in conn.execute(sa.select(TABLES["code"].c.code_name, TABLES["code"].c.code)):
        codes.setdefault(r.code_name, []).append(r.code)
    by_name = {t["name"]: t for t in terms}
    by_name.update({t["abbr"].upper(): t for t in terms if t.get("abbr")})
    return Dictionary(words, terms), by_name, domains, codes


def term_search(q: str, limit: int = 20) -> list[dict]:
    table = TABLES["term"]
    like = f"%{q}%"
    stmt = (
        sa.select(table)
        .where(sa.or_(table.c.name.ilike(like), table.c.abbr.ilike(like), table.c.description.ilike(like)))
        .order_by(sa.func.length(table.c.name), table.c.name)
        .limit(limit)
    )
    return [
        {k: v for k, v in dict(r).items() if k not in ("id", "updated")}
        for r in model.Session.connection().execute(stmt).mappings()
    ]


def summary() -> dict:
    conn = model.Session.connection()
    counts = {kind: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() for kind, t in TABLES.items()}
    last = conn.execute(sa.select(import_table).order_by(import_table.c.imported.desc()).limit(1)).mappings().first()
    return {"counts": counts, "edition": current_edition(), "last_import": dict(last) if last else None}


__all__ = ["edition_number", "import_standards", "import_codes", "dictionary", "term_search", "summary"]
