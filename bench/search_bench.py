"""Search benchmark (on demand, never by CI or pytest): ``package_search`` with the Korean query
fields (busan_search) against stock CKAN's query fields, on the same index, in one run.

    .local/venv/bin/python bench/search_bench.py [--datasets 10000] [--rounds 5]

1. Solr core ``ckan_bench_search`` (its own, created through the CoreAdmin API with the
   project's config/solr conf; reloaded when that conf changed) is filled with N datasets from
   the relevance catalogue generator (tests/search/catalogue.py ``bulk``), indexed by CKAN's
   own ``index_package`` (so every plugin's before_dataset_index runs). The database is not
   written (its own database busan_bench_search holds the plugins' empty tables): the
   datasets exist in the index only, which is all package_search reads.
2. The frozen relevance set's search queries (tests/search/data/relevance.yaml, typos left out:
   they are autocomplete) are run through the ``package_search`` action as the search page
   asks (20 rows, the portal's facets), in two modes, alternating per query:
   - stock: busan_search's before_dataset_search bypassed, i.e. CKAN's dismax with
     ``qf = name^4 title^4 tags^2 groups^2 text``;
   - korean: the portal as configured (Solr's busan_edismax parser, nori fields, mm, district
     boost, synonyms).
   Each mode is warmed once, then timed ``--rounds`` times; p50/p95 and their ratios are printed
   and written to .local/bench/search.json. Target: korean <= 1.10 x stock.

Another Solr (e.g. one started with a new query parser plugin): BUSAN_SOLR=<its /solr URL>,
BUSAN_SOLR_HOME=<its home> and BUSAN_BENCH_SEARCH_INI=<an ini whose solr_url names its
ckan_bench_search core>.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INI = Path(os.environ.get("BUSAN_BENCH_SEARCH_INI", ROOT / "bench" / "search-bench.ini")).resolve()
SOLR = os.environ.get("BUSAN_SOLR", "http://127.0.0.1:8983/solr")
CORE = "ckan_bench_search"
DB = "busan_bench_search"
ADMIN_DB = os.environ.get("BUSAN_PG_ADMIN", "postgresql://postgres@127.0.0.1:5433/postgres")
# the running Solr's home (its cores' folders): BUSAN_SOLR_HOME with BUSAN_SOLR for another Solr
SOLR_HOME = Path(os.environ.get("BUSAN_SOLR_HOME", ROOT / ".local" / "solr-home")).resolve()
CONF = ROOT / "config" / "solr" / "home" / "ckan" / "conf"
OUT = ROOT / ".local" / "bench" / "search.json"
TARGET = 1.10
sys.path.insert(0, str(ROOT / "tests" / "search"))


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=300) as r:
        return json.load(r)


def ensure_core() -> None:
    """The benchmark's own core with the project's current Solr conf."""
    conf = SOLR_HOME / CORE / "conf"
    status = _get(f"{SOLR}/admin/cores?action=STATUS&core={CORE}&wt=json")["status"].get(CORE) or {}
    changed = not conf.exists() or any(
        not (conf / f.name).exists() or (conf / f.name).read_bytes() != f.read_bytes() for f in CONF.iterdir()
    )
    if changed:
        shutil.rmtree(conf, ignore_errors=True)
        shutil.copytree(CONF, conf)
    if not status.get("name"):
        (SOLR_HOME / CORE / "core.properties").unlink(missing_ok=True)
        _get(f"{SOLR}/admin/cores?action=CREATE&name={CORE}&instanceDir={CORE}&wt=json")
    elif changed:
        _get(f"{SOLR}/admin/cores?action=RELOAD&core={CORE}&wt=json")


def ensure_db() -> None:
    """The benchmark's own database with CKAN's and the plugins' tables (created once)."""
    exists = subprocess.run(
        ["psql", ADMIN_DB, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{DB}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists:
        return
    subprocess.run(
        ["psql", ADMIN_DB, "-c", f"CREATE DATABASE {DB} OWNER busan ENCODING 'UTF8' TEMPLATE template0"], check=True
    )
    ckan = str(Path(sys.executable).parent / "ckan")
    subprocess.run([ckan, "-c", str(INI), "db", "init"], check=True)
    subprocess.run([ckan, "-c", str(INI), "db", "pending-migrations", "--apply"], check=True)


def doc_count() -> int:
    return _get(f"{SOLR}/{CORE}/select?q=*:*&rows=0&wt=json")["response"]["numFound"]


def as_package(data: dict, orgs: dict, now: str) -> dict:
    """A package_show-like dict of a catalogue dataset (ids derived from names)."""
    pkg_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "busan-bench/" + data["name"]))
    org = orgs[data["owner_org"]]
    return {
        **data,
        "id": pkg_id,
        "type": "dataset",
        "state": "active",
        "private": False,
        "owner_org": str(uuid.uuid5(uuid.NAMESPACE_URL, "busan-bench-org/" + org["name"])),
        "organization": {"name": org["name"], "title": org["title_ko"]},
        "groups": [],
        "extras": [],
        "metadata_created": now,
        "metadata_modified": now,
        "resources": [
            {**r, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, pkg_id + "/" + str(i))), "package_id": pkg_id}
            for i, r in enumerate(data["resources"])
        ],
    }


