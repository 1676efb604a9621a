"""Valid Busan datasets for tests: every required field of the schema filled."""

from __future__ import annotations

import datetime as dt

NEXT_YEAR = (dt.date.today() + dt.timedelta(days=365)).isoformat()


def valid_dataset(**overrides) -> dict:
    data = {
        "title": "부산광역시 공영주차장 정보",
        "notes": "부산광역시 공영주차장의 위치와 주차면수",
        "category": "transport-logistics",
        "dept_name": "교통정책과",
        "dept_phone": "051-888-1234",
        "update_cycle": "annual",
        "next_registration_date": NEXT_YEAR,
        "spatial_districts": ["2600000000"],
    }
    data.update(overrides)
    return data
