"""Diagnosis of one tabular file (CSV in UTF-8 or CP949, XLSX), streamed in batches.

Memory stays bounded whatever the file size: CSV bytes are transcoded to UTF-8 chunk by chunk
(pyarrow's own CSV reader only parses UTF-8 quickly) and parsed by pyarrow's streaming reader
into record batches of strings; every check is a vectorised pyarrow expression over a batch;
key uniqueness keeps only 64-bit hashes of the keys, in sorted runs that are merged as they
grow. A file that cannot be read gets a report that says why.

The report is a plain dict (stored as JSON by the CKAN glue); see ``diagnose``. No CKAN import.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty, Queue

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ckanext.busan.dataset.transcode import Utf8Stream

from .checks import CHECK_ORDER, REQUIRED, UNIQUE, ColumnSpec, bools, failures, mask, offsets_data

ENCODING, EMPTY, HEADER, RAGGED, PARSE = "encoding", "empty", "header", "ragged", "parse"
FILE_CHECKS = (ENCODING, EMPTY, HEADER, RAGGED, PARSE)
DEFAULT_GRADES = (("A", 95.0), ("B", 90.0), ("C", 80.0))  # score >= threshold; else D
SAMPLE_LIMIT = 5
# pyarrow's CSV reader reads about 32 blocks ahead: the block size sets the memory bound of a
# 1 GB file (docs/benchmarks.md). The checks run on GROUP blocks at a time (about 40,000 rows):
# fewer, longer kernel calls.
BLOCK_SIZE = 1 << 20
GROUP = 4
SNIFF_BYTES = 1 << 20
XLSX_BATCH = 20_000
SKIPPED_ROWS_KEPT = 100_000  # row numbers of ragged rows remembered to number later rows exactly
# Half the cores at most: each checking thread keeps its own allocator arenas (memory), and a
# worker shares its machine with the site.
POOL = ThreadPoolExecutor(max_workers=max(1, min(4, (os.cpu_count() or 2) // 2)), thread_name_prefix="busan-quality")


def sniff_encoding(sample: bytes) -> str:
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp949"):
        try:
            sample.decode(encoding)
            return encoding
        except UnicodeDecodeError as error:
            if (
                error.reason in ("unexpected end of data", "incomplete multibyte sequence")
                and error.start >= len(sample) - 3
            ):
                return encoding  # a character cut at the end of the sample
    # Neither decodes cleanly: Korean files that are not UTF-8 are CP949; bad bytes are counted.
    return "utf-8" if _utf8_share(sample) > 0.9 else "cp949"


def _utf8_share(sample: bytes) -> float:
    text = sample.decode("utf-8", errors="replace")
    return 1 - text.count("\ufffd") / max(1, len(text))


def _text(column: pa.Array) -> pa.Array:
    """Values as compared: surrounding spaces trimmed, nothing null."""
    if column.null_count:
        column = pc.fill_null(column, "")
    return pc.utf8_trim_whitespace(column)


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(0xFF51AFD7ED558CCD)
_BYTE_MASKS = np.array([0] + [(1 << (8 * r)) - 1 for r in range(1, 9)], dtype=np.uint64)  # r first bytes


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place: every input bit reaches every output bit."""
    values ^= values >> np.uint64(30)
    values *= np.uint64(0xBF58476D1CE4E5B9)
    values ^= values >> np.uint64(27)
    values *= np.uint64(0x94D049BB133111EB)
    values ^= values >> np.uint64(31)
    return values


def hash64(strings: pa.Array) -> np.ndarray:
    """A 64-bit hash of each string, computed over Arrow's buffers with numpy (no Python
    object per value): the length, then each 8-byte little-endian word of the string (the last
    one cut to the string's end) folded in by multiply and shift, then splitmix64's finaliser.
    One pass per word place over the batch; a string's hash does not depend on its batch."""
    offsets, data = offsets_data(strings)
    lengths = (offsets[1:] - offsets[:-1]).astype(np.int64)
    hashes = lengths.astype(np.uint64) * _GOLDEN
    total = int(offsets[-1] - offsets[0]) if len(strings) else 0
    with np.errstate(over="ignore"):
        if total:
            first = int(offsets[0])
            width = (int(lengths.max()) + 7) >> 3
            full = int(lengths.min()) >> 3  # word places that every string fills
            padded = np.zeros(total + 8 * width, dtype=np.uint8)  # words may run past the last string
            padded[:total] = data[first : first + total]
            words_at = np.ndarray((total + 8 * width - 7,), dtype="<u8", buffer=padded, strides=(1,))
            at = (offsets[:-1] - first).astype(np.intp)  # each string's next word
            for place in range(width):
                words = words_at[at]
                if place >= full:
                    rest = lengths - 8 * place
                    words &= _BYTE_MASKS[np.clip(rest, 0, 8)]
                folded = (hashes ^ words) * _PRIME
                folded ^= folded >> np.uint64(29)
                hashes = folded if place < full else np.where(rest > 0, folded, hashes)
                at += 8
    return _mix(hashes)


