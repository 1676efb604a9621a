"""Stored names of uploads with Korean file names (pure)."""

from __future__ import annotations

import unicodedata

import pytest
from ckan.lib.munge import munge_filename

from ckanext.busan.dataset.plugin import upload_filename

pytestmark = pytest.mark.pure


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("대기질.xlsx", "daegijil.xlsx"),
        ("버스 정류소.csv", "beoseu-jeongryuso.csv"),
        ("대기질_2024.csv", "daegijil_2024.csv"),
        (unicodedata.normalize("NFD", "대기질.xlsx"), "daegijil.xlsx"),  # macOS file names
        ("★.csv", "file.csv"),
        ("data.csv", "data.csv"),
    ],
)
def test_hangul_file_names_keep_a_name_and_their_extension(name, stored):
    # munge_filename is what CKAN applies next: the result must survive it
    assert munge_filename(upload_filename(name)) == stored
