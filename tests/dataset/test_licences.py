"""The 공공누리 licence file loads from any checkout path, including one with spaces and
Hangul (/home/홍길동/my portal): CKAN opens file:// licence URLs without unquoting."""

from __future__ import annotations

import shutil

import ckan.model.license as ckan_license

from ckanext.busan.dataset.codelists import LICENSES_FILE
from ckanext.busan.dataset.plugin import licenses_url


def test_licences_load_from_a_path_with_spaces_and_hangul(tmp_path, ckan_config, monkeypatch):
    folder = tmp_path / "홍길동" / "my portal"
    folder.mkdir(parents=True)
    copy = folder / "licenses.json"
    shutil.copy(LICENSES_FILE, copy)
    monkeypatch.setitem(ckan_config, "licenses_group_url", licenses_url(copy))
    register = ckan_license.LicenseRegister()
    assert {lic.id for lic in register.licenses} == {
        "kogl-type1",
        "kogl-type2",
        "kogl-type3",
        "kogl-type4",
        "unrestricted",
    }
    assert register["kogl-type1"].title.startswith("공공누리 제1유형")