class KeyIndex:
    """Duplicate keys among millions of rows with bounded memory. The first ``memory_rows``
    hashes (8 bytes each) stay in sorted runs, merged as they grow, and each batch is judged at
    once (so samples carry their values); a filter of one byte per 2^24 hash prefixes lets most
    hashes, never seen before, skip the search of the runs. Past that, hashes and row indexes
    are spilled to partition files by hash and duplicates counted partition by partition at the end."""

    PARTITIONS = 64

    MEMORY_ROWS = 1_000_000  # 8 MB of hashes, about 25 MB while merging
    FILTER_BITS = 24  # 16 MB: at a million keys, 6 % of new hashes are searched for nothing

    def __init__(self):
        self.memory_rows = self.MEMORY_ROWS
        self.runs: list[np.ndarray] = []
        self.filter: np.ndarray | None = None
        self.size = 0
        self.spill_dir: tempfile.TemporaryDirectory | None = None
        self.files: list = []
        self.spill_from: int | None = None  # first row index judged at the end

    def room(self, blocks: list[int]) -> int:
        """How many of the next rows, made of blocks of these sizes, stay in memory: whole
        blocks, up to the limit."""
        if self.spill_from is not None:
            return 0
        size = 0
        for rows in blocks:
            if self.size + size + rows > self.memory_rows:
                break
            size += rows
        return size

    def add(self, hashes: np.ndarray, first_index: int) -> np.ndarray | None:
        """Marks (True) the hashes already seen; None once spilling (judged in ``finish``)."""
        if self.spill_from is None and self.size + len(hashes) > self.memory_rows:
            self._start_spill(first_index)
        if self.spill_from is not None:
            self._spill(hashes, np.arange(first_index, first_index + len(hashes), dtype=np.int64))
            return None
        ordered = np.sort(hashes)
        seen = np.zeros(len(hashes), dtype=bool)
        if len(hashes) > 1 and (ordered[1:] == ordered[:-1]).any():
            # Repeats within the batch: all but the first of each, in row order.
            order = np.argsort(hashes, kind="stable")
            seen[order[1:]] = ordered[1:] == ordered[:-1]
        if self.filter is None:
            self.filter = np.zeros(1 << self.FILTER_BITS, dtype=np.uint8)
        slots = (hashes >> np.uint64(64 - self.FILTER_BITS)).astype(np.intp)
        maybe = np.flatnonzero(self.filter[slots])  # the others were never seen
        if len(maybe) and self.runs:
            by_hash = np.argsort(hashes[maybe])  # sorted queries: each search starts where the last ended
            candidates = hashes[maybe[by_hash]]
            found = np.zeros(len(candidates), dtype=bool)
            for run in self.runs:
                pos = np.searchsorted(run, candidates)
                pos[pos == len(run)] = 0
                found |= run[pos] == candidates
            seen[maybe[by_hash]] |= found
        self.filter[slots] = 1
        # Runs merged like a binary counter (a run absorbs the next when that is at least half
        # its size): few runs to search, each hash merged a logarithmic number of times. A
        # stable sort of two sorted runs is a linear merge (timsort); repeats do no harm.
        if len(ordered):  # a batch may be empty (all its rows ragged)
            self.runs.append(ordered)
        self.size += len(hashes)
        while len(self.runs) > 1 and 2 * len(self.runs[-1]) >= len(self.runs[-2]):
            last = self.runs.pop()
            self.runs[-1] = np.sort(np.concatenate([self.runs[-1], last]), kind="stable")
        return seen

    def _start_spill(self, first_index: int) -> None:
        self.spill_dir = tempfile.TemporaryDirectory(prefix="busan-quality-keys-")
        # Open for the rest of the file's reading, closed in finish().
        self.files = [open(os.path.join(self.spill_dir.name, str(p)), "wb") for p in range(self.PARTITIONS)]  # noqa: SIM115
        self.spill_from = first_index
        self.filter = None
        for run in self.runs:  # earlier keys, to compare later rows with (index -1: not judged again)
            self._spill(run, np.full(len(run), -1, dtype=np.int64))
        self.runs = []

    def _spill(self, hashes: np.ndarray, indexes: np.ndarray) -> None:
        part = (hashes >> np.uint64(58)).astype(np.int64)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(self.PARTITIONS + 1))
        for p in range(self.PARTITIONS):
            chunk = order[bounds[p] : bounds[p + 1]]
            if len(chunk):
                np.stack([hashes[chunk].view(np.int64), indexes[chunk]], axis=1).tofile(self.files[p])

    def finish(self, samples: int) -> tuple[int, list[int]]:
        """(duplicates among the spilled rows, the first ``samples`` of their row indexes)."""
        if self.spill_from is None:
            return 0, []
        duplicates, first = 0, []
        try:
            for handle in self.files:
                handle.close()
                pairs = np.fromfile(handle.name, dtype=np.int64).reshape(-1, 2)
                if not len(pairs):
                    continue
                order = np.lexsort((pairs[:, 1], pairs[:, 0]))
                hashes, indexes = pairs[order, 0], pairs[order, 1]
                repeated = np.zeros(len(hashes), dtype=bool)
                repeated[1:] = hashes[1:] == hashes[:-1]
                found = indexes[repeated & (indexes >= 0)]
                duplicates += len(found)
                first = sorted([*first, *np.sort(found)[:samples].tolist()])[:samples]
        finally:
            self.spill_dir.cleanup()
        return duplicates, first


