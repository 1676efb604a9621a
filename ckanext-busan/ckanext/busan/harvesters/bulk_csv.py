"""Reader of data.go.kr's monthly bulk listing "공공데이터포털 목록개방현황" (pure: no CKAN import).

The file (file dataset 15062804) has one row per list with Korean column names
(mapping.BULK_COLUMNS). It comes as CP949 or UTF-8 with or without BOM: the encoding is
detected from the first 256 KB (ckanext.busan.dataset.encoding.detect_encoding) and the file
is then decoded strictly while it is read, row by row, so a file of 100 MB is never held as
text. A file that is not text, cannot be decoded, or ends in the middle of a row raises
ValueError (UnicodeDecodeError is one): the caller reports the run as incomplete.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ckanext.busan.dataset import rules
from ckanext.busan.dataset.encoding import SAMPLE_BYTES, detect_encoding
from ckanext.busan.harvesters.mapping import BULK_COLUMNS

CODE_COLUMN = "제공기관코드"
_CANONICAL = {re.sub(r"\s+", "", c): c for c in BULK_COLUMNS}


def _column(name: str) -> str:
    """A header cell as the canonical column name ('관리부서명' -> '관리 부서명'); unknown
    columns are kept, stripped and in NFC."""
    clean = rules.nfc(name or "").replace("\ufeff", "").strip()
    return _CANONICAL.get(re.sub(r"\s+", "", clean), clean)


def _codec(encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"the listing's encoding ({encoding}) is not one Python can read") from None
    return "utf-8-sig" if codec == "utf-8" else codec  # a BOM is dropped, not read as a character


def _open(source: str | Path | bytes) -> io.BufferedIOBase:
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(source))
    return Path(source).open("rb")


def _code(value: str) -> str:
    return rules.ascii_digits(value).strip().strip("`'").upper()


def read_bulk_csv(source: str | Path | bytes, *, org_codes: Iterable[str] | None = None) -> Iterator[dict]:
    """Rows of a 목록개방현황 CSV (a path, or its bytes) as dicts keyed by the Korean column names,
    values stripped; with `org_codes`, only rows whose 제공기관코드 is one of them."""
    wanted = {_code(str(c)) for c in org_codes} if org_codes is not None else None
    with _open(source) as raw:
        sample = raw.read(SAMPLE_BYTES)
        encoding = detect_encoding(sample)
        if encoding is None:
            raise ValueError("the listing is empty or not a text (CSV) file")
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=_codec(encoding), errors="strict", newline="")
        try:
            reader = csv.reader(text)
            header = next(reader, None)
            if not header:
                return
            columns = [_column(c) for c in header]
            if CODE_COLUMN not in columns and wanted is not None:
                raise ValueError(f"the listing has no {CODE_COLUMN} column: it cannot be filtered by agency")
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) < len(columns):
                    raise ValueError(
                        f"line {reader.line_num}: {len(row)} of {len(columns)} columns (file cut short or malformed)"
                    )
                record = {col: cell.strip() for col, cell in zip(columns, row, strict=False) if col}
                if wanted is not None and _code(record.get(CODE_COLUMN, "")) not in wanted:
                    continue
                yield record
        except csv.Error as e:
            raise ValueError(f"the listing is not a valid CSV file: {e}") from None
        finally:
            text.detach()
