"""Uploads: encoding detected again when a file is replaced, the type allow-list and the
size limit checked before anything is written."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ..builders import valid_dataset

TEXT = "구분,방문객수\n해운대,12345\n광안리,6789\n"


@pytest.fixture
def dataset(clean_db, clean_index):
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    created = tk.get_action("package_create")({"user": user["name"]}, valid_dataset(owner_org=org["id"]))
    return {"user": user, "dataset": created}


def test_replacing_the_file_detects_its_encoding_again(dataset, create_with_upload):
    ctx = {"user": dataset["user"]["name"]}
    first = create_with_upload(TEXT.encode("cp949"), "v.csv", context=dict(ctx), package_id=dataset["dataset"]["id"])
    assert first["encoding"] == "CP949"
    # The edit form sends the stored encoding back with the new file.
    replaced = create_with_upload(
        TEXT.encode("utf-8"), "v.csv", action="resource_update", context=dict(ctx), id=first["id"], encoding="CP949"
    )
    assert replaced["encoding"] == "UTF-8"
    # A publisher who changes the choice in the same edit is believed.
    chosen = create_with_upload(
        TEXT.encode("utf-8"), "v.csv", action="resource_update", context=dict(ctx), id=first["id"], encoding="EUC-KR"
    )
    assert chosen["encoding"] == "EUC-KR"


@pytest.mark.parametrize("filename", ["report.exe", "page.html", "drawing.svg", "noextension"])
def test_files_outside_the_allow_list_are_refused(dataset, create_with_upload, filename):
    with pytest.raises(tk.ValidationError) as refused:
        create_with_upload(
            b"MZ...", filename, context={"user": dataset["user"]["name"]}, package_id=dataset["dataset"]["id"]
        )
    assert "url" in refused.value.error_dict
    shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset["dataset"]["id"]})
    assert shown["resources"] == []


def test_files_over_the_size_limit_are_refused_before_writing(dataset, create_with_upload, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckan.max_resource_size", 1)  # MB
    with pytest.raises(tk.ValidationError) as refused:
        create_with_upload(
            b"a,b\n" * 300_000,
            "big.csv",
            context={"user": dataset["user"]["name"]},
            package_id=dataset["dataset"]["id"],
        )
    assert "MB" in refused.value.error_dict["url"][0]
    assert tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset["dataset"]["id"]})["resources"] == []
