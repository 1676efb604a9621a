"""Page benchmark (on demand, never by CI or pytest): server time of the home, search and
dataset pages with this portal's templates against CKAN's stock templates, on the same data and
the same plugins, in one run.

    .local/venv/bin/python bench/page_bench.py [--datasets 300] [--requests 40] [--rounds 2]

1. Its own database ``busan_bench_pages``, Solr core ``ckan_bench_pages`` (the project's
   config/solr conf) and Redis db 14 (bench/page-bench.ini) are created on first run and filled
   with N datasets of the relevance catalogue generator (tests/search/catalogue.py ``bulk``,
   the same fixture as bench/search_bench.py) through ``package_create``, with the Busan
   organisations.
2. Each mode runs in a fresh process (a CKAN app is configured once per process):
   - themed: the portal as configured (config/busan.ini's plugins and their templates);
   - stock_ext ("stock templates"): the same plugins, data and helpers, with CKAN's and the stock
     extensions' own templates (activity, scheming, dcat, spatial, harvest, xloader, …) in
     their usual order and this project's template directories moved last, so they are reached
     only for files nothing else has (its schema's form and display snippets): the portal as
     stock CKAN with those extensions would render it, without this theme;
   - stock: CKAN core's template directory put before every plugin's (``extra_template_paths``):
     no extension's template at all (a stricter, lighter baseline, also reported).
   Requests go through CKAN's WSGI app (Flask's test client: no network, no web server), as an
   anonymous visitor, for ``/``, ``/dataset/``, ``/dataset/?q=주차장`` and a dataset page. After
   a warm-up pass, each page is requested ``--requests`` times (pages interleaved); the modes
   rotate for ``--rounds`` rounds. Medians per page and their ratios are printed and written
   to .local/bench/pages.json. Target: themed <= 1.2 x stock templates (stock_ext).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_bench  # noqa: E402  (the shared core/database helpers)

ROOT = Path(__file__).resolve().parents[1]
INI = Path(os.environ.get("BUSAN_BENCH_PAGES_INI", ROOT / "bench" / "page-bench.ini")).resolve()
CORE = "ckan_bench_pages"
DB = "busan_bench_pages"
OUT = ROOT / ".local" / "bench" / "pages.json"
TARGET = 1.2
# themed: the portal; stock_ext: the same plugins with CKAN's and the stock extensions' own
# templates (this project's only where nothing else has the file); stock: CKAN core's templates
# before every plugin's (no extension template at all)
MODES = ("themed", "stock_ext", "stock")
DATASET = "haeundaegu-public-parking"  # a district dataset of the catalogue (map, districts, resource)
PAGES = {
    "home": "/",
    "search": "/dataset/",
    "search_q": "/dataset/?q=" + urllib.parse.quote("주차장"),
    "dataset": f"/dataset/{DATASET}",
}
sys.path.insert(0, str(ROOT / "tests" / "search"))


def _app(mode: str):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    conf = load_config(str(INI))
    if mode == "stock":
        import ckan

        # Put before the plugins' template directories (they are appended to this setting).
        conf["extra_template_paths"] = str(Path(ckan.__file__).parent / "templates")
    app = make_app(conf)
    if mode == "stock_ext":
        # CKAN's and the stock extensions' templates first, in their usual order; this project's
        # directories last, reached only for what exists nowhere else (its schema's snippets)
        loader = getattr(app, "_wsgi_app", app).jinja_env.loader
        ours = [p for p in loader.searchpath if p.startswith(str(ROOT / "ckanext-busan"))]
        loader.searchpath[:] = [p for p in loader.searchpath if p not in ours] + ours
    # the whole WSGI stack (CKAN's middleware sets the request's language), not only Flask's app
    return app


def fill(n: int) -> None:
    """Organisations and n catalogue datasets through package_create (skipped when present)."""
    import catalogue
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    app = _app("themed")
    with getattr(app, "_wsgi_app", app).test_request_context():
        count = model.Session.query(model.Package).filter_by(state="active", type="dataset").count()
        if count == n:
            return
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        context = {"user": site_user["name"], "ignore_auth": True}
        for name, row in catalogue.organizations().items():
            if not model.Group.get(name):
                tk.get_action("organization_create")(dict(context), {"name": name, "title": row["title_ko"]})
        start = time.perf_counter()
        for i, data in enumerate(catalogue.bulk(n), 1):
            if not model.Package.get(data["name"]):
                tk.get_action("package_create")(dict(context), data)
            if i % 100 == 0:
                print(f"  created {i}", file=sys.stderr)
        print(f"  {n} datasets in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def measure(mode: str, requests: int) -> dict:
    """Median milliseconds per page in this process's mode."""
    from werkzeug.test import Client

    client = Client(_app(mode))
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    sizes = {}
    for name, path in PAGES.items():  # warm-up: template compilation, caches, connections
        for _ in range(3):
            r = client.get(path)
            assert r.status_code == 200, (mode, path, r.status_code)
        sizes[name] = len(r.get_data())
    for _ in range(requests):
        for name, path in PAGES.items():
            start = time.perf_counter()
            r = client.get(path)
            times[name].append(time.perf_counter() - start)
            assert r.status_code == 200, (mode, path, r.status_code)
    # proof that the modes differ: the theme's stylesheet is on the themed pages only
    marker = b"busan_theme" in client.get("/").get_data()
    return {"times": times, "bytes": sizes, "themed_markup": marker}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=300)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", choices=["fill", *MODES], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "fill":
        fill(args.datasets)
        return 0
    if args.child:
        print(json.dumps(measure(args.child, args.requests)))
        return 0

    search_bench.CORE, search_bench.DB, search_bench.INI = CORE, DB, INI
    search_bench.ensure_core()
    search_bench.ensure_db()
    me = [sys.executable, __file__, "--datasets", str(args.datasets), "--requests", str(args.requests)]
    subprocess.run([*me, "--child", "fill"], check=True)

    times: dict[str, dict[str, list[float]]] = {mode: {} for mode in MODES}
    info = {}
    for r in range(args.rounds):
        for mode in MODES[r % len(MODES) :] + MODES[: r % len(MODES)]:  # each mode first in turn
            out = subprocess.run([*me, "--child", mode], check=True, capture_output=True, text=True).stdout
            seen = json.loads(out.strip().splitlines()[-1])
            for page, values in seen["times"].items():
                times[mode].setdefault(page, []).extend(values)
            info[mode] = {"bytes": seen["bytes"], "themed_markup": seen["themed_markup"]}
    assert info["themed"]["themed_markup"] and not info["stock"]["themed_markup"], info
    assert not info["stock_ext"]["themed_markup"], info

    result = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "datasets": args.datasets,
        "requests_per_page": args.requests * args.rounds,
        "pages": {},
    }
    for page, path in PAGES.items():
        ms = {mode: statistics.median(times[mode][page]) * 1000 for mode in MODES}
        result["pages"][page] = {
            "path": path,
            **{f"{mode}_ms": round(ms[mode], 2) for mode in MODES},
            "ratio": round(ms["themed"] / ms["stock_ext"], 3),
            "ratio_core": round(ms["themed"] / ms["stock"], 3),
            **{f"{mode}_kb": round(info[mode]["bytes"][page] / 1024, 1) for mode in MODES},
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(json.dumps(result, indent=1, ensure_ascii=False))
    for page, row in result["pages"].items():
        ok = "met" if row["ratio"] <= TARGET else "NOT met"
        print(
            f"{page:9} {row['path'][:28]:28} themed {row['themed_ms']:6.1f} ms  stock templates "
            f"{row['stock_ext_ms']:6.1f} ms  {row['ratio']:.2f}x (target <= {TARGET:.1f}x: {ok})  "
            f"CKAN core templates only {row['stock_ms']:6.1f} ms  {row['ratio_core']:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
