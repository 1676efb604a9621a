"""An organisation's governance summary from search facets (pure: no CKAN import).

Everything comes from one search per organisation: the facet counts of the indexed
governance values (completeness score and band, quality grade, disclosure classification)
plus the number of overdue datasets (a query at today's date), so the dashboard costs a few
Solr queries whatever the number of datasets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GRADES = ("A", "B", "C", "D")
BANDS = ("high", "fair", "low")
CLASSIFICATIONS = ("open", "partial", "closed")


def _counts(items: list[dict]) -> dict[str, int]:
    return {str(i["name"]): int(i["count"]) for i in items or []}


def _mean(counts: dict[str, int]) -> float | None:
    """The mean of numeric facet values weighted by their counts."""
    pairs = [(float(value), n) for value, n in counts.items() if value.replace(".", "", 1).isdigit()]
    total = sum(n for _value, n in pairs)
    return sum(value * n for value, n in pairs) / total if total else None


@dataclass
class GovernanceSummary:
    organization: str
    title: str
    datasets: int = 0
    completeness_mean: float | None = None
    compliance_mean: float | None = None  # 표준준수율 (%) over the datasets diagnosed
    completeness_bands: dict[str, int] = field(default_factory=dict)
    quality_grades: dict[str, int] = field(default_factory=dict)
    not_diagnosed: int = 0
    overdue: int = 0
    classifications: dict[str, int] = field(default_factory=dict)
    private: int = 0
    harvest_errors: int = 0
    harvest_sources: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """With the chart series in a fixed order (bands high→low, grades A→D then not diagnosed)."""
        return {
            **self.__dict__,
            "band_values": [self.completeness_bands.get(b, 0) for b in BANDS],
            "grade_values": [self.quality_grades.get(g, 0) for g in GRADES] + [self.not_diagnosed],
        }

    def csv_row(self) -> dict:
        return {
            "organization": self.organization,
            "title": self.title,
            "datasets": self.datasets,
            "completeness_mean": "" if self.completeness_mean is None else f"{self.completeness_mean:.1f}",
            "compliance_mean": "" if self.compliance_mean is None else f"{self.compliance_mean:.1f}",
            **{f"completeness_{b}": self.completeness_bands.get(b, 0) for b in BANDS},
            **{f"grade_{g}": self.quality_grades.get(g, 0) for g in GRADES},
            "not_diagnosed": self.not_diagnosed,
            "overdue": self.overdue,
            **{f"classification_{c}": self.classifications.get(c, 0) for c in CLASSIFICATIONS},
            "private": self.private,
            "harvest_errors": self.harvest_errors,
        }


def summarise(
    organization: str,
    title: str,
    total: int,
    facets: dict,
    overdue: int,
    private: int,
    harvest_sources: list[dict] | None = None,
) -> GovernanceSummary:
    """facets: package_search's search_facets for metadata_completeness, metadata_quality,
    busan_quality_grade and security_classification; harvest_sources: [{title, errors}]."""
    mean = _mean(_counts(facets.get("metadata_completeness", {}).get("items")))
    grades = {g: n for g, n in _counts(facets.get("busan_quality_grade", {}).get("items")).items() if g in GRADES}
    classifications = _counts(facets.get("security_classification", {}).get("items"))
    # datasets indexed before the classification field existed count as open
    classifications["open"] = classifications.get("open", 0) + max(total - sum(classifications.values()), 0)
    sources = harvest_sources or []
    return GovernanceSummary(
        organization=organization,
        title=title,
        datasets=total,
        completeness_mean=mean,
        compliance_mean=_mean(_counts(facets.get("busan_compliance_rate", {}).get("items"))),
        completeness_bands={b: n for b, n in _counts(facets.get("metadata_quality", {}).get("items")).items()},
        quality_grades=grades,
        not_diagnosed=max(total - sum(grades.values()), 0),
        overdue=overdue,
        classifications=classifications,
        private=private,
        harvest_errors=sum(s.get("errors", 0) for s in sources),
        harvest_sources=sources,
    )


CSV_COLUMNS = list(GovernanceSummary("", "").csv_row())


def from_dict(summary: dict) -> GovernanceSummary:
    """Back from as_dict (the action's answer)."""
    return GovernanceSummary(**{k: v for k, v in summary.items() if k in GovernanceSummary.__dataclass_fields__})
