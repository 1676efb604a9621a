"""Standard dictionary import benchmark (on demand, not part of CI): a generated dictionary of
the 8th edition's size (13,159 terms, 2,400 words, 115 domains) as the official XLSX, imported
with `ckan governance import-standards` twice (the second import of the same edition must
change nothing) and once more as a new edition with 500 changed terms.

    .local/venv/bin/python bench/standards_bench.py -c .local/test-h4.ini

Use a scratch site: the import replaces that site's dictionary. Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "ckanext-busan-governance/ckanext/busan_governance/data/sample_standards"


def workbook(path: Path, edition: int, terms: int = 13_159, words: int = 2_400, domains: int = 115) -> None:
    import csv

    headers = {}
    for name in ("words", "terms", "domains"):
        with open(SAMPLE / f"{name}.csv", encoding="utf-8") as f:
            headers[name] = next(csv.reader(f))
    book = Workbook(write_only=True)
    ws = book.create_sheet("공통표준단어")
    ws.append(headers["words"])
    for i in range(words):
        ws.append([i + 1, "제1차", f"단어{i}", f"WRD{i}", f"Word {i}", "설명", "Y" if i % 20 == 0 else "N", "", "", ""])
    ws = book.create_sheet("공통표준용어")
    ws.append(headers["terms"])
    for i in range(terms):
        changed = edition > 1 and i < 500
        ws.append([i + 1, f"제{edition if changed else 1}차", f"단어{i % words}단어{(i * 7) % words}{i}",
                   "개정 설명" if changed else "설명", f"WRD{i % words}_T{i}", f"명V{100 + i % domains}",
                   "", "", "", "", "행정안전부", ""])  # fmt: skip
    ws = book.create_sheet("공통표준도메인")
    ws.append(headers["domains"])
    for i in range(domains):
        ws.append([i + 1, "제1차", "명칭", "명", f"명V{100 + i}", "이름", "VARCHAR", 100 + i, "", "", "", "", ""])
    book.save(path)


def run(ini: str, path: Path) -> tuple[float, str]:
    ckan = str(Path(sys.executable).with_name("ckan"))
    started = time.perf_counter()
    out = subprocess.run(
        [ckan, "-c", ini, "governance", "import-standards", "--force", str(path)], capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    return time.perf_counter() - started, next(line for line in out.stdout.splitlines() if line.startswith("edition"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="the scratch site's ini")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        first, second = Path(work) / "7.xlsx", Path(work) / "8.xlsx"
        workbook(first, 1)
        workbook(second, 2)
        for label, path in (("first import", first), ("same edition again", first), ("new edition", second)):
            seconds, summary = run(args.config, path)
            print(f"| {label} | {seconds:.1f} s | {summary} |")


if __name__ == "__main__":
    main()
