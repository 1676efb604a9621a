"""Harvest benchmark of the data.go.kr catalog harvester (``busan_datagokr``), run on demand
(never by CI or pytest): side by side in one run, printing absolute numbers and ratios.

    .local/venv/bin/python bench/harvest_bench.py [--records N] [--memory-records N2]
    bench/run.sh [same options]            (starts the services first)

N catalog records (default 10,000) from the shared fixture generator
``tests/harvest/fake_datagokr.make_records`` are served by the fake catalog API
(``fake_datagokr.serve``) in a separate process, then:

1. baseline: ``package_create`` of the same mapped datasets (``mapping.group_by_list`` +
   ``map_catalog_record``, organisations created by agency code first, the site user's
   context), into a clean database;
2. initial harvest through the real harvester (``queue.gather_stage``, then per object the
   fetch consumer's own callback ``queue.fetch_callback`` without Redis, then
   ``harvest_jobs_run``), into a clean database; target <= 1.25 x the baseline;
3. unchanged re-run of the same source; target <= 0.05 x the initial harvest;
4. peak memory of the initial gather stage alone at N and N2 (default 100,000) records, each
   in a fresh process (peak RSS from getrusage); target: flat and under 500 MB.

THIS RESETS THE LOCAL DEMO PORTAL'S DATABASE (busan_portal) AND SOLR CORE (ckan), through
bench/bench.ini: ``ckan db clean`` + ``db init`` + ``db pending-migrations --apply`` +
``search-index clear`` before each step and once at the end (``--keep-data`` leaves the last
step's data). ``./scripts/demo.sh`` prepares and seeds the portal again. The test database
and the Solr core ckan_test are never touched.

Each step runs in its own Python process (``harvest_bench.py _phase ...``), so timings and
memory are independent; results (and cProfile output with ``--profile``) go to .local/bench/.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INI = Path(os.environ.get("BUSAN_BENCH_INI", ROOT / "bench" / "bench.ini")).resolve()  # another ini: BUSAN_BENCH_INI
OUT_DIR = ROOT / ".local" / "bench"
VENV_BIN = Path(sys.executable).parent
API_KEY = "bench+Key/for=the==fake"
KEY_ENV = "BUSAN_DATAGOKR_API_KEY"
SOURCE_TYPE = "busan_datagokr"
OWNER_ORG = "busan-data-team"

TARGET_CREATE_RATIO = 1.25  # initial harvest / package_create of the same datasets
TARGET_RERUN_RATIO = 0.05  # unchanged re-run / initial harvest
TARGET_PEAK_MB = 500.0  # peak RSS of gather
TARGET_FLAT_RATIO = 1.25  # "flat": peak RSS at N2 records / peak RSS at N records


def _fixtures():
    """The shared fixture generator and fake server (tests/harvest/fake_datagokr.py)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.harvest import fake_datagokr

    return fake_datagokr


