"""CSV bytes turned into UTF-8 for pyarrow's parser, chunk by chunk, undecodable bytes counted.

Shared by the quality diagnosis (busan_governance: undecodable bytes replaced and counted) and
the DataStore load (busan_datastore: strict, a file that does not decode is read another way).

Python's codecs hold the GIL while they decode, so every chunk the reading thread decodes
stalls the checking thread between two pyarrow kernels. Hence two faster paths, each giving
exactly what Python's incremental decoder with ``errors="replace"`` gives:

- UTF-8 that decodes strictly is passed on as it is (decoding only validates it);
- CP949 is converted by the C library's iconv, which ctypes calls without the GIL, provided that
  this iconv reads every one- and two-byte sequence as Python's codec does (checked once per
  process, for files big enough to repay the check).

From the first chunk that either path refuses (a bad byte, a character cut at the end of the
file) to the end of the file, Python's decoder does the work, so its replacement characters and
their count (the encoding check) are the same whichever path a chunk took. No CKAN import.
"""

from __future__ import annotations

import codecs
import ctypes
import ctypes.util
import errno
import functools
import io
import threading
from collections.abc import Callable

REPLACEMENT = "\ufffd".encode()
BOM = codecs.BOM_UTF8
NATIVE_FROM_BYTES = 8 << 20  # smaller files keep Python's decoder: the iconv check costs tens of ms
READ_BYTES = 1 << 20  # bytes transcoded at a time


class Transcoder:
    """``convert(chunk, final)`` → UTF-8 bytes; ``bad``: replacement characters so far."""

    def __init__(self, encoding: str, size: int | None = None):
        name = codecs.lookup(encoding).name
        self.encoding = encoding
        self.bad = 0
        self.carry = b""  # bytes of a character cut at the end of the last chunk
        self.bom = name == "utf-8-sig"
        self.utf8 = name in ("utf-8", "utf-8-sig")
        self.native = None if self.utf8 or (size or 0) < NATIVE_FROM_BYTES else native_decoder(encoding)
        self.python = None if self.utf8 or self.native else codecs.getincrementaldecoder(encoding)(errors="replace")

    def convert(self, chunk: bytes, final: bool) -> bytes:
        data = self.carry + chunk if self.carry else chunk
        if self.python is None:
            if self.bom:
                if len(data) < len(BOM) and BOM.startswith(data) and not final:
                    self.carry = data
                    return b""
                self.bom = False  # only a BOM that starts the file is dropped (as utf-8-sig does)
                self.encoding = "utf-8"  # what Python's decoder would have to read from here on
                if data.startswith(BOM):
                    data = data[len(BOM) :]
            out = self._fast(data, final)
            if out is not None:
                # Valid UTF-8 may hold U+FFFD itself (Python's decoder would count it); iconv's
                # CP949 never yields it (native_decoder). memchr finds no EF byte fast, mostly.
                if self.utf8 and out.find(REPLACEMENT[:1]) >= 0:
                    self.bad += out.count(REPLACEMENT)
                return out
            self.python = codecs.getincrementaldecoder(self.encoding)(errors="replace")
        self.carry = b""
        text = self.python.decode(data, final)
        self.bad += text.count("\ufffd")
        return text.encode("utf-8")

    def _fast(self, data: bytes, final: bool) -> bytes | None:
        """The chunk's UTF-8, carrying a cut character over; None (nothing changed) if refused."""
        if self.utf8:
            try:
                consumed = codecs.utf_8_decode(data, "strict", final)[1]
            except UnicodeDecodeError:
                return None
            out = data[:consumed]
        else:
            converted = self.native.convert(data)
            if converted is None:
                return None
            out, consumed = converted
        if final and consumed < len(data):
            return None
        self.carry = data[consumed:]
        return out