@dataclass
class Tally:
    column: str
    check: str
    checked: int = 0
    failed: int = 0
    samples: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        rate = self.failed / self.checked if self.checked else 0.0
        return {
            "column": self.column,
            "check": self.check,
            "checked": self.checked,
            "failed": self.failed,
            "error_rate": rate,
            "samples": self.samples,
        }


class Diagnosis:
    def __init__(self, specs: list[ColumnSpec] | None, sample_limit: int = SAMPLE_LIMIT):
        self.specs = {s.name: s for s in (specs or [])}
        self.sample_limit = sample_limit
        self.tallies: dict[tuple[str, str], Tally] = {}
        self.file: dict[str, dict] = {}
        self.rows = 0
        self.columns: list[str] = []
        self.encoding: str | None = None
        self.skipped: list[int] = []
        self.keys = KeyIndex()
        self.key_columns: list[str] = []
        self.plans: dict[str, list[str]] = {}

    # -- file level ---------------------------------------------------------------------
    def file_issue(self, check: str, count: int, message: str, samples: list | None = None) -> None:
        issue = self.file.setdefault(check, {"check": check, "count": 0, "message": message, "samples": []})
        issue["count"] += count
        issue["message"] = message
        room = self.sample_limit - len(issue["samples"])
        if samples and room > 0:
            issue["samples"].extend(samples[:room])

    def header(self, names: list[str]) -> list[str]:
        """Checks the header; returns unique names for the parser (duplicates get a suffix)."""
        self.columns = list(names)
        blank = [i + 1 for i, n in enumerate(names) if not n.strip()]
        if blank:
            self.file_issue(
                HEADER, len(blank), "blank column names", [{"row": 1, "value": f"column {i}"} for i in blank]
            )
        seen: dict[str, int] = {}
        unique = []
        for name in names:
            if name in seen:
                seen[name] += 1
                self.file_issue(HEADER, 1, "duplicate column names", [{"row": 1, "value": name}])
                unique.append(f"{name}.{seen[name]}")
            else:
                seen[name] = 0
                unique.append(name)
        missing = [name for name in self.specs if name not in seen]
        if missing:
            self.file_issue(
                HEADER,
                len(missing),
                "columns of the data dictionary missing from the file",
                [{"row": 1, "value": n} for n in missing],
            )
        self.key_columns = [n for n, s in self.specs.items() if s.key and n in seen]
        return unique

    def row_number(self, index: int) -> int:
        """Spreadsheet row number (header = 1) of the data row at ``index`` among parsed rows."""
        row = index + 2
        for skipped in self.skipped:
            if skipped <= row:
                row += 1
            else:
                break
        return row

    # -- values -------------------------------------------------------------------------
    def batch(self, batch: pa.RecordBatch, blocks: list[int] | None = None) -> None:
        """Checks a batch of rows; ``blocks``: the sizes of the parsed blocks it joins."""
        offset = self.rows
        self.rows += batch.num_rows
        names = batch.schema.names
        # pyarrow's kernels release the GIL: the columns are checked in parallel.
        columns = [(name, spec) for name, spec in self.specs.items() if name in names]
        keys = POOL.submit(self._key_hashes, batch) if self.key_columns else None
        checked = POOL.map(lambda c: self._check_column(batch, *c), columns)
        if keys is not None:  # judged here while the pool checks the columns
            self._unique(*keys.result(), offset, blocks or [batch.num_rows])
        for name, spec, values, results in checked:
            for check, failed in results:
                self._count(name, check, spec, values, failed, offset)

    def _check_column(self, batch: pa.RecordBatch, name: str, spec: ColumnSpec):
        values = _text(batch.column(batch.schema.names.index(name)))
        shared: dict = {}  # what the column's checks have in common (empty values, number shape)
        return name, spec, values, [(c, failures(c, spec, values, shared)) for c in self._checks(spec)]

    def _checks(self, spec: ColumnSpec) -> list[str]:
        """The value checks of a column (the same for every batch: worked out once)."""
        if spec.name not in self.plans:
            checks = spec.checks()
            if spec.key and REQUIRED not in checks:
                checks.insert(0, REQUIRED)
            self.plans[spec.name] = [c for c in checks if c != UNIQUE]
        return self.plans[spec.name]

    def _count(self, column, check, spec, values, failed, offset) -> None:
        tally = self.tallies.setdefault((column, check), Tally(column, check))
        tally.checked += len(values)
        count = pc.sum(failed).as_py() or 0
        tally.failed += count
        room = self.sample_limit - len(tally.samples)
        if count and room > 0:
            where = pc.indices_nonzero(failed).slice(0, room)
            for index, value in zip(where.to_pylist(), pc.take(values, where).to_pylist(), strict=False):
                shown = mask(value) if spec and spec.personal else value
                tally.samples.append({"row": self.row_number(offset + index), "value": shown})

    def _key_hashes(self, batch: pa.RecordBatch) -> tuple[pa.Array, np.ndarray]:
        names = batch.schema.names
        parts = [_text(batch.column(names.index(n))) for n in self.key_columns]
        keys = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, "\x1f")
        return keys, hash64(keys)

    def _unique(self, keys: pa.Array, hashes: np.ndarray, offset: int, blocks: list[int]) -> None:
        label = ", ".join(self.key_columns)
        personal = any(self.specs[n].personal for n in self.key_columns)
        spec = ColumnSpec(label, personal=personal)
        # Keys are judged in memory up to the parsed block that would pass the index's limit,
        # as when each block was checked alone; the rest are spilled and counted in finish().
        cut = self.keys.room(blocks)
        if cut:
            seen = self.keys.add(hashes[:cut], offset)
            self._count(label, UNIQUE, spec, keys.slice(0, cut), bools(seen), offset)
        if cut < len(keys):
            self.keys.add(hashes[cut:], offset + cut)
            self.tallies.setdefault((label, UNIQUE), Tally(label, UNIQUE)).checked += len(keys) - cut

    def finish(self) -> None:
        if not self.key_columns:
            return
        label = ", ".join(self.key_columns)
        tally = self.tallies.setdefault((label, UNIQUE), Tally(label, UNIQUE))
        duplicates, indexes = self.keys.finish(self.sample_limit)
        tally.failed += duplicates
        room = self.sample_limit - len(tally.samples)
        # Rows judged after spilling keep their number only (their values were not kept).
        tally.samples.extend({"row": self.row_number(i), "value": None} for i in indexes[: max(0, room)])

    # -- result -------------------------------------------------------------------------
    def report(self, grades=DEFAULT_GRADES) -> dict:
        order = {c: i for i, c in enumerate(CHECK_ORDER)}
        columns = {c: i for i, c in enumerate(self.columns)}
        checks = sorted(self.tallies.values(), key=lambda t: (columns.get(t.column, -1), order[t.check]))
        checked = sum(t.checked for t in checks)
        failed = sum(t.failed for t in checks)
        report = {
            "encoding": self.encoding,
            "rows": self.rows,
            "columns": self.columns,
            "file_checks": [self.file[c] for c in FILE_CHECKS if c in self.file],
            "checks": [t.as_dict() for t in checks],
            "checked": checked,
            "failed": failed,
            "error_rate": failed / checked if checked else 0.0,
        }
        report["score"] = score(report)
        report["grade"] = grade(report["score"], grades)
        return report