# ---------------------------------------------------------------- small helpers
def say(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def fmt_s(seconds: float) -> str:
    return f"{seconds:,.1f} s" if seconds < 120 else f"{seconds:,.1f} s ({seconds / 60:.1f} min)"


def rss_mb() -> float:
    """Current resident set size of this process."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Progress:
    """Prints `done/total` with rate and ETA at most every `every` seconds (and at the end)."""

    def __init__(self, label: str, total: int, every: float = 15.0):
        self.label, self.total, self.every = label, total, every
        self.start = self.last = time.perf_counter()

    def update(self, done: int) -> None:
        now = time.perf_counter()
        if done < self.total and now - self.last < self.every:
            return
        self.last = now
        elapsed = now - self.start
        rate = done / elapsed if elapsed else 0.0
        eta = (self.total - done) / rate if rate else 0.0
        say(f"  {self.label}: {done:,}/{self.total:,} ({rate:,.1f}/s, {elapsed:,.0f} s elapsed, ETA {eta:,.0f} s)")


@contextlib.contextmanager
def heartbeat(label: str, every: float = 15.0):
    """For one long call without its own progress: elapsed time and RSS every `every` seconds."""
    stop = threading.Event()
    start = time.perf_counter()

    def beat():
        while not stop.wait(every):
            say(f"  {label}: {time.perf_counter() - start:,.0f} s, RSS {rss_mb():,.0f} MB")

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


# ---------------------------------------------------------------- the fake catalog API (own process)
def serve_main(args) -> None:
    """`_serve`: generate the records, serve them, print READY <url>, stop when stdin closes."""
    fake = _fixtures()
    records = fake.make_records(args.records, org_codes=fake.DEFAULT_ORG_CODES, seed=args.seed)
    with fake.serve(records, api_key=API_KEY) as server:
        print(f"READY {server.base_url}", flush=True)
        sys.stdin.read()  # the parent closes our stdin (or dies): stop serving


@contextlib.contextmanager
def fake_catalog(records: int, seed: int):
    say(f"starting the fake catalog API with {records:,} records (seed {seed}) in its own process")
    proc = subprocess.Popen(
        [sys.executable, __file__, "_serve", "--records", str(records), "--seed", str(seed)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline().strip()
        if not line.startswith("READY "):
            raise SystemExit(f"the fake catalog API did not start (got {line!r})")
        yield line.split(" ", 1)[1]
    finally:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- database reset (ckan CLI)
def ckan_cli(*args: str) -> None:
    cmd = [str(VENV_BIN / "ckan"), "-c", str(INI), *args]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")


def reset_portal() -> None:
    say("resetting database busan_portal and Solr core ckan (db clean, db init, migrations, index clear)")
    ckan_cli("db", "clean", "--yes")
    ckan_cli("db", "init")
    ckan_cli("db", "pending-migrations", "--apply")
    ckan_cli("search-index", "clear")


def check_safe_target() -> None:
    """Refuse to run against the test database or Solr core, under a running demo portal, or
    when the services on the configured ports are not this checkout's (another checkout's
    PostgreSQL would have its own busan_portal, which this script must not reset)."""
    from ckan.cli import load_config

    status = subprocess.run([str(ROOT / "scripts" / "services.sh"), "status"], capture_output=True, text=True)
    stopped = [line.split(":")[0] for line in status.stdout.splitlines() if "running" not in line]
    if status.returncode != 0 or stopped:
        raise SystemExit(
            f"this checkout's services are not running ({', '.join(stopped) or status.stderr.strip()}): "
            "start them with ./scripts/services.sh start (bench/run.sh does), which also says whether "
            "another program holds their ports"
        )

    config = load_config(str(INI))
    db, solr = config.get("sqlalchemy.url") or "", config.get("solr_url") or ""
    if not db.endswith("/busan_portal") or not solr.rstrip("/").endswith("/solr/ckan"):
        raise SystemExit(f"{INI} must name database busan_portal and Solr core ckan (it names {db}, {solr})")
    pid_file = ROOT / ".local" / "run" / "ckan.pid"
    if pid_file.exists():
        with contextlib.suppress(ValueError, OSError):
            os.kill(int(pid_file.read_text().strip()), 0)
            raise SystemExit("the demo portal (scripts/demo.sh) is running on busan_portal: stop it first")


# ---------------------------------------------------------------- CKAN phases (each in its own process)
@contextlib.contextmanager
def ckan_app():
    """CKAN loaded from bench.ini, inside a request context (as `ckan` CLI commands run)."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(str(INI)))
    with app._wsgi_app.test_request_context():
        yield


def site_context() -> dict:
    import ckan.plugins.toolkit as tk

    return {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}


def active_datasets() -> int:
    import ckan.model as model

    return model.Session.query(model.Package).filter_by(type="dataset", state="active").count()


def create_source(url: str, name: str) -> dict:
    """A busan_datagokr source for the fake API, owned by the city's data team (as in the tests)."""
    import ckan.plugins.toolkit as tk

    fake = _fixtures()
    context = site_context()
    tk.get_action("organization_create")(dict(context), {"name": OWNER_ORG, "title": "부산광역시 빅데이터통계과"})
    config = {"org_codes": list(fake.DEFAULT_ORG_CODES), "retry_backoff": 0.01}
    return tk.get_action("harvest_source_create")(
        dict(context),
        {
            "owner_org": OWNER_ORG,
            "url": url,
            "name": name,
            "title": "공공데이터포털 (benchmark)",
            "source_type": SOURCE_TYPE,
            "frequency": "MANUAL",
            "config": json.dumps(config),
        },
    )


