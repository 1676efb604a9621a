"""The frozen relevance set and recall@5 (pure: no CKAN import)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import yaml

RELEVANCE = Path(__file__).resolve().parent / "data" / "relevance.yaml"
# sha256 of relevance.yaml as frozen before tuning (commit 9b986a7): editing the set to fit the
# ranking would change it.
FROZEN_SHA256 = "251d0fc1ca9dc716023f782a5103527aa62814f55a3bf61ba986ee4aad9fd6ad"
TOP = 5


def queries() -> list[dict]:
    return yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))["queries"]


def sha256() -> str:
    return hashlib.sha256(RELEVANCE.read_bytes()).hexdigest()


def recall(expected: list[str], ranked: list[str], top: int = TOP) -> float:
    found = set(ranked[:top]) & set(expected)
    return len(found) / min(len(expected), top)


def recall_by_kind(results: list[tuple[dict, list[str]]]) -> dict[str, float]:
    """{kind: mean recall@5, ..., "overall": mean over every query}."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    for query, ranked in results:
        by_kind[query["kind"]].append(recall(query["expected"], ranked))
    report = {kind: sum(v) / len(v) for kind, v in by_kind.items()}
    every = [r for v in by_kind.values() for r in v]
    report["overall"] = sum(every) / len(every)
    return report
