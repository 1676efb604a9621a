"""Quality diagnosis benchmark (on demand, not part of CI): bench/quality.sh runs it.

1. A generated CP949 CSV of --rows rows (default 1,000,000) and 10 columns with standard
   domains (names, Y/N flags, dates, codes, counts, rates, times, numbers), about 0.1 % bad values.
2. Time of the diagnosis (ckanext.busan_governance.quality.diagnose) against a plain
   ``pandas.read_csv(path, encoding="cp949")`` of the same file (target: at most 2x) and against
   frictionless validating the same file with the same Table Schema (target: at least 10x faster).
3. Peak memory (max RSS of a child process) of the diagnosis of a generated --big-mb file
   (default 1024 MB; target: under 300 MB).

Each step runs once in a fresh child process (so one step's memory or caches do not help
another), after an untimed run of the same step on the file's first 1,000 rows: imports and
one-time set-up are left out of the work time of every step alike (pyarrow, for one, imports
pandas on its first compute call when pandas is installed; frictionless loads its plugins).
Results are printed as Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ckanext-busan-governance"))

HEADER = [
    "시설명",
    "개방여부",
    "등록일자",
    "시군구코드",
    "인구수",
    "이용률",
    "시작시각",
    "기준연월",
    "전화번호",
    "주소",
]
SPECS = [
    dict(name="시설명", domain="명V100", key=True),
    dict(name="개방여부", domain="여부C1"),
    dict(name="등록일자", domain="연월일C8"),
    dict(name="시군구코드", domain="코드C5", code_name="시군구코드", codes=[str(c) for c in range(26110, 26720, 30)]),
    dict(name="인구수", domain="수N10", required=True),
    dict(name="이용률", domain="율N5,2"),
    dict(name="시작시각", domain="시분C4"),
    dict(name="기준연월", domain="연월C6"),
    dict(name="전화번호", domain="번호V20"),
    dict(name="주소", domain="주소V200"),
]
DISTRICTS = ["중구", "서구", "동구", "영도구", "부산진구", "동래구", "남구", "북구", "해운대구", "사하구", "금정구"]


def generate(path: Path, rows: int | None = None, megabytes: int | None = None, seed: int = 7) -> int:
    """Writes the CSV in CP949; returns the number of rows."""
    rnd = random.Random(seed)
    codes = SPECS[3]["codes"]
    limit = (megabytes or 0) << 20
    written = 0
    with open(path, "w", encoding="cp949", newline="") as out:
        out.write(",".join(HEADER) + "\r\n")
        batch = []
        while (rows is not None and written < rows) or (limit and out.tell() < limit):
            i = written
            bad = rnd.random() < 0.001
            district = DISTRICTS[i % len(DISTRICTS)]
            batch.append(
                ",".join(
                    (
                        f"부산{district}공공시설{i}",
                        "X" if bad else "YN"[i % 2],
                        f"20{10 + i % 15:02d}{1 + i % 12:02d}{1 + i % 28:02d}" if not bad else "20240230",
                        codes[i % len(codes)],
                        str(i % 100000),
                        f"{(i % 10000) / 100:.2f}",
                        f"{i % 24:02d}{i % 60:02d}",
                        f"20{10 + i % 15:02d}{1 + i % 12:02d}",
                        f"051-{i % 900 + 100}-{i % 9000 + 1000}",
                        f"부산광역시 {district} 중앙대로 {i % 999 + 1}",
                    )
                )
            )
            written += 1
            if len(batch) == 10000:
                out.write("\r\n".join(batch) + "\r\n")
                batch = []
        if batch:
            out.write("\r\n".join(batch) + "\r\n")
    return written


def _specs():
    from ckanext.busan_governance.quality.checks import ColumnSpec

    return [ColumnSpec(**s) for s in SPECS]


def step_diagnose(path: str) -> dict:
    from ckanext.busan_governance.quality.diagnose import diagnose

    report = diagnose(path, _specs())
    return {"rows": report["rows"], "failed": report["failed"], "grade": report["grade"]}


def step_pandas(path: str) -> dict:
    import pandas

    frame = pandas.read_csv(path, encoding="cp949")
    return {"rows": len(frame)}


def step_frictionless(path: str) -> dict:
    from frictionless import Checklist, Resource, Schema

    from ckanext.busan_governance.quality.table_schema import table_schema

    descriptor = table_schema(_specs())
    for field in descriptor["fields"]:
        field.pop("busan:domain", None)
    file = Path(path)
    source = Resource(
        path=file.name,
        basepath=str(file.parent),
        schema=Schema.from_descriptor(descriptor),
        encoding="cp949",
        format="csv",
    )
    report = source.validate(Checklist(), limit_errors=10**9)
    task = report.tasks[0]
    return {"rows": task.stats.get("rows"), "errors": len(task.errors), "types": sorted({e.type for e in task.errors})}


STEPS = {"diagnose": step_diagnose, "pandas": step_pandas, "frictionless": step_frictionless}


def head(path: Path, lines: int = 1001) -> Path:
    """The header and first rows of a generated file, for the untimed warm-up run."""
    out = path.with_name(path.stem + "-head.csv")
    with open(path, "rb") as source, open(out, "wb") as target:
        for _ in range(lines):
            target.write(source.readline())
    return out


def run_child(step: str, path: Path) -> dict:
    """One step in a fresh interpreter: its wall time and its own peak memory."""
    started = time.perf_counter()
    command = [sys.executable, __file__, "--child", step, str(path), str(head(path))]
    out = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if out.returncode:
        raise SystemExit(f"{step} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["seconds"] = seconds
    return result


def child(step: str, path: str, warm_up: str) -> None:
    STEPS[step](warm_up)
    started, cpu = time.perf_counter(), time.process_time()
    result = STEPS[step](path)
    result["inner_seconds"] = time.perf_counter() - started
    result["cpu_seconds"] = time.process_time() - cpu  # all its threads: steadier on a shared machine
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--big-mb", type=int, default=1024)
    parser.add_argument("--skip-frictionless", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    work = Path(tempfile.mkdtemp(prefix="busan-quality-bench-"))
    try:
        data = work / "data.csv"
        rows = generate(data, rows=args.rows)
        size = data.stat().st_size / (1 << 20)
        print(f"## {rows:,} rows, 10 columns, CP949, {size:.0f} MB")
        diag = run_child("diagnose", data)
        pandas = run_child("pandas", data)
        # Ratios of the work itself (inner): interpreter start-up, imports and warm-up left out.
        print("| step | work s | CPU s | process s | peak MB |\n|---|---|---|---|---|")
        row = "| {} | {inner_seconds:.1f} | {cpu_seconds:.1f} | {seconds:.1f} | {peak_mb:.0f} |"
        print(row.format("diagnosis (pyarrow, streamed)", **diag))
        print(row.format("pandas.read_csv (plain parse)", **pandas))
        line = f"diagnosis / pandas = {diag['inner_seconds'] / pandas['inner_seconds']:.2f} (target <= 2)"
        line += f" (CPU time: {diag['cpu_seconds'] / pandas['cpu_seconds']:.2f})"
        if not args.skip_frictionless:
            fl = run_child("frictionless", data)
            print(row.format("frictionless, same Table Schema", **fl))
            line += f"; frictionless / diagnosis = {fl['inner_seconds'] / diag['inner_seconds']:.1f} (target >= 10)"
            line += f" (CPU time: {fl['cpu_seconds'] / diag['cpu_seconds']:.1f})"
            print(f"\ndiagnosis found {diag['failed']} bad values; frictionless {fl['errors']} errors")
        print(f"\n{line}")
        data.unlink()
        if not args.skip_memory:
            big = work / "big.csv"
            big_rows = generate(big, megabytes=args.big_mb)
            mem = run_child("diagnose", big)
            print(
                f"\n## {big.stat().st_size / (1 << 20):.0f} MB CP949 file ({big_rows:,} rows): "
                f"diagnosis peak memory {mem['peak_mb']:.0f} MB (target < 300), {mem['seconds']:.0f} s"
            )
    finally:
        for file in work.glob("*"):
            file.unlink()
        os.rmdir(work)


if __name__ == "__main__":
    main()
