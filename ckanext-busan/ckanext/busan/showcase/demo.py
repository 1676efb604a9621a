"""Generated, deterministic tables of the demo showcases (pure: no CKAN import)."""

from __future__ import annotations

import datetime as dt
import random

SUMMER = [dt.date(2025, 7, 1) + dt.timedelta(days=i) for i in range(62)]
STATIONS = [  # 측정소, 구군, 위도, 경도, PM10 base
    ("광복동", "중구", 35.0988, 129.0303, 38),
    ("연산동", "연제구", 35.1856, 129.0819, 33),
    ("좌동", "해운대구", 35.1696, 129.1779, 27),
    ("광안동", "수영구", 35.1552, 129.1185, 29),
    ("학장동", "사상구", 35.1491, 128.9855, 45),
    ("장림동", "사하구", 35.0815, 128.9610, 48),
    ("명지동", "강서구", 35.0905, 128.9080, 41),
    ("기장읍", "기장군", 35.2445, 129.2222, 26),
    ("전포동", "부산진구", 35.1526, 129.0651, 36),
    ("덕천동", "북구", 35.2106, 129.0053, 34),
]


def _is_busy(day: dt.date) -> bool:
    return day.weekday() >= 5 or dt.date(2025, 8, 14) <= day <= dt.date(2025, 8, 17)


def beach_rows() -> tuple[list[dict], list[dict]]:
    rng = random.Random(2025)
    fields = [
        {"id": "일자", "type": "date"},
        {"id": "방문객수", "type": "numeric"},
        {"id": "최고기온", "type": "numeric"},
    ]
    rows = []
    for day in SUMMER:
        peak = 1.0 if dt.date(2025, 7, 20) <= day <= dt.date(2025, 8, 20) else 0.6
        visitors = int((180_000 if _is_busy(day) else 95_000) * peak * rng.uniform(0.85, 1.15))
        rows.append({"일자": day.isoformat(), "방문객수": visitors, "최고기온": round(rng.uniform(28, 34), 1)})
    return fields, rows


def ridership_rows() -> tuple[list[dict], list[dict]]:
    _, beach = beach_rows()
    rng = random.Random(7)
    fields = [
        {"id": "일자", "type": "date"},
        {"id": "승차인원", "type": "numeric"},
        {"id": "하차인원", "type": "numeric"},
    ]
    rows = []
    for record in beach:
        alighting = int(21_000 + record["방문객수"] * 0.12 * rng.uniform(0.9, 1.1))
        rows.append(
            {"일자": record["일자"], "승차인원": int(alighting * rng.uniform(0.92, 1.02)), "하차인원": alighting}
        )
    return fields, rows


def air_rows() -> tuple[list[dict], list[dict]]:
    rng = random.Random(10)
    fields = [
        {"id": "측정소", "type": "text"},
        {"id": "구군", "type": "text"},
        {"id": "위도", "type": "numeric"},
        {"id": "경도", "type": "numeric"},
        {"id": "PM10", "type": "numeric"},
        {"id": "PM2.5", "type": "numeric"},
    ]
    rows = [
        {"측정소": s, "구군": g, "위도": lat, "경도": lon, "PM10": base, "PM2.5": round(base * rng.uniform(0.45, 0.55))}
        for s, g, lat, lon, base in STATIONS
    ]
    return fields, rows


TABLES = {"beach": beach_rows, "ridership": ridership_rows, "air": air_rows}
