"""Detects the character encoding of uploaded text files (pure: no CKAN import).

Korean public data comes as UTF-8 (with or without BOM) or CP949/EUC-KR. A strict decode
decides between them (CP949 is a superset of EUC-KR, so we report CP949); charset-normalizer
is only asked when neither decodes.
"""

from __future__ import annotations

from charset_normalizer import from_bytes

SAMPLE_BYTES = 256 * 1024


def _decodes(sample: bytes, codec: str) -> bool:
    # The sample may cut a multi-byte character at its end: ignore the last 3 bytes' errors.
    try:
        sample.decode(codec)
        return True
    except UnicodeDecodeError as e:
        return e.start >= len(sample) - 3


def detect_encoding(sample: bytes) -> str | None:
    """'UTF-8', 'CP949', another codec name, or None when the sample is binary/empty."""
    if not sample:
        return None
    if sample.startswith(b"\xef\xbb\xbf"):
        return "UTF-8"
    if b"\x00" in sample[:4096]:
        return None  # binary (or UTF-16, which Korean portals do not publish)
    if _decodes(sample, "utf-8"):
        return "UTF-8"
    if _decodes(sample, "cp949"):
        return "CP949"
    best = from_bytes(sample).best()
    return best.encoding.upper().replace("_", "-") if best else None
