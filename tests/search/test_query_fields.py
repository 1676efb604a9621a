"""Pure helpers of busan_search (no CKAN, no Solr)."""

import unicodedata

import pytest

from ckanext.busan.search.query_fields import (
    CKAN_QUERY_FIELDS,
    DEFAULT_MM,
    LOCAL_PARAMS,
    QUERY_PARSER,
    district_boost,
    district_codes,
    escape_unknown_fields,
    plain_text,
    with_korean_fields,
)

pytestmark = pytest.mark.pure

KO = "title_ko^4 text_ko"
FIELDS = ["res_format", "tags", "title", "extras_*", "*_ko"]

DISTRICTS = [("2635000000", "해운대구"), ("2614000000", "서구"), ("2644000000", "강서구"), ("2650000000", "수영구")]


def korean(params: dict) -> dict:
    return with_korean_fields(params, KO, FIELDS, districts=DISTRICTS)


def user_text(params: dict) -> str:
    """The query as edismax sees it: Solr's busan_edismax parser, no local parameters."""
    assert params["defType"] == QUERY_PARSER == "busan_edismax"
    return params["q"]


def test_adds_korean_fields_to_ckan_defaults():
    params = korean({"q": "해수욕장"})
    assert params["qf"] == f"{CKAN_QUERY_FIELDS} {KO}"
    # busan_edismax is edismax with q.op=OR, so that mm counts the words of each field's analysis
    assert user_text(params) == "해수욕장" and params["mm"] == DEFAULT_MM


def test_no_local_parameters_for_ckan_to_check():
    # CKAN parses a {!...} prefix with a grammar it builds on every search (docs/benchmarks.md)
    for q in ("해운대구에 있는 공영주차장 알려줘", "해수욕장 res_format:CSV"):
        assert "{" not in korean({"q": q})["q"]


def test_a_solr_without_the_plugin_gets_or_through_local_parameters():
    params = with_korean_fields({"q": "해수욕장 위치"}, KO, FIELDS, parser="edismax")
    assert params["defType"] == "lucene" and params["q"] == LOCAL_PARAMS + "해수욕장 위치"
    assert LOCAL_PARAMS == "{!edismax q.op=OR}" and params["mm"] == DEFAULT_MM
    assert with_korean_fields(params, KO, FIELDS, parser="edismax") == params


def test_respects_callers_qf():
    assert korean({"q": "x", "qf": "title"})["qf"] == "title"


@pytest.mark.parametrize("q", ["해수욕장 res_format:CSV", "https://www.data.go.kr/data/15000000/fileData.do", "09:00"])
def test_queries_with_a_colon_go_to_edismax_with_korean_fields(q):
    params = korean({"q": q})
    assert user_text(params)
    assert params["qf"] == f"{CKAN_QUERY_FIELDS} {KO}"


def test_edismax_asked_for_keeps_korean_fields():
    params = korean({"q": "해수욕장", "defType": "edismax"})
    assert params["qf"].endswith(KO) and user_text(params) == "해수욕장"


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
    assert user_text(params) == "해운대" and params["fq"] == 'tags:"해운대"' and params["fq_list"] == ["해운대"]


def test_does_not_mutate_input():
    params = {"q": "x"}
    korean(params)
    assert params == {"q": "x"}


def test_callers_mm_is_kept():
    assert korean({"q": "a b c", "mm": "100%"})["mm"] == "100%"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("부산에 있는 전통시장은 어디 있어요?", "부산에 있는 전통시장은 어디 있어요"),  # punctuation, not a wildcard
        ("정말!! 좋아요", "정말 좋아요"),
        ("PM2.5 농도", "PM2.5 농도"),  # a dot inside a word stays
        ("버스?정류장", "버스?정류장"),  # inside a word: the user's wildcard
    ],
)
def test_question_marks_ending_words_are_punctuation(q, expected):
    assert plain_text(q) == expected


@pytest.mark.parametrize("q", ["{!lucene}x", "}{!edismax qf=permission_labels}public", "a {!term f=name}b"])
def test_users_cannot_set_local_parameters(q):
    params = korean({"q": q})
    text = user_text(params)
    assert "{" not in text and "}" not in text


@pytest.mark.parametrize(
    ("q", "codes"),
    [
        ("해운대구 어린이집", ["2635000000"]),
        ("해운대구에 있는 공영주차장", ["2635000000"]),
        ("해운대 해수욕장", ["2635000000"]),  # the short name where it is not a common word
        ("강서구 건축허가", ["2644000000"]),  # not 서구 inside 강서구
        ("서구 민원", ["2614000000"]),
        ("수영장 현황", []),  # 수영 is swimming without 구
        ("수영구 동물병원", ["2650000000"]),
        ("공영주차장", []),
    ],
)
def test_districts_named_in_the_query(q, codes):
    assert district_codes(q, DISTRICTS) == codes


def test_district_datasets_are_lifted():
    params = korean({"q": "해운대구 어린이집"})
    assert params["boost"] == district_boost(["2635000000"]) == "if(termfreq(spatial_districts,'2635000000'),3,1)"
    assert "boost" not in korean({"q": "어린이집"})
    assert district_boost(["1", "2"]) == "if(or(termfreq(spatial_districts,'1'),termfreq(spatial_districts,'2')),3,1)"


def test_rewriting_twice_changes_nothing():
    once = korean({"q": "해운대구 경로당"})
    assert korean(once) == once
