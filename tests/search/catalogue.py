"""A realistic Busan catalogue for relevance tests and the search benchmark.

``tests/search/data/catalogue.yaml`` lists dataset topics; ``datasets()`` expands them into
package_create dicts (one per 구·군 for district topics, one for the city otherwise) and
``bulk(n)`` varies them (other districts, years) to any size for the benchmark.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[2]
ORGS_CSV = ROOT / "config" / "seed" / "organizations.csv"
NEXT_YEAR = (dt.date.today() + dt.timedelta(days=365)).isoformat()
CITY_CODE = "2600000000"


@cache
def organizations() -> dict[str, dict]:
    with ORGS_CSV.open(encoding="utf-8") as f:
        return {row["name"]: row for row in csv.DictReader(f)}


@cache
def topics() -> list[dict]:
    return yaml.safe_load((DATA / "catalogue.yaml").read_text(encoding="utf-8"))["topics"]


def district_orgs() -> list[str]:
    return [name for name, row in organizations().items() if row["org_type"] == "district"]


def _dataset(topic: dict, org: str, year: int | None = None) -> dict:
    row = organizations()[org]
    district = row["org_type"] == "district"
    area = row["title_ko"].replace("부산광역시 ", "") if district else "부산광역시"
    # data.go.kr style: "<기관명>_<데이터명>", the city's agencies without the city prefix
    title = f"{row['title_ko']}_{topic['title']}"
    name = f"{org.removeprefix('busan-') if district else org}-{topic['key']}"
    if year:
        title, name = f"{title} ({year}년)", f"{name}-{year}"
    notes = topic["notes"].replace("{area}", area)
    return {
        "name": name if org != "busan" else f"busan-{topic['key']}" + (f"-{year}" if year else ""),
        "title": title,
        "notes": notes,
        "owner_org": org,
        "tags": [{"name": t} for t in topic["tags"]],
        "category": topic["category"],
        "dept_name": topic["dept"],
        "dept_phone": "051-888-0000",
        "update_cycle": "annual",
        "next_registration_date": NEXT_YEAR,
        "spatial_districts": [row["legal_dong_code"]] if district else [CITY_CODE],
        "license_id": "kogl-type1",
        "resources": [
            {"name": f"{topic['title']} 파일", "url": f"https://data.busan.example/{name}.csv", "format": "CSV"}
        ],
    }


def datasets() -> list[dict]:
    """The relevance catalogue (about 170 datasets)."""
    out = []
    for topic in topics():
        if "districts" in topic:
            out.extend(_dataset(topic, f"busan-{d}") for d in topic["districts"])
        else:
            out.append(_dataset(topic, topic.get("org", "busan")))
    return out


def bulk(n: int) -> list[dict]:
    """n datasets for the benchmark: the catalogue, then every district topic in every 구·군 and
    every topic for past years, until n."""
    seen: set[str] = set()
    out: list[dict] = []

    def add(d: dict) -> bool:
        if d["name"] not in seen:
            seen.add(d["name"])
            out.append(d)
        return len(out) >= n

    for d in datasets():
        if add(d):
            return out
    for year in itertools.count(2025, -1):
        for topic in topics():
            orgs = district_orgs() if "districts" in topic else [topic.get("org", "busan")]
            for org in orgs:
                if add(_dataset(topic, org, year)):
                    return out
