"""Pure helpers of busan_search (no CKAN, no Solr)."""

import pytest

from ckanext.busan.search.query_fields import CKAN_QUERY_FIELDS, with_korean_fields

pytestmark = pytest.mark.pure

KO = "title_ko^4 text_ko"


def test_adds_korean_fields_to_ckan_defaults():
    params = with_korean_fields({"q": "해수욕장"}, KO)
    assert params["qf"] == f"{CKAN_QUERY_FIELDS} {KO}"


def test_respects_callers_qf():
    assert with_korean_fields({"q": "x", "qf": "title"}, KO)["qf"] == "title"


def test_leaves_fielded_queries_alone():
    assert "qf" not in with_korean_fields({"q": "tags:버스"}, KO)


def test_leaves_other_parsers_alone():
    assert "qf" not in with_korean_fields({"q": "x", "defType": "lucene"}, KO)


def test_does_not_mutate_input():
    params = {"q": "x"}
    with_korean_fields(params, KO)
    assert params == {"q": "x"}
