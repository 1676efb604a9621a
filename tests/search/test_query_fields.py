"""Pure helpers of busan_search (no CKAN, no Solr)."""

import unicodedata

import pytest

from ckanext.busan.search.query_fields import CKAN_QUERY_FIELDS, escape_unknown_fields, with_korean_fields

pytestmark = pytest.mark.pure

KO = "title_ko^4 text_ko"
FIELDS = ["res_format", "tags", "title", "extras_*", "*_ko"]


def korean(params: dict) -> dict:
    return with_korean_fields(params, KO, FIELDS)


def test_adds_korean_fields_to_ckan_defaults():
    params = korean({"q": "해수욕장"})
    assert params["qf"] == f"{CKAN_QUERY_FIELDS} {KO}"
    assert "defType" not in params  # CKAN's dismax stays for plain words


def test_respects_callers_qf():
    assert korean({"q": "x", "qf": "title"})["qf"] == "title"


@pytest.mark.parametrize("q", ["해수욕장 res_format:CSV", "https://www.data.go.kr/data/15000000/fileData.do", "09:00"])
def test_queries_with_a_colon_go_to_edismax_with_korean_fields(q):
    params = korean({"q": q})
    assert params["defType"] == "edismax"
    assert params["qf"] == f"{CKAN_QUERY_FIELDS} {KO}"


def test_edismax_asked_for_keeps_korean_fields():
    params = korean({"q": "해수욕장", "defType": "edismax"})
    assert params["qf"].endswith(KO) and params["defType"] == "edismax"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("해수욕장 res_format:CSV", "해수욕장 res_format:CSV"),
        ("tags:버스 title:정류장", "tags:버스 title:정류장"),
        ("extras_source_url:x", "extras_source_url:x"),
        ("https://x.kr/a", "https\\:\\/\\/x.kr\\/a"),
        ("09:00 운행", "09\\:00 운행"),
        ("permission_labels:public", "permission_labels\\:public"),  # internal fields are text
        ('"a:b" c:d', '"a:b" c\\:d'),  # a quoted phrase is left as it is
        ("already\\:escaped", "already\\:escaped"),
    ],
)
def test_only_searchable_fields_keep_their_colon(q, expected):
    assert escape_unknown_fields(q, FIELDS) == expected


def test_leaves_other_parsers_alone():
    params = korean({"q": "x:y", "defType": "lucene"})
    assert "qf" not in params and params["q"] == "x:y"


def test_match_all_is_left_to_ckan():
    assert korean({"q": "*:*"})["q"] == "*:*"


def test_query_and_filters_are_nfc():
    nfd = unicodedata.normalize("NFD", "해운대")
    params = korean({"q": nfd, "fq": f'tags:"{nfd}"', "fq_list": [nfd]})
    assert params["q"] == "해운대" and params["fq"] == 'tags:"해운대"' and params["fq_list"] == ["해운대"]


def test_does_not_mutate_input():
    params = {"q": "x"}
    korean(params)
    assert params == {"q": "x"}
