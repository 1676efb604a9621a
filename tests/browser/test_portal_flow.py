"""A visitor's way through the portal in a real browser (Debian's headless chromium, map tiles
blocked), at 1280 px and 390 px: a Korean search from the home page, a category tile, a 구·군
filter and a format facet, a dataset page, an area drawn on the search page's map, English
and back. Screenshots of every step: test-artifacts/portal-flow/<width>-<n>-<step>.png."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import parse_qs, urlparse

import pytest
from ckan.tests import factories

from ..builders import valid_dataset
from .portal import BROWSER_DIR, running_portal

pytestmark = pytest.mark.browser
HAEUNDAE, SAHA = "2635000000", "2638000000"


def _catalogue() -> dict[str, dict]:
    haeundae = factories.Organization(name="busan-haeundaegu", title="부산광역시 해운대구")
    saha = factories.Organization(name="busan-sahagu", title="부산광역시 사하구")

    def dataset(name, title, org, district, category, fmt):
        pkg = factories.Dataset(
            **valid_dataset(
                name=name,
                title=title,
                notes=f"{title} 자료",
                owner_org=org["id"],
                spatial_districts=[district],
                category=category,
            )
        )
        factories.Resource(package_id=pkg["id"], name=title, url=f"https://data.busan.go.kr/{name}.{fmt}", format=fmt)
        return pkg

    return {
        "parking-haeundae": dataset(
            "haeundae-public-parking", "해운대구 공영주차장 현황", haeundae, HAEUNDAE, "transport-logistics", "CSV"
        ),
        "beach-haeundae": dataset(
            "haeundae-beach-visitors", "해운대해수욕장 방문객 통계", haeundae, HAEUNDAE, "culture-tourism", "CSV"
        ),
        "cctv-haeundae": dataset(
            "haeundae-cctv", "해운대구 방범 CCTV 위치", haeundae, HAEUNDAE, "disaster-safety", "XLSX"
        ),
        "parking-saha": dataset(
            "saha-public-parking", "사하구 공영주차장 현황", saha, SAHA, "transport-logistics", "CSV"
        ),
        "market-saha": dataset("saha-markets", "사하구 전통시장 현황", saha, SAHA, "industry-employment", "CSV"),
    }


def _paths(results: list[dict]) -> set[str]:
    return {r["href"].rstrip("/").rsplit("/", 1)[-1] for r in results}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_visitor_flow_from_home_to_dataset_map_and_english(artifacts_dir):
    datasets = _catalogue()
    out_dir = artifacts_dir / "portal-flow"
    with running_portal() as base:
        run = subprocess.run(
            [
                "node",
                str(BROWSER_DIR / "portal_flow.mjs"),
                base,
                str(out_dir),
                "해운대 주차장",
                HAEUNDAE,
                "transport-logistics",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout)
    names = {key: d["name"] for key, d in datasets.items()}
    problems = []

    def check(width, ok, what):
        if not ok:
            problems.append(f"{width} px: {what}")

    for width, s in seen.items():
        problems.extend(f"{width} px: {e}" for e in s["errors"])
        check(width, s.get("homeLang", "").split("-")[0] == "ko", f"home page lang is {s.get('homeLang')!r}")
        check(
            width,
            s.get("searchSubmittedBy") == "Enter",
            f"Enter in the home search box did not search ({s.get('searchWidget')})",
        )
        if "searchResults" in s:
            # the Korean query (a district and a compound) finds 해운대구's parking first
            first = _paths(s["searchResults"][:1])
            check(width, first == {names["parking-haeundae"]}, f"first result of '해운대 주차장': {s['searchResults']}")
            check(width, any("해운대구 공영주차장 현황" in h for h in s["firstResultH1"]), s["firstResultH1"])
        if "categoryResults" in s:
            category = parse_qs(urlparse(s["categoryUrl"]).query).get("category", [""])[0]
            check(width, category == "transport-logistics", f"the tile led to {s['categoryUrl']}")
            check(
                width,
                _paths(s["categoryResults"]) == {names["parking-haeundae"], names["parking-saha"]},
                f"교통물류 tile: {s['categoryResults']}",
            )
        if "districtResults" in s:
            check(
                width,
                _paths(s["districtResults"])
                == {names["parking-haeundae"], names["beach-haeundae"], names["cctv-haeundae"]},
                f"해운대구 filter: {s['districtResults']}",
            )
        if "facetResults" in s:
            check(
                width,
                _paths(s["facetResults"]) == {names["parking-haeundae"], names["beach-haeundae"]},
                f"해운대구 + CSV: {s['facetResults']}",
            )
            check(width, s["datasetH1"] and s["datasetUrl"].split("/dataset/")[1] in names.values(), s["datasetUrl"])
        if "areaResults" in s:
            bbox = parse_qs(urlparse(s["areaUrl"]).query).get("ext_bbox", [""])[0]
            check(width, bool(bbox), f"the drawn area is not in the search URL: {s['areaUrl']}")
            found = _paths(s["areaResults"])
            # 해운대구's datasets (their district's extent) intersect the area, 사하구's do not
            check(width, names["parking-haeundae"] in found, f"area {bbox}: {s['areaResults']}")
            check(width, not found & {names["parking-saha"], names["market-saha"]}, f"area {bbox}: {s['areaResults']}")
        if "englishLang" in s:
            check(width, s["englishLang"].split("-")[0] == "en", f"English page lang {s['englishLang']!r}")
            check(width, "/en/" in s["englishUrl"], s["englishUrl"])
        if "koreanLang" in s:
            check(width, s["koreanLang"].split("-")[0] == "ko", f"back to Korean: lang {s['koreanLang']!r}")
            check(width, "/en/" not in s["koreanUrl"], s["koreanUrl"])
        for n, step in enumerate(s["steps"], 1):
            check(width, (out_dir / f"{width}-{n}-{step}.png").stat().st_size > 5_000, f"screenshot {step}")
        check(width, len(s["steps"]) == 12, f"steps done: {s['steps']}")
    assert not problems, "\n".join(problems)
