"""DCAT-AP catalogue benchmark, run on demand (never by CI or pytest).

    .local/venv/bin/python bench/dcat_bench.py [--datasets N] [--created M] [--runs R] [--reuse] [--profile]

One full paged walk of ``/catalog.ttl`` (``?page=1, 2, ...`` through the whole WSGI stack,
100 datasets a page) by the portal as configured (``euro_dcat_ap_3 busan_dcat_ap``, the
busan_dcat_ap plugin's chained catalogue action) and by stock ckanext-dcat on the same data
(the same portal without the busan_dcat_ap plugin, ``ckanext.dcat.rdf.profiles =
euro_dcat_ap_3``): seconds and memory (peak RSS of the walking process, and its growth over
the walk). Each walk runs in a fresh process (page 1 fetched once untimed first, so imports
and per-process caches are not timed); the two walks alternate R times (default 3) and the
fastest of each is kept, so a busy shared machine weighs on both alike. Then page 1 is parsed
back (``RDFParser``) and validated with the tests' pyshacl call. ``--profile`` writes cProfile
output of one Busan walk to ``.local/bench/dcat-walk.prof``.

The data: M datasets (default 1,000) made by ``package_create`` from the harvest benchmark's
records (``tests/harvest/fake_datagokr.make_records``, mapped by ``harvesters/mapping.py``:
1-3 resources each); every fourth also has what the demo's datasets have beyond a data.go.kr
record (a geometry, an e-mail, partial disclosure with its legal ground, a source system, a
processing description and an upstream dataset), and every third has quality reports (the
governance plugins' table, as their background job writes them). They are then copied up to
N datasets (default 10,000): rows copied in SQL, index documents posted to Solr under the new
ids, each copy k hours newer than its original (``clone_datasets``; ``package_create`` runs at
about one dataset a second on a busy 2-core machine). ``--from-existing`` copies the datasets
already there instead of starting again.

It uses a database and a Solr core of its own (``busan_bench_dcat`` / ``ckan_bench_dcat``,
created when missing, with the demo portal's settings: ``.local/bench/dcat-bench.ini``), reset
before the datasets are created (``--reuse`` keeps them when there are already N). Results go
to ``.local/bench/dcat-{N}.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import harvest_bench as hb  # noqa: E402  (the harvest benchmark's CLI, app and context helpers)
import search_bench as sb  # noqa: E402  (its own-core helper)

DB = "busan_bench_dcat"
CORE = "ckan_bench_dcat"
INI = hb.OUT_DIR / "dcat-bench.ini"
SHAPES = ROOT.parent / "shared" / "shacl" / "dcat-ap-3.0.0-SHACL.ttl"
TARGET = 1.3
STOCK = "euro_dcat_ap_3"
# a small polygon in Haeundae (within Busan, as the schema requires)
GEOMETRY = (
    '{"type": "Polygon", "coordinates": [[[129.155, 35.155], [129.168, 35.155], '
    "[129.168, 35.162], [129.155, 35.162], [129.155, 35.155]]]}"
)


def write_ini() -> None:
    hb.OUT_DIR.mkdir(parents=True, exist_ok=True)
    INI.write_text(
        f"""# Written by bench/dcat_bench.py: the demo portal's settings, its own database and core.