def score(report: dict) -> float:
    """100 × (1 − error rate), less ragged rows in proportion, 10 points per other file-level
    problem (encoding, header); 0 for a file that is empty or cannot be parsed."""
    issues = {i["check"]: i for i in report["file_checks"]}
    if EMPTY in issues or PARSE in issues:
        return 0.0
    value = 100.0 * (1.0 - report["error_rate"])
    if RAGGED in issues:
        total = report["rows"] + issues[RAGGED]["count"]
        value *= 1.0 - issues[RAGGED]["count"] / max(1, total)
    value -= 10.0 * sum(1 for c in (ENCODING, HEADER) if c in issues)
    return round(max(0.0, value), 2)


def grade(value: float, grades=DEFAULT_GRADES) -> str:
    for letter, threshold in grades:
        if value >= threshold:
            return letter
    return "D"


def parse_grades(text: str | None) -> tuple:
    """``"A:95 B:90 C:80"`` (config) → (("A", 95.0), ("B", 90.0), ("C", 80.0))."""
    if not text:
        return DEFAULT_GRADES
    pairs = [item.split(":") for item in text.split()]
    return tuple(sorted(((k, float(v)) for k, v in pairs), key=lambda p: -p[1]))


# -- readers ---------------------------------------------------------------------------------
def _csv_batches(path: Path, diag: Diagnosis, encoding: str | None, progress) -> Iterator[pa.RecordBatch]:
    with open(path, "rb") as raw:
        sample = raw.read(SNIFF_BYTES)
        if not sample.strip():
            diag.file_issue(EMPTY, 1, "the file is empty")
            return
        diag.encoding = encoding or sniff_encoding(sample)
        raw.seek(0)
        stream = Utf8Stream(raw, diag.encoding, progress, os.fstat(raw.fileno()).st_size)
        # Buffered: pyarrow gets whole blocks (a short read would make a short block, and a row
        # may not straddle more than one block boundary).
        reader = io.BufferedReader(stream, buffer_size=1 << 20)
        first = reader.peek(SNIFF_BYTES)[:SNIFF_BYTES].decode("utf-8", errors="replace")
        header = next(csv.reader(io.StringIO(first, newline="")), [])
        names = diag.header([h.lstrip("\ufeff") for h in header])
        ragged_expected = len(names)

        def invalid(row) -> str:
            number = row.number if row.number is not None else None
            if number is not None and len(diag.skipped) < SKIPPED_ROWS_KEPT:
                diag.skipped.append(number)
            diag.file_issue(
                RAGGED,
                1,
                f"rows whose number of fields differs from the header ({ragged_expected})",
                [{"row": number, "value": f"{row.actual_columns} fields: {row.text[:80]}"}],
            )
            return "skip"

        csv_reader = pacsv.open_csv(
            reader,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK_SIZE, use_threads=False),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=False,  # the transcoded stream is valid UTF-8 by construction (transcode.py)
            ),
        )
        yield from csv_reader
        if stream.bad:
            diag.file_issue(ENCODING, stream.bad, f"bytes that are not valid {diag.encoding}")


