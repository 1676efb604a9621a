"""Whether PostgreSQL's CSV reader reads a file's quotes as Python's ``csv`` does (pure).

PostgreSQL opens a quoted section at a quote anywhere outside one; Python's reader only at a
field's start (elsewhere the quote is an ordinary character: ``55" 화면``). The two read a
file alike when every quote that opens a section stands at a field's start, or right after
the quote that closed one (the doubled quote inside a quoted value). Which quotes open a
section follows from their parity alone, so the bytes are split at quotes and only the byte
before each opening quote is looked at, in C (``bytes.split``, ``map``), chunk by chunk.

The quote, comma, tab and newline bytes never occur inside a multi-byte character of UTF-8 or
CP949, so the check runs on the raw bytes of either.
"""

from __future__ import annotations

import operator
from typing import BinaryIO

QUOTE = b'"'
_LAST_BYTE = operator.itemgetter(slice(-1, None))


def read_alike(handle: BinaryIO, delimiter: str, chunk_size: int = 16 * 1024 * 1024) -> bool:
    """True when every quote of ``handle`` that opens a quoted section (in PostgreSQL's
    reading) follows the delimiter, a line break, the start of the file, or a closing quote."""
    allowed = {delimiter.encode("ascii"), b"\n", QUOTE}
    inside = False  # within a quoted section at the start of the chunk
    before = b"\n"  # the byte before the chunk: the file starts a line
    while chunk := handle.read(chunk_size):
        parts = chunk.split(QUOTE)
        # the byte before each quote of the chunk; b"" where a quote stands right before it
        befores = list(map(_LAST_BYTE, parts[:-1]))
        if befores and not parts[0]:
            befores[0] = before
        # quote k opens a section when the quotes before it leave the reader outside one
        openings = set(befores[1 if inside else 0 :: 2])
        openings.discard(b"")
        if not openings <= allowed:
            return False
        inside ^= (len(parts) - 1) % 2 == 1
        before = chunk[-1:]
    return True


def file_reads_alike(path: str, delimiter: str) -> bool:
    with open(path, "rb") as handle:
        return read_alike(handle, delimiter)