[app:main]
use = config:{ROOT / "config" / "portal.ini"}
sqlalchemy.url = postgresql://busan:busan@127.0.0.1:5433/{DB}
solr_url = http://127.0.0.1:8983/solr/{CORE}
ckan.redis.url = redis://127.0.0.1:6380/13
ckanext.xloader.jobs_db.uri = postgresql://busan:busan@127.0.0.1:5433/{DB}
ckanext.busan_governance.quality.auto_scan = false
ckan.tracking_enabled = false

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s
""",
        encoding="utf-8",
    )


def prepare_services() -> None:
    """The benchmark's own database and core (search_bench's helpers with our names)."""
    sb.INI, sb.CORE, sb.DB = INI, CORE, DB
    sb.ensure_core()
    sb.ensure_db()


def enrich(dataset: dict, i: int, upstream_id: str | None) -> dict:
    """What every fourth dataset has beyond a data.go.kr record."""
    if i % 4:
        return dataset
    return dict(
        dataset,
        spatial=GEOMETRY,
        contact_email=f"data{i}@busan.example.kr",
        security_classification="partial",
        withheld_scope="개인 식별 정보",
        withheld_legal_ground="oia-9-1-6",
        withheld_request_info="정보공개포털(open.go.kr)에서 정보공개청구",
        source_system="부산 행정 통계 시스템",
        source_identifier=f"BENCH-{i:05d}",
        processing_description="원자료를 월별로 합산",
        derived_from=[upstream_id] if upstream_id else [],
    )


def create_datasets(n: int, fake) -> float:
    import ckan.plugins.toolkit as tk

    from ckanext.busan.harvesters.mapping import group_by_list, map_catalog_record

    orgs = tk.get_action("organization_list")({}, {"all_fields": True, "include_extras": True, "limit": 1000})
    by_code = {o["agency_code"]: o["name"] for o in orgs if o.get("agency_code")}
    records = group_by_list(fake.make_records(n * 13 // 10, org_codes=sorted(by_code), seed=7))[:n]
    if len(records) < n:
        raise SystemExit(f"only {len(records)} datasets from the generated records")
    started = time.perf_counter()
    progress = hb.Progress("package_create", n)
    upstream = None
    for i, record in enumerate(records, 1):
        mapped = map_catalog_record(record, default_phone="051-888-0000")
        dataset = dict(mapped.dataset, owner_org=by_code[mapped.agency.code], name=f"bench-{i}")
        created = tk.get_action("package_create")(hb.site_context(), enrich(dataset, i, upstream))
        upstream = created["id"] if i % 4 == 1 else upstream
        progress.update(i)
    return time.perf_counter() - started


def new_id(old: str, k: int) -> str:
    """The id of copy k of a row: the same md5 as the SQL below."""
    return str(uuid.UUID(hashlib.md5(f"{old}:{k}".encode()).hexdigest()))


# copy k of each dataset's rows; ids as new_id(), the name with a suffix
CLONE_SQL = {
    "package": "INSERT INTO package ({cols}) SELECT {vals} FROM package WHERE id = ANY(:ids)",
    "package_extra": "INSERT INTO package_extra ({cols}) SELECT {vals} FROM package_extra WHERE package_id = ANY(:ids)",
    "package_tag": "INSERT INTO package_tag ({cols}) SELECT {vals} FROM package_tag WHERE package_id = ANY(:ids)",
    "resource": "INSERT INTO resource ({cols}) SELECT {vals} FROM resource WHERE package_id = ANY(:ids)",
    "busan_quality_report": "INSERT INTO busan_quality_report ({cols}) SELECT {vals} FROM busan_quality_report "
    "WHERE package_id = ANY(:ids)",
    "member": "INSERT INTO member ({cols}) SELECT {vals} FROM member "
    "WHERE table_name = 'package' AND table_id = ANY(:ids)",
}
NEW_ID = "md5({col} || ':' || :k)::uuid::text"


def clone_datasets(total: int) -> int:
    """Copies of the created datasets up to `total` datasets: their rows copied in SQL and their
    index documents (what CKAN's indexer wrote for them) posted to Solr under the new ids and
    names. package_create runs at about 1 dataset a second on a busy 2-core machine: 10,000 of
    them would take hours, and a catalogue page costs the same whichever metadata it holds."""
    import ckan.model as model
    import sqlalchemy as sa
    from ckan.common import config

    query = model.Session.query(model.Package.id).filter_by(type="dataset").order_by(model.Package.name)
    ids = [row[0] for row in query]
    conn = model.Session.connection()
    columns = {
        table: [r[0] for r in conn.execute(sa.text(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = :t "
            "ORDER BY ordinal_position"
        ), {"t": table})]
        for table in CLONE_SQL
    }  # fmt: skip
    renamed = {"id": NEW_ID, "package_id": NEW_ID, "table_id": NEW_ID, "resource_id": NEW_ID}
    renamed["name"] = "{col} || '-c' || :k"
    # copy k is k hours newer, so a catalogue page (newest first) holds different datasets
    renamed["metadata_modified"] = "{col} + CAST(:k || ' hours' AS interval)"
    docs = sb._get(f"{sb.SOLR}/{CORE}/select?q=*:*&rows={len(ids)}&wt=json&fq=dataset_type:dataset")["response"]["docs"]
    site_id = config.get("ckan.site_id")
    made, k = len(ids), 0
    while made < total:
        k += 1
        chunk = ids[: total - made]
        for table, sql in CLONE_SQL.items():
            cols = columns[table]
            own = {"name", "metadata_modified"}  # package columns; other tables' columns of that name stay
            vals = ", ".join(
                (renamed[c] if c in renamed and not (table != "package" and c in own) else "{col}").format(col=c)
                for c in cols
            )
            conn.execute(sa.text(sql.format(cols=", ".join(cols), vals=vals)), {"ids": chunk, "k": str(k)})
        model.Session.commit()
        conn = model.Session.connection()
        wanted = set(chunk)
        copies = [clone_doc(doc, k, site_id) for doc in docs if doc["id"] in wanted]
        request = urllib.request.Request(
            f"{sb.SOLR}/{CORE}/update?wt=json",
            data=json.dumps(copies).encode(),
            headers={"Content-Type": "application/json"},
        )
        urllib.request.urlopen(request, timeout=600).read()
        made += len(chunk)
        hb.say(f"  copies: {made:,}/{total:,}")
    sb._get(f"{sb.SOLR}/{CORE}/update?commit=true&wt=json")
    return made - len(ids)


def clone_doc(doc: dict, k: int, site_id: str) -> dict:
    old = doc["id"]
    shift = dt.timedelta(hours=k)
    stored = json.loads(doc["validated_data_dict"])
    replace = {old: new_id(old, k), **{r["id"]: new_id(r["id"], k) for r in stored.get("resources") or []}}
    name = f"{doc['name']}-c{k}"
    out = {key: value for key, value in doc.items() if key not in ("_version_",)}
    for key in ("validated_data_dict", "data_dict"):
        text = doc[key]
        for before, after in replace.items():
            text = text.replace(before, after)
        loaded = json.loads(text)
        loaded["name"] = name
        if loaded.get("metadata_modified"):
            loaded["metadata_modified"] = (dt.datetime.fromisoformat(loaded["metadata_modified"]) + shift).isoformat()
        out[key] = json.dumps(loaded)
    modified = dt.datetime.fromisoformat(doc["metadata_modified"].rstrip("Z")) + shift
    out.update(id=replace[old], name=name, name_ngram=name, metadata_modified=modified.isoformat() + "Z")
    out["permission_labels"] = ["public"]  # not stored in the index; the originals are public
    out["index_id"] = hashlib.md5(f"{replace[old]}{site_id}".encode()).hexdigest()
    return out


def add_quality_reports() -> int:
    """Quality reports for every third dataset's resources, then those datasets reindexed (what
    the governance job does after a diagnosis)."""
    import ckan.model as model
    from ckan.lib.search import rebuild

    from ckanext.busan_governance.model import report_table

    query = model.Session.query(model.Package.id).filter_by(type="dataset").order_by(model.Package.name)
    ids = [row[0] for row in query]
    graded = ids[::3]
    now = dt.datetime.utcnow()
    rows = [
        {
            "id": str(uuid.uuid4()),
            "resource_id": res_id,
            "package_id": pkg_id,
            "version": "bench",
            "status": "done",
            "score": 70 + (n % 30),
            "grade": "ABCD"[n % 4],
            "compliance_rate": (n % 10) / 10,
            "created": now,
            "finished": now,
        }
        for n, (res_id, pkg_id) in enumerate(
            model.Session.query(model.Resource.id, model.Resource.package_id).filter(
                model.Resource.package_id.in_(graded), model.Resource.state == "active"
            )
        )
    ]
    model.Session.execute(report_table.insert(), rows)
    model.Session.commit()
    progress = hb.Progress("reindex graded", len(graded))
    for i, pkg_id in enumerate(graded, 1):
        rebuild(pkg_id)
        progress.update(i)
    return len(graded)


def dataset_count() -> int:
    import ckan.model as model

    count = model.Session.query(model.Package).filter_by(type="dataset", state="active").count()
    release_db()
    return count


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM). Not getrusage's ru_maxrss, which on Linux
    keeps the peak of the process it was forked from: a walk started after the data was made
    reported the data-making parent's peak."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024  # kB


def release_db() -> None:
    """Close this process's connections: an open transaction would block `ckan db clean`."""
    import ckan.model as model

    model.Session.remove()
    model.meta.engine.dispose()