def _xlsx_text(value) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_batches(path: Path, diag: Diagnosis, progress) -> Iterator[pa.RecordBatch]:
    from openpyxl import load_workbook

    diag.encoding = "xlsx"
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if not header or not any(v is not None for v in header):
            diag.file_issue(EMPTY, 1, "the file is empty")
            return
        while header and header[-1] is None:
            header = header[:-1]
        names = diag.header([_xlsx_text(v) for v in header])
        width = len(names)
        buffer: list[list[str]] = [[] for _ in names]
        for row in rows:
            cells = [_xlsx_text(v) for v in row]
            if not any(cells):
                continue
            cells = (cells + [""] * width)[:width]
            for column, value in zip(buffer, cells, strict=False):
                column.append(value)
            if len(buffer[0]) >= XLSX_BATCH:
                yield pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in buffer], names=names)
                buffer = [[] for _ in names]
        if buffer[0]:
            yield pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in buffer], names=names)
    finally:
        book.close()


def grouped(batches: Iterator[pa.RecordBatch], size: int) -> Iterator[tuple[pa.RecordBatch, list[int]]]:
    """Every ``size`` batches as one (their columns concatenated), with their sizes."""
    group: list[pa.RecordBatch] = []
    for batch in batches:
        group.append(batch)
        if len(group) == size:
            yield _concat(group), [b.num_rows for b in group]
            group = []
    if group:
        yield _concat(group), [b.num_rows for b in group]


