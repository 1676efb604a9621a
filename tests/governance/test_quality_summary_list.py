"""busan_quality_summary_list: many datasets' quality summaries in one call, public ones only."""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ckanext.busan_governance import jobs
from ckanext.busan_governance.model import report_table

from ..builders import valid_dataset


def _dataset_with_report(org: dict, grade: str, score: float, **extra) -> dict:
    dataset = factories.Dataset(owner_org=org["id"], **valid_dataset(**extra))
    resource = factories.Resource(package_id=dataset["id"], url="https://example.kr/a.csv", format="CSV")
    now = dt.datetime.utcnow()
    model.Session.connection().execute(
        report_table.insert().values(
            resource_id=resource["id"], package_id=dataset["id"], version="v1", status="done",
            score=score, grade=grade, compliance_rate=0.8, created=now, finished=now,
        )
    )  # fmt: skip
    model.Session.commit()
    return dataset


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_public_datasets_get_the_jobs_summary_and_private_ones_nothing():
    org = factories.Organization()
    public = _dataset_with_report(org, "B", 80.0, title="공개 자료")
    private = _dataset_with_report(org, "D", 10.0, title="내부 자료", private=True)
    summary_list = tk.get_action("busan_quality_summary_list")
    found = summary_list({"user": ""}, {"package_ids": [public["id"], private["id"], "no-such-id"]})
    assert found == {public["id"]: jobs.dataset_summary(public["id"])}
    assert found[public["id"]]["grade"] == "B"


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("ids", [None, 7, [1, 2], {"a": 1}, ["x"] * 1001])
def test_anything_but_a_list_of_ids_is_a_field_error(ids):
    with pytest.raises(tk.ValidationError) as error:
        tk.get_action("busan_quality_summary_list")({"user": ""}, {"package_ids": ids})
    assert "package_ids" in error.value.error_dict