# ---------------------------------------------------------------- one walk (own process)
def walk_main(args) -> None:
    """`_walk`: page 1 once untimed, then every page timed; prints a JSON line."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    from werkzeug.test import Client

    config = load_config(str(INI))
    extra = ""
    if args.stock:  # ckanext-dcat as it comes: its own catalogue action and euro_dcat_ap_3 alone
        config["ckan.plugins"] = " ".join(name for name in config["ckan.plugins"].split() if name != "busan_dcat_ap")
        config["ckanext.dcat.rdf.profiles"] = STOCK
    client = Client(make_app(config))

    def get(page: int) -> str:
        response = client.get(f"/catalog.ttl?page={page}{extra}")
        return response.get_data(as_text=True) if response.status_code == 200 else ""

    first = get(1)
    rss_before = hb.rss_mb()
    cpu_before = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, count, pages, page = time.perf_counter(), 0, 0, 1
    while True:
        found = get(page).count("a dcat:Dataset") if page <= args.pages else 0
        if not found:
            break
        count, pages, page = count + found, pages + 1, page + 1
    seconds = time.perf_counter() - started
    cpu = sum(resource.getrusage(resource.RUSAGE_SELF)[:2]) - cpu_before
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(hb.OUT_DIR / f"dcat-walk{'-stock' if args.stock else ''}.prof"))
    if args.first_page:
        Path(args.first_page).write_text(first, encoding="utf-8")
    out = {"seconds": seconds, "cpu_s": cpu, "datasets": count, "pages": pages, "rss_before_mb": rss_before}
    out["peak_rss_mb"] = peak_rss_mb()
    out["growth_mb"] = out["peak_rss_mb"] - rss_before
    print(json.dumps(out), flush=True)


def walk(stock: bool, *extra: str) -> dict:
    cmd = [sys.executable, __file__, "_walk", *(["--stock"] if stock else []), *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit("a catalogue walk failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def check_page(path: Path, result: dict) -> None:
    from ckanext.dcat.processors import RDFParser
    from rdflib import Graph

    text = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    rdf = RDFParser()
    rdf.parse(text, _format="turtle")
    parsed = list(rdf.datasets())
    result["parse_ms_per_dataset"] = 1000 * (time.perf_counter() - started) / max(len(parsed), 1)
    if SHAPES.exists():
        from tests.dcat.support import shacl_report  # the project's one SHACL call, as the tests run it

        started = time.perf_counter()
        violations, _warnings = shacl_report(Graph().parse(data=text, format="turtle"))
        result["shacl_page_s"], result["shacl_conforms"] = time.perf_counter() - started, not violations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--created", type=int, default=1000, help="datasets made by package_create, the rest copies")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the data when there are already N datasets")
    parser.add_argument(
        "--from-existing", action="store_true", help="the datasets already created are the originals: copy them up to N"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one Busan walk")
    args = parser.parse_args()
    fake = hb._fixtures()  # before CKAN loads: another top-level "tests" package could shadow ours
    write_ini()
    hb.INI = INI
    prepare_services()
    result: dict = {"datasets": args.datasets}
    with hb.ckan_app():
        present = dataset_count()
    if args.from_existing and 0 < present < args.datasets:
        with hb.ckan_app():
            hb.say(f"{present:,} datasets there: adding quality reports, copying them up to {args.datasets:,}")
            result["graded"] = add_quality_reports()
            result["copies"] = clone_datasets(args.datasets)
            release_db()
    elif not (args.reuse and present == args.datasets):
        hb.reset_portal()
        hb.ckan_cli("busan", "seed-orgs")
        with hb.ckan_app():
            created = min(args.created, args.datasets)
            hb.say(f"creating {created:,} datasets")
            result["create_s"] = create_datasets(created, fake)
            hb.say("adding quality reports")
            result["graded"] = add_quality_reports()
            hb.say(f"copying them up to {args.datasets:,} datasets")
            result["copies"] = clone_datasets(args.datasets)
            release_db()
    if args.runs < 1:  # --runs 0: the data only
        return
    page_one = hb.OUT_DIR / f"dcat-{args.datasets}-page1.ttl"
    runs: dict[str, list[dict]] = {"busan": [], "stock": []}
    for run in range(args.runs):
        for label in ("busan", "stock"):
            extra = ["--first-page", str(page_one)] if label == "busan" and run == 0 else []
            runs[label].append(walk(label == "stock", *extra))
            hb.say(f"  run {run + 1} {label}: {runs[label][-1]}")
    for label in runs:
        best = min(runs[label], key=lambda r: r["seconds"])
        result[label] = {
            **best,
            "ms_per_dataset": 1000 * best["seconds"] / max(best["datasets"], 1),
            "all_seconds": [r["seconds"] for r in runs[label]],
            "peak_rss_mb_max": max(r["peak_rss_mb"] for r in runs[label]),
            "growth_mb_max": max(r["growth_mb"] for r in runs[label]),
        }
    if args.profile:
        walk(False, "--profile")
    check_page(page_one, result)
    busan, stock = result["busan"], result["stock"]
    result["ratio"] = busan["seconds"] / stock["seconds"]
    result["cpu_ratio"] = busan["cpu_s"] / stock["cpu_s"]  # steadier than wall time on a busy machine
    hb.say(
        f"one walk of /catalog.ttl ({busan['datasets']:,} datasets, {busan['pages']} pages): "
        f"Busan {hb.fmt_s(busan['seconds'])} ({busan['ms_per_dataset']:.1f} ms per dataset, peak RSS "
        f"{busan['peak_rss_mb']:.0f} MB, +{busan['growth_mb']:.0f} MB), stock {STOCK} "
        f"{hb.fmt_s(stock['seconds'])} ({stock['ms_per_dataset']:.1f} ms, peak RSS {stock['peak_rss_mb']:.0f} MB, "
        f"+{stock['growth_mb']:.0f} MB): x{result['ratio']:.2f}, CPU of the walker {busan['cpu_s']:.1f} s against "
        f"{stock['cpu_s']:.1f} s: x{result['cpu_ratio']:.2f} (target <= {TARGET}: "
        f"{'PASS' if max(result['ratio'], result['cpu_ratio']) <= TARGET else 'FAIL'}); "
        f"parse {result['parse_ms_per_dataset']:.1f} ms per "
        f"dataset; SHACL of page 1 {result.get('shacl_page_s', float('nan')):.1f} s "
        f"(conforms: {result.get('shacl_conforms')})"
    )
    out = hb.OUT_DIR / f"dcat-{args.datasets}.json"
    out.write_text(json.dumps(result, indent=2))
    hb.say(f"results: {out}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_walk":
        walk_parser = argparse.ArgumentParser()
        walk_parser.add_argument("_walk")
        walk_parser.add_argument("--stock", action="store_true")
        walk_parser.add_argument("--profile", action="store_true")
        walk_parser.add_argument("--first-page")
        walk_parser.add_argument("--pages", type=int, default=10**9)
        walk_main(walk_parser.parse_args())
    else:
        main()