def new_job(source_id: str):
    from ckanext.harvest.model import HarvestJob

    job = HarvestJob(source_id=source_id)
    job.save()
    job.status = "Running"  # what harvest_send_job_to_gather_queue does
    job.save()
    return job


class _Channel:
    """The consumer channel fetch_callback acknowledges on (Redis is left out)."""

    def basic_ack(self, tag) -> None:
        pass


class _Method:
    delivery_tag = None


def run_job(source_id: str, label: str) -> dict:
    """One harvest job as the gather and fetch consumers run it, timed per stage."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from ckanext.harvest import queue

    harvester = queue.get_harvester(SOURCE_TYPE)
    job = new_job(source_id)
    job_id = job.id
    say(f"{label}: gather")
    t0 = time.perf_counter()
    with heartbeat(f"{label} gather"):
        ids = queue.gather_stage(harvester, job) or []
    t1 = time.perf_counter()
    say(f"{label}: gather done in {fmt_s(t1 - t0)}: {len(ids):,} objects to fetch and import")
    progress = Progress(f"{label} fetch+import", len(ids))
    channel, method = _Channel(), _Method()
    for done, obj_id in enumerate(ids, 1):
        queue.fetch_callback(channel, method, None, json.dumps({"harvest_object_id": obj_id}))
        progress.update(done)
    t2 = time.perf_counter()
    tk.get_action("harvest_jobs_run")({"ignore_auth": True}, {"source_id": source_id})
    t3 = time.perf_counter()
    model.Session.remove()
    report = tk.get_action("harvest_job_show")({"ignore_auth": True}, {"id": job_id})
    return {
        "total": t3 - t0,
        "gather": t1 - t0,
        "fetch_import": t2 - t1,
        "finish": t3 - t2,
        "objects": len(ids),
        "status": report["status"],
        "stats": report["stats"],
        "gather_errors": [e["message"] for e in report.get("gather_error_summary") or []],
        "object_errors": [e["message"] for e in report.get("object_error_summary") or []],
    }


def mapped_lists(records: int, seed: int) -> tuple[list, int]:
    """The datasets the harvester would import: (guid, MappedRecord) in source order, first wins."""
    from ckanext.busan.harvesters import datagokr
    from ckanext.busan.harvesters.mapping import MappingError, group_by_list, is_withdrawn, map_catalog_record

    fake = _fixtures()
    entries = fake.make_records(records, org_codes=fake.DEFAULT_ORG_CODES, seed=seed)
    out, seen, failed = [], set(), 0
    for record in group_by_list(entries):
        if is_withdrawn(record):
            continue
        guid = datagokr._guid(record.get("list_id") or record.get("id"))
        if guid in seen:
            continue
        seen.add(guid)
        try:
            out.append((guid, map_catalog_record(record)))
        except MappingError:
            failed += 1
    return out, failed


def phase_create(args) -> dict:
    """Baseline: package_create of the mapped datasets, organisations by agency code first."""
    import ckan.plugins.toolkit as tk

    from ckanext.busan.harvesters.base import BusanHarvesterBase
    from ckanext.busan.harvesters.datagokr import DataGoKrCatalogHarvester

    say(f"baseline: mapping {args.records:,} catalog records")
    t = time.perf_counter()
    lists, mapping_failures = mapped_lists(args.records, args.seed)
    map_time = time.perf_counter() - t
    say(f"baseline: {len(lists):,} datasets mapped in {fmt_s(map_time)}; package_create of each")
    context = site_context()
    errors: list[str] = []
    progress = Progress("baseline package_create", len(lists))
    profile = Path(args.profile_dir) / "create.prof" if args.profile_dir else None
    t0 = time.perf_counter()
    with _profiled(profile):
        orgs = {}
        for _guid, record in lists:  # the organisations by agency code first, as import_stage makes them
            if record.agency.code not in orgs:
                orgs[record.agency.code] = BusanHarvesterBase._organisation(record.agency, dict(context))
        for done, (guid, record) in enumerate(lists, 1):
            dataset = {
                **record.dataset,
                "owner_org": orgs[record.agency.code],
                "source_system": DataGoKrCatalogHarvester.source_system,
                "source_identifier": guid,
            }
            if record.source_modified:
                dataset["source_modified"] = record.source_modified
            try:
                tk.get_action("package_create")(dict(context), dataset)
            except tk.ValidationError as e:
                errors.append(f"{guid}: {e.error_dict}")
            progress.update(done)
    elapsed = time.perf_counter() - t0
    return {
        "create": elapsed,
        "map": map_time,
        "lists": len(lists),
        "mapping_failures": mapping_failures,
        "errors": errors[:20],
        "error_count": len(errors),
        "datasets": active_datasets(),
    }


def _profiled(path: Path | None):
    if path is None:
        return contextlib.nullcontext(None)
    return _ProfileTo(path)


class _ProfileTo:
    def __init__(self, path: Path):
        self.path, self.profile = path, cProfile.Profile()

    def __enter__(self):
        self.profile.enable()
        return self.profile

    def __exit__(self, *exc):
        self.profile.disable()
        self.profile.dump_stats(str(self.path))


def phase_harvest(args) -> dict:
    """The initial harvest and an unchanged re-run of the same source."""
    os.environ[KEY_ENV] = API_KEY
    source = create_source(args.url, "bench-datagokr")
    profile_dir = Path(args.profile_dir) if args.profile_dir else None
    with _profiled(profile_dir / "initial.prof" if profile_dir else None):
        initial = run_job(source["id"], "initial harvest")
    initial["datasets"] = active_datasets()
    with _profiled(profile_dir / "rerun.prof" if profile_dir else None):
        rerun = run_job(source["id"], "unchanged re-run")
    rerun["datasets"] = active_datasets()
    return {"initial": initial, "rerun": rerun}


def phase_gather_memory(args) -> dict:
    """Peak memory of the initial gather stage alone (a fresh process per size)."""
    from ckanext.harvest import queue

    os.environ[KEY_ENV] = API_KEY
    source = create_source(args.url, f"bench-gather-{args.records}")
    harvester = queue.get_harvester(SOURCE_TYPE)
    job = new_job(source["id"])
    before_rss, before_peak = rss_mb(), peak_rss_mb()
    say(f"gather of {args.records:,} records: RSS before {before_rss:,.0f} MB")
    t0 = time.perf_counter()
    with heartbeat(f"gather {args.records:,}"):
        ids = queue.gather_stage(harvester, job) or []
    elapsed = time.perf_counter() - t0
    return {
        "records": args.records,
        "objects": len(ids),
        "gather": elapsed,
        "rss_before": before_rss,
        "peak_before": before_peak,
        "peak": peak_rss_mb(),
        "rss_after": rss_mb(),
    }


PHASES = {"create": phase_create, "harvest": phase_harvest, "gather-memory": phase_gather_memory}


def phase_main(args) -> None:
    load_before = os.getloadavg()[0]
    with ckan_app():
        result = PHASES[args.phase](args)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["process_cpu"] = usage.ru_utime + usage.ru_stime
    result["load"] = [load_before, os.getloadavg()[0]]  # 1-minute load average before and after
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def run_phase(phase: str, *, records: int, seed: int, url: str = "", profile_dir: Path | None = None) -> dict:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / f"{phase}-{records}.json"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "_phase", phase, "--records", str(records), "--seed", str(seed)]
    cmd += ["--url", url, "--out", str(out)]
    if profile_dir:
        cmd += ["--profile-dir", str(profile_dir)]
    if subprocess.run(cmd).returncode != 0 or not out.exists():
        raise SystemExit(f"the {phase} step failed (output above)")
    return json.loads(out.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the report
def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(args, create: dict | None, harvest: dict | None, memory: dict[int, dict]) -> str:
    rows: list[tuple[str, str, str, str, str]] = []
    if create and harvest:
        initial, rerun = harvest["initial"], harvest["rerun"]
        ratio = initial["total"] / create["create"]
        rerun_ratio = rerun["total"] / initial["total"]
        rows += [
            ("package_create of the mapped datasets", fmt_s(create["create"]), "1.00x", "", ""),
            (
                "initial harvest, total",
                fmt_s(initial["total"]),
                f"{ratio:.2f}x",
                f"<= {TARGET_CREATE_RATIO}x",
                verdict(ratio <= TARGET_CREATE_RATIO),
            ),
            ("  gather", fmt_s(initial["gather"]), f"{initial['gather'] / create['create']:.3f}x", "", ""),
            (
                "  fetch + import",
                fmt_s(initial["fetch_import"]),
                f"{initial['fetch_import'] / create['create']:.2f}x",
                "",
                "",
            ),
            (
                "unchanged re-run, total",
                fmt_s(rerun["total"]),
                f"{rerun_ratio:.3f}x",
                f"<= {TARGET_RERUN_RATIO}x initial",
                verdict(rerun_ratio <= TARGET_RERUN_RATIO),
            ),
        ]
    sizes = sorted(memory)
    for size in sizes:
        m = memory[size]
        rows.append(
            (
                f"gather peak RSS, {size:,} records",
                f"{m['peak']:,.0f} MB",
                "",
                f"< {TARGET_PEAK_MB:.0f} MB",
                verdict(m["peak"] < TARGET_PEAK_MB),
            )
        )
        rows.append(
            (
                f"  of it the gather stage ({m['objects']:,} objects)",
                f"+{m['peak'] - m['rss_before']:,.0f} MB",
                "",
                "",
                "",
            )
        )
        rows.append(("  gather time", fmt_s(m["gather"]), "", "", ""))
    if len(sizes) == 2:
        small, large = memory[sizes[0]], memory[sizes[1]]
        flat = large["peak"] / small["peak"]
        growth = (large["peak"] - large["rss_before"]) / max(small["peak"] - small["rss_before"], 1.0)
        rows.append(
            (
                f"peak RSS {sizes[1]:,} / {sizes[0]:,} records",
                "",
                f"{flat:.2f}x",
                f"flat (<= {TARGET_FLAT_RATIO}x)",
                verdict(flat <= TARGET_FLAT_RATIO),
            )
        )
        rows.append(("  gather's own growth, same ratio", "", f"{growth:.2f}x", "", ""))
    widths = [max(len(r[i]) for r in rows + [("step", "measured", "ratio", "target", "result")]) for i in range(5)]
    lines = []
    for row in [("step", "measured", "ratio", "target", "result"), *rows]:
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in pairs]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "-" * max(len(line) for line in lines))
    notes = []
    if create:
        notes.append(
            f"{args.records:,} catalog records -> {create['lists']:,} lists (datasets); baseline created "
            f"{create['datasets']:,} datasets, {create['error_count']} refused, {create['mapping_failures']} unmappable"
        )
    if create and harvest:
        per_create = 1000 * create["create"] / max(create["lists"], 1)
        per_harvest = 1000 * harvest["initial"]["total"] / max(harvest["initial"]["objects"], 1)
        notes.append(f"per dataset: package_create {per_create:.0f} ms, initial harvest {per_harvest:.0f} ms")
        cpu_create, cpu_harvest = create["process_cpu"], harvest["process_cpu"]
        notes.append(
            f"CPU time of the step's own process (not PostgreSQL or Solr): baseline {cpu_create:,.0f} s, "
            f"harvest (initial + re-run) {cpu_harvest:,.0f} s ({cpu_harvest / cpu_create:.2f}x)"
        )
    if harvest:
        i, r = harvest["initial"], harvest["rerun"]
        notes.append(
            f"initial harvest: {i['stats']}, {i['datasets']:,} active datasets, gather errors: "
            f"{i['gather_errors'] or 'none'}, object errors: {i['object_errors'] or 'none'}"
        )
        notes.append(f"unchanged re-run: {r['stats']}, gather errors: {r['gather_errors'] or 'none'}")
    loads = [
        f"{name} {phase['load'][0]:.1f}->{phase['load'][1]:.1f}"
        for name, phase in (
            ("baseline", create),
            ("harvest", harvest),
            *((f"gather {k:,}", v) for k, v in memory.items()),
        )
        if phase
    ]
    notes.append(f"1-minute load average before->after each step ({os.cpu_count()} CPUs): {', '.join(loads)}")
    return "\n".join(lines + [""] + notes)


def print_profile(path: Path, title: str, limit: int) -> None:
    for key in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(str(path), stream=stream).sort_stats(key).print_stats(limit)
        body = stream.getvalue()
        body = body[body.find("   ncalls") :] if "   ncalls" in body else body
        print(f"\n--- cProfile of the {title}, top {limit} by {key} ({path}) ---\n{body.rstrip()}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000, help="catalog records for the timings (10,000)")
    parser.add_argument(
        "--memory-records",
        type=int,
        default=100_000,
        help="the larger size for gather memory (100,000); the smaller is --records",
    )
    parser.add_argument("--seed", type=int, default=1, help="make_records seed (1)")
    parser.add_argument("--skip-timing", action="store_true", help="only the gather memory step")
    parser.add_argument("--skip-memory", action="store_true", help="only the timing steps")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the initial harvest and the re-run; prints the top entries (use a small N)",
    )
    parser.add_argument("--keep-data", action="store_true", help="leave the last step's data in busan_portal")
    args = parser.parse_args(argv)

    check_safe_target()
    cpus = os.cpu_count()
    say(f"harvest benchmark: {args.records:,} records (memory also at {args.memory_records:,}), {cpus} CPUs")
    say(
        f"NOTE: resets database busan_portal and Solr core ckan via {INI.relative_to(ROOT)} "
        "(./scripts/demo.sh sets the demo up again)"
    )
    create = harvest = None
    memory: dict[int, dict] = {}
    profile_dir = OUT_DIR / "profile" if args.profile else None
    if profile_dir:
        profile_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with fake_catalog(args.records, args.seed) as url:
        if not args.skip_timing:
            reset_portal()
            say("step 1/4: baseline package_create")
            create = run_phase("create", records=args.records, seed=args.seed, profile_dir=profile_dir)
            say(f"baseline: {create['lists']:,} datasets in {fmt_s(create['create'])}")
            reset_portal()
            say("steps 2-3/4: initial harvest and unchanged re-run")
            harvest = run_phase("harvest", records=args.records, seed=args.seed, url=url, profile_dir=profile_dir)
            say(f"initial harvest {fmt_s(harvest['initial']['total'])}, re-run {fmt_s(harvest['rerun']['total'])}")
        if not args.skip_memory:
            reset_portal()
            say(f"step 4/4: gather memory at {args.records:,} records")
            memory[args.records] = run_phase("gather-memory", records=args.records, seed=args.seed, url=url)
    if not args.skip_memory and args.memory_records != args.records:
        with fake_catalog(args.memory_records, args.seed) as url:
            reset_portal()
            say(f"step 4/4: gather memory at {args.memory_records:,} records")
            memory[args.memory_records] = run_phase(
                "gather-memory", records=args.memory_records, seed=args.seed, url=url
            )
    if not args.keep_data:
        reset_portal()
    say(f"done in {fmt_s(time.perf_counter() - started)}")
    text = f"Harvest benchmark, {dt.date.today()}, {cpus} CPUs, seed {args.seed}\n\n"
    text += report(args, create, harvest, memory)
    print("\n" + text)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "report.txt").write_text(text + "\n", encoding="utf-8")
    results = {"create": create, "harvest": harvest, "memory": memory}
    (OUT_DIR / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if profile_dir and harvest:
        print_profile(profile_dir / "create.prof", "baseline package_create", 30)
        print_profile(profile_dir / "initial.prof", "initial harvest", 30)
        print_profile(profile_dir / "rerun.prof", "unchanged re-run", 15)


def internal_main(argv) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["_serve", "_phase"])
    parser.add_argument("phase", nargs="?", choices=sorted(PHASES))
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", default="")
    parser.add_argument("--out")
    parser.add_argument("--profile-dir")
    args = parser.parse_args(argv)
    if args.kind == "_serve":
        serve_main(args)
    else:
        phase_main(args)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("_serve", "_phase"):
        internal_main(sys.argv[1:])
    else:
        main()