def _concat(group: list[pa.RecordBatch]) -> pa.RecordBatch:
    if len(group) == 1:
        return group[0]
    columns = [pa.concat_arrays([b.column(i) for b in group]) for i in range(group[0].num_columns)]
    return pa.RecordBatch.from_arrays(columns, schema=group[0].schema)


def prefetched(batches: Iterator, depth: int = 2) -> Iterator:
    """The next batches parsed in a thread while this one is checked (at most ``depth`` ahead,
    so memory stays bounded); the reader's exception is raised here."""
    queue: Queue = Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def read():
        try:
            for batch in batches:
                if stop.is_set():
                    return
                queue.put(batch)
            queue.put(done)
        except BaseException as error:  # noqa: BLE001 - handed over to the consumer
            queue.put(error)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a reader waiting on a full queue
            with contextlib.suppress(Empty):
                queue.get(timeout=0.1)
        thread.join()


def file_format(path: Path, declared: str | None = None) -> str:
    fmt = (declared or path.suffix.lstrip(".")).lower()
    if fmt in ("xlsx", "xlsm"):
        return "xlsx"
    with open(path, "rb") as f:
        if f.read(4) == b"PK\x03\x04" and fmt != "csv":
            return "xlsx"
    return "csv"


def read_header(path: str | Path, fmt: str | None = None) -> list[str]:
    """The column names of a file (its first row), without reading the rest; none when the
    file cannot be read (the diagnosis then reports why)."""
    try:
        return _read_header(Path(path), fmt)
    except Exception:  # noqa: BLE001
        return []


def _read_header(path: Path, fmt: str | None) -> list[str]:
    if os.path.getsize(path) == 0:
        return []
    if file_format(path, fmt) == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            row = next(book.worksheets[0].iter_rows(values_only=True), None) or ()
            return [_xlsx_text(v) for v in row if v is not None]
        finally:
            book.close()
    with open(path, "rb") as f:
        sample = f.read(SNIFF_BYTES)
    text = sample.decode(sniff_encoding(sample), errors="replace").lstrip("\ufeff")
    return next(csv.reader(io.StringIO(text, newline="")), [])


def diagnose(
    path: str | Path,
    specs: list[ColumnSpec] | None = None,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    grades=DEFAULT_GRADES,
    progress: Callable[[int], None] | None = None,
    sample_limit: int = SAMPLE_LIMIT,
) -> dict:
    """The quality report of one file. ``progress`` receives the bytes read since its last call."""
    path = Path(path)
    diag = Diagnosis(specs, sample_limit)
    try:
        if os.path.getsize(path) == 0:
            diag.file_issue(EMPTY, 1, "the file is empty")
        else:
            xlsx = file_format(path, fmt) == "xlsx"
            if xlsx:
                batches = grouped(_xlsx_batches(path, diag, progress), 1)
            else:
                batches = grouped(_csv_batches(path, diag, encoding, progress), GROUP)
            for batch, blocks in prefetched(batches):
                diag.batch(batch, blocks)
            diag.finish()
            if not diag.rows and not diag.file:
                diag.file_issue(EMPTY, 1, "the file has a header but no rows")
    except Exception as error:  # noqa: BLE001 - any unreadable file gets a report, not a crash
        diag.file_issue(PARSE, 1, f"the file could not be read: {type(error).__name__}: {str(error)[:300]}")
    report = diag.report(grades)
    report["format"] = "xlsx" if diag.encoding == "xlsx" else "csv"
    return report