def fill(n: int) -> float:
    import catalogue
    from ckan.lib.search import commit
    from ckan.lib.search.index import PackageSearchIndex

    delete = urllib.request.Request(
        f"{SOLR}/{CORE}/update?commit=true",
        data=b'{"delete": {"query": "*:*"}}',
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(delete, timeout=300).close()
    index = PackageSearchIndex()
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat()
    orgs = catalogue.organizations()
    start = time.perf_counter()
    for i, data in enumerate(catalogue.bulk(n), 1):
        index.index_package(as_package(data, orgs, now), defer_commit=True)
        if i % 1000 == 0:
            print(f"  indexed {i}", file=sys.stderr)
    commit()
    return time.perf_counter() - start


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    ensure_core()
    ensure_db()
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(str(INI)))
    import ckan.plugins.toolkit as tk
    import relevance

    from ckanext.busan.search.plugin import BusanSearchPlugin

    flask_app = getattr(app, "_wsgi_app", app)
    with flask_app.test_request_context():
        indexed_s = None
        if doc_count() != args.datasets:
            indexed_s = fill(args.datasets)
        assert doc_count() == args.datasets, doc_count()

        korean_hook = BusanSearchPlugin.before_dataset_search
        queries = [q["q"] for q in relevance.queries() if q["kind"] != "typo"]
        facets = tk.aslist(tk.config.get("search.facets"))

        # Where the time goes: Solr's share (pysolr's request, timed around the call) per mode.
        import pysolr

        solr_times: list[float] = []
        solr_search = pysolr.Solr.search

        def timed_solr(self, *a, **kw):
            start = time.perf_counter()
            try:
                return solr_search(self, *a, **kw)
            finally:
                solr_times.append(time.perf_counter() - start)

        pysolr.Solr.search = timed_solr
        solr: dict[str, list[float]] = {"stock": [], "korean": []}

        def search(q: str) -> tuple[float, int]:
            solr_times.clear()
            start = time.perf_counter()
            # ignore_auth: the datasets are not in the database, so the index holds no
            # permission labels to filter on (the same for both modes)
            result = tk.get_action("package_search")({"ignore_auth": True}, {"q": q, "rows": 20, "facet.field": facets})
            return time.perf_counter() - start, result["count"]

        def mode(name: str) -> None:
            BusanSearchPlugin.before_dataset_search = korean_hook if name == "korean" else (lambda self, params: params)

        times: dict[str, list[float]] = {"stock": [], "korean": []}
        found: dict[str, int] = {"stock": 0, "korean": 0}
        # like for like: the queries where both modes return a full page (the same work after Solr)
        rows: dict[str, dict[str, int]] = {"stock": {}, "korean": {}}
        same: dict[str, list[float]] = {"stock": [], "korean": []}
        for name in times:  # warm-up: caches, connections, Solr filter caches
            mode(name)
            for q in queries:
                search(q)
        for r in range(args.rounds):
            for i, q in enumerate(queries):
                order = ("stock", "korean") if (i + r) % 2 == 0 else ("korean", "stock")
                for name in order:
                    mode(name)
                    seconds, count = search(q)
                    times[name].append(seconds)
                    solr[name].append(sum(solr_times))
                    rows[name][q] = min(count, 20)
                    if r == 0:
                        found[name] += bool(count)
                if rows["stock"][q] == rows["korean"][q] == 20:
                    for name in order:
                        same[name].append(times[name][-1])
        mode("korean")
        pysolr.Solr.search = solr_search
        # CKAN checks a local-parameters prefix ({!edismax q.op=OR}, only with query_parser =
        # edismax) with a pyparsing grammar that it builds on each call: Korean mode only.
        from ckan.lib.search.query import _get_local_query_parser

        rewritten = [korean_hook(None, {"q": q})["q"] for q in queries]
        start = time.perf_counter()
        for q in rewritten:
            _get_local_query_parser(q)
        local_params_ms = (time.perf_counter() - start) / len(rewritten) * 1000
        start = time.perf_counter()
        for q in queries:
            korean_hook(None, {"q": q})
        rewrite_ms = (time.perf_counter() - start) / len(queries) * 1000

    result = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "datasets": args.datasets,
        "queries": len(queries),
        "rounds": args.rounds,
        "index_seconds": indexed_s,
        "queries_with_results": found,
    }
    for name, values in times.items():
        result[name] = {
            "p50_ms": pct(values, 0.5) * 1000,
            "p95_ms": pct(values, 0.95) * 1000,
            "mean_ms": statistics.mean(values) * 1000,
        }
    result["where"] = {
        **{f"{name}_solr_p50_ms": pct(v, 0.5) * 1000 for name, v in solr.items()},
        "korean_rewrite_ms": rewrite_ms,
        "ckan_local_params_check_ms": local_params_ms,
    }
    result["ratio_p50"] = result["korean"]["p50_ms"] / result["stock"]["p50_ms"]
    result["ratio_p95"] = result["korean"]["p95_ms"] / result["stock"]["p95_ms"]
    if same["stock"]:
        result["full_page_both"] = {
            "samples": len(same["stock"]),
            **{f"{name}_p50_ms": pct(v, 0.5) * 1000 for name, v in same.items()},
            **{f"{name}_p95_ms": pct(v, 0.95) * 1000 for name, v in same.items()},
        }
        fp = result["full_page_both"]
        fp["ratio_p50"] = fp["korean_p50_ms"] / fp["stock_p50_ms"]
        fp["ratio_p95"] = fp["korean_p95_ms"] / fp["stock_p95_ms"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    # Judged like for like: over all queries stock's query fields find nothing for most Korean
    # questions, and an empty result skips loading and serialising 20 datasets.
    print(
        f"package_search korean/stock, all {len(queries)} queries: p50 {result['ratio_p50']:.2f}x, "
        f"p95 {result['ratio_p95']:.2f}x (stock finds something for {found['stock']} of them, "
        f"Korean for {found['korean']})"
    )
    fp = result.get("full_page_both")
    if fp:
        ok = fp["ratio_p50"] <= TARGET and fp["ratio_p95"] <= TARGET
        print(
            f"package_search korean/stock where both return a full page ({fp['samples']} timings): "
            f"p50 {fp['ratio_p50']:.2f}x, p95 {fp['ratio_p95']:.2f}x (target <= {TARGET:.2f}x): "
            f"{'met' if ok else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
