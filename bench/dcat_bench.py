"""DCAT-AP catalogue benchmark, run on demand (never by CI or pytest).

    .local/venv/bin/python bench/dcat_bench.py [--datasets N] [--keep-data]

N datasets (default 1,000) made from the shared fixture generator
(``tests/harvest/fake_datagokr.make_records`` mapped by ``harvesters/mapping.py``, the same
records as the harvest benchmark) are created with ``package_create``; then every page of the
catalogue (``dcat_catalog_show``, 100 datasets a page, Turtle) is built twice, with the
portal's profiles (``euro_dcat_ap_3 busan_dcat_ap``) and with ckanext-dcat's alone, and the
first page is parsed back (``RDFParser``) and validated against the DCAT-AP 3.0.0 shapes (the
tests' pyshacl call). It prints milliseconds per dataset and what a full catalogue of 145,000
datasets (Busan's) would take, and writes ``.local/bench/dcat-{N}.json``.

Like bench/harvest_bench.py (whose helpers it uses), THIS RESETS THE DATABASE AND SOLR CORE
OF ITS INI: bench/bench.ini (the demo portal's busan_portal and core ``ckan``; ./scripts/demo.sh
seeds them again) or ``BUSAN_BENCH_INI``. It refuses the test site's database and core.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import harvest_bench as hb  # noqa: E402  (the harvest benchmark's CLI, app and context helpers)

CITY_DATASETS = 145_000
SHAPES = ROOT.parent / "shared" / "shacl" / "dcat-ap-3.0.0-SHACL.ttl"


def refuse_test_site() -> None:
    from ckan.cli import load_config

    bench, test = load_config(str(hb.INI)), load_config(str(ROOT / "test.ini"))
    for key in ("sqlalchemy.url", "solr_url"):
        if (bench.get(key) or "").rstrip("/") == (test.get(key) or "").rstrip("/"):
            raise SystemExit(f"{hb.INI} names the test site's {key}: this benchmark resets it")


def create_datasets(n: int, fake) -> float:
    import ckan.plugins.toolkit as tk

    from ckanext.busan.harvesters.mapping import group_by_list, map_catalog_record

    orgs = tk.get_action("organization_list")({}, {"all_fields": True, "include_extras": True, "limit": 1000})
    by_code = {o["agency_code"]: o["name"] for o in orgs if o.get("agency_code")}
    records = group_by_list(fake.make_records(n, org_codes=sorted(by_code), seed=7))
    started = time.perf_counter()
    progress = hb.Progress("package_create", len(records))
    for i, record in enumerate(records, 1):
        mapped = map_catalog_record(record, default_phone="051-888-0000")
        dataset = dict(mapped.dataset, owner_org=by_code[mapped.agency.code], name=f"bench-{i}")
        tk.get_action("package_create")(hb.site_context(), dataset)
        progress.update(i)
    return time.perf_counter() - started


def time_catalogue(profiles: list[str] | None) -> tuple[float, int, str]:
    """Seconds to build every page, the number of datasets, and page 1's Turtle."""
    import ckan.plugins.toolkit as tk
    from flask import current_app

    seconds, count, first, page = 0.0, 0, "", 1
    while True:
        with current_app.test_request_context(f"/catalog.ttl?page={page}"):
            started = time.perf_counter()
            text = tk.get_action("dcat_catalog_show")({}, {"page": page, "format": "ttl", "profiles": profiles})
            seconds += time.perf_counter() - started
        first = first or text
        found = text.count("a dcat:Dataset")
        if not found:
            return seconds, count, first
        count += found
        page += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--keep-data", action="store_true")
    args = parser.parse_args()
    fake = hb._fixtures()  # before CKAN loads: another top-level "tests" package could shadow ours
    refuse_test_site()
    hb.reset_portal()
    hb.ckan_cli("busan", "seed-orgs")
    result: dict = {"datasets": args.datasets}
    with hb.ckan_app():
        hb.say(f"creating {args.datasets} datasets")
        result["create_s"] = create_datasets(args.datasets, fake)
        for label, profiles in (("busan", None), ("euro_only", ["euro_dcat_ap_3"])):
            runs = [time_catalogue(profiles) for _ in range(2)]  # the first run warms caches
            seconds, count, first = runs[-1]
            result[label] = {"seconds": seconds, "datasets": count, "ms_per_dataset": 1000 * seconds / max(count, 1)}
            if label == "busan":
                page_one = first
        from ckanext.dcat.processors import RDFParser

        started = time.perf_counter()
        rdf = RDFParser()
        rdf.parse(page_one, _format="turtle")
        parsed = list(rdf.datasets())
        result["parse_ms_per_dataset"] = 1000 * (time.perf_counter() - started) / max(len(parsed), 1)
        if SHAPES.exists():
            from pyshacl import validate
            from rdflib import Graph

            started = time.perf_counter()
            conforms, _graph, _text = validate(
                data_graph=Graph().parse(data=page_one, format="turtle"),
                shacl_graph=str(SHAPES),
                inference="none",
                abort_on_first=False,
                allow_warnings=False,
                meta_shacl=False,
                advanced=False,
                debug=False,
            )
            result["shacl_page_s"], result["shacl_conforms"] = time.perf_counter() - started, conforms
        import ckan.model as model

        model.Session.remove()  # an open transaction here would block `ckan db clean` below
        model.meta.engine.dispose()
    if not args.keep_data:
        hb.reset_portal()
    busan, euro = result["busan"], result["euro_only"]
    full = CITY_DATASETS * busan["ms_per_dataset"] / 1000
    hb.say(
        f"catalogue pages: {busan['ms_per_dataset']:.1f} ms per dataset with the Busan profile, "
        f"{euro['ms_per_dataset']:.1f} ms with ckanext-dcat's alone (x{busan['seconds'] / euro['seconds']:.2f}); "
        f"a full catalogue of {CITY_DATASETS:,} datasets: {hb.fmt_s(full)}; parse "
        f"{result['parse_ms_per_dataset']:.1f} ms per dataset; SHACL of one page "
        f"{result.get('shacl_page_s', float('nan')):.1f} s (conforms: {result.get('shacl_conforms')})"
    )
    hb.OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = hb.OUT_DIR / f"dcat-{args.datasets}.json"
    out.write_text(json.dumps(result, indent=2))
    hb.say(f"results: {out}")


if __name__ == "__main__":
    main()