class Iconv:
    """The C library's iconv from ``source`` to UTF-8 (one conversion at a time)."""

    def __init__(self, source: str):
        libc = _libc()
        self._iconv = libc.iconv
        self._lock = threading.Lock()
        self.handle = libc.iconv_open(b"UTF-8", source.encode())
        if self.handle in (None, ctypes.c_void_p(-1).value):
            raise OSError(f"iconv cannot convert {source}")

    def convert(self, data: bytes) -> tuple[bytes, int] | None:
        """(UTF-8 of the longest convertible start of ``data``, bytes it took); None when
        ``data`` holds a sequence iconv refuses (what is left is a character cut at the end)."""
        out = ctypes.create_string_buffer(2 * len(data) + 16)  # a CP949 pair becomes 3 UTF-8 bytes
        source = ctypes.c_char_p(data)
        in_pointer = ctypes.c_void_p(ctypes.cast(source, ctypes.c_void_p).value)
        in_left = ctypes.c_size_t(len(data))
        out_pointer = ctypes.c_void_p(ctypes.addressof(out))
        out_left = ctypes.c_size_t(len(out))
        with self._lock:
            self._iconv(self.handle, None, None, None, None)  # initial state
            result = self._iconv(
                self.handle,
                ctypes.byref(in_pointer),
                ctypes.byref(in_left),
                ctypes.byref(out_pointer),
                ctypes.byref(out_left),
            )
            failure = ctypes.get_errno() if result == ctypes.c_size_t(-1).value else 0
        if failure not in (0, errno.EINVAL):  # EINVAL: a character cut at the end
            return None
        return ctypes.string_at(out, len(out) - out_left.value), len(data) - in_left.value

    def refuses_all(self, pairs: list[bytes]) -> bool:
        """Whether iconv refuses each of these two-byte sequences (one call each, reusing the
        buffers: a few microseconds a call)."""
        out = ctypes.create_string_buffer(16)
        in_pointer, in_left = ctypes.c_void_p(), ctypes.c_size_t()
        out_pointer, out_left = ctypes.c_void_p(), ctypes.c_size_t()
        args = (ctypes.byref(in_pointer), ctypes.byref(in_left), ctypes.byref(out_pointer), ctypes.byref(out_left))
        every = b"".join(pairs)
        base = ctypes.cast(ctypes.c_char_p(every), ctypes.c_void_p).value
        failed = ctypes.c_size_t(-1).value
        with self._lock:
            for index in range(len(pairs)):
                self._iconv(self.handle, None, None, None, None)
                in_pointer.value, in_left.value = base + 2 * index, 2
                out_pointer.value, out_left.value = ctypes.addressof(out), len(out)
                if self._iconv(self.handle, *args) != failed or ctypes.get_errno() != errno.EILSEQ:
                    return False
        return True


@functools.cache
def _libc():
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)  # CDLL calls release the GIL
    libc.iconv_open.restype = ctypes.c_void_p
    libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.iconv.restype = ctypes.c_size_t
    pointer = ctypes.POINTER(ctypes.c_void_p)
    size = ctypes.POINTER(ctypes.c_size_t)
    libc.iconv.argtypes = [ctypes.c_void_p, pointer, size, pointer, size]
    return libc


@functools.cache
def native_decoder(encoding: str) -> Iconv | None:
    """iconv for CP949 if it reads every one- and two-byte sequence exactly as Python's codec
    (the same characters, the same refusals); else None (Python's codec is used)."""
    if codecs.lookup(encoding).name != "cp949":
        return None
    try:
        conv = Iconv("CP949")
    except (OSError, AttributeError, TypeError):
        return None
    good, bad = [], []
    for first in range(0x80, 0x100):
        for second in range(0x100):
            pair = bytes((first, second))
            try:
                good.append((pair, pair.decode("cp949")))
            except UnicodeDecodeError:
                bad.append(pair)
    ascii_bytes = bytes(range(0x80))
    every = ascii_bytes + b"".join(p for p, _ in good)
    text = ascii_bytes.decode("cp949") + "".join(t for _, t in good)
    if "\ufffd" in text or conv.convert(every) != (text.encode("utf-8"), len(every)):
        return None  # (no replacement character from iconv: Transcoder counts none)
    if not conv.refuses_all(bad):
        return None
    return conv


class Utf8Stream(io.RawIOBase):
    """A binary file read as UTF-8 whatever its encoding; undecodable bytes become U+FFFD and
    are counted (``bad``), or with ``strict`` raise ``UnicodeError`` (a UTF-8 file that holds
    U+FFFD itself then raises too: its reader takes the slower way, never a wrong one)."""

    def __init__(
        self,
        raw,
        encoding: str,
        progress: Callable[[int], None] | None = None,
        size: int | None = None,
        strict: bool = False,
    ):
        self.raw = raw
        self.transcoder = Transcoder(encoding, size)
        self.pending = memoryview(b"")
        self.done = False
        self.progress = progress
        self.strict = strict

    @property
    def bad(self) -> int:
        return self.transcoder.bad

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending and not self.done:
            chunk = self.raw.read(READ_BYTES)
            self.done = not chunk
            self.pending = memoryview(self.transcoder.convert(chunk, final=self.done))
            if self.strict and self.transcoder.bad:
                raise UnicodeError(f"the file does not decode as {self.transcoder.encoding}")
            if self.progress:
                self.progress(len(chunk))
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size
