"""The diagnosis reads a file the same whichever decoding path its chunks take (strict UTF-8
passed through, CP949 by the C library's iconv, Python's codec from the first bad byte on)."""

import pytest

from ckanext.busan.dataset import transcode
from ckanext.busan_governance.quality.checks import ColumnSpec
from ckanext.busan_governance.quality.diagnose import diagnose

pytestmark = pytest.mark.pure

SPECS = [ColumnSpec("이름", domain="명V3"), ColumnSpec("등록일자", domain="연월일C8")]
GOOD = "이름,등록일자\n부산,20240131\n해운대구청,20240230\n".encode("cp949")


def reports(path, monkeypatch, encoding=None):
    """The report through the fast paths (chunks of 32 bytes: characters cut between chunks) and
    through Python's decoder alone."""
    monkeypatch.setattr(transcode, "READ_BYTES", 32)
    monkeypatch.setattr(transcode, "NATIVE_FROM_BYTES", 0)
    fast = diagnose(path, SPECS, encoding=encoding)
    monkeypatch.setattr(transcode.Transcoder, "_fast", lambda self, data, final: None)
    slow = diagnose(path, SPECS, encoding=encoding)
    assert fast == slow
    return fast


def test_cp949_iconv_agrees_with_python_or_steps_aside():
    conv = transcode.native_decoder("cp949")
    if conv is not None:  # this C library reads CP949 as Python does
        assert conv.convert("부산광역시 해운대구".encode("cp949")) == ("부산광역시 해운대구".encode(), 19)
        assert conv.convert(b"\x81") == (b"", 0)  # cut: carried over to the next chunk
        assert conv.convert(b"\xb1\x20") is None  # refused: Python's codec takes over
    assert transcode.native_decoder("euc-jp") is None


@pytest.mark.parametrize(
    ("name", "raw", "encoding", "bad"),
    [
        ("clean CP949", GOOD, "cp949", 0),
        ("bad bytes mid-file", GOOD.replace(b"\n", b"\n\xff\xfe,1\n", 1), "cp949", 2),
        ("a lead byte cut at the end", GOOD + "부산,2024".encode("cp949") + b"\xb1", "cp949", 1),
        ("UTF-8 with a BOM", b"\xef\xbb\xbf" + GOOD.decode("cp949").encode(), "utf-8-sig", 0),
        ("UTF-8, bad byte", GOOD.decode("cp949").encode().replace(b"\n", b"\n\xc3(,1\n", 1), "utf-8", 1),
        ("UTF-8, a character cut at the end", GOOD.decode("cp949").encode() + "부".encode()[:2], "utf-8", 1),
    ],
)
def test_every_decoding_path_gives_the_same_report(tmp_path, monkeypatch, name, raw, encoding, bad):
    path = tmp_path / "data.csv"
    path.write_bytes(raw)
    report = reports(path, monkeypatch, encoding if encoding == "cp949" else None)
    assert report["encoding"] == encoding, name
    counts = {f["check"]: f["count"] for f in report["file_checks"]}
    assert counts.get("encoding", 0) == bad, name
    failed = {(c["column"], c["check"]): c["failed"] for c in report["checks"] if c["failed"]}
    assert failed[("이름", "length")] == 1 and failed[("등록일자", "date")] >= 1, name


def test_datetimes_without_seconds_are_checked(tmp_path):
    path = tmp_path / "times.csv"
    path.write_text("일시\n202401311230\n2024-01-31 12:30\n2024-01-31T12:30:59\n202402301230\n2024013112\n", "utf-8")
    report = diagnose(path, [ColumnSpec("일시", domain="연월일시분C12")])
    assert report["file_checks"] == []  # no parse error: seconds are optional
    (check,) = report["checks"]
    assert (check["check"], check["checked"], check["failed"]) == ("datetime", 5, 2)
    assert [s["value"] for s in check["samples"]] == ["202402301230", "2024013112"]
