"""Typo-tolerant title matching (pure)."""

import pytest

from ckanext.busan.search.autocomplete import candidate_query, normalise, rank, similarity

pytestmark = pytest.mark.pure


def test_normalise_drops_spaces_and_punctuation():
    assert normalise("부산광역시_공공 와이파이 (Wi-Fi)") == "부산광역시공공와이파이wifi"


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("경노당", "부산광역시 사하구_경로당 현황"),  # one letter of a syllable
        ("어린이짐", "부산광역시 해운대구_어린이집 현황"),
        ("택시 승감장", "부산광역시_택시 승강장 위치"),
        ("공공와이파이", "부산광역시_공공 와이파이 설치 현황"),  # spacing
        ("parkng", "Public parking lots"),
    ],
)
def test_a_typo_still_matches(typed, title):
    assert similarity(typed, title) >= 0.75


def test_unrelated_titles_do_not_match():
    assert similarity("경노당", "부산광역시_노인복지관 운영 현황") < 0.75
    assert similarity("버스정류서", "부산광역시_버스 도착정보 조회 서비스") < 0.75


def test_rank_puts_the_closest_first_and_cuts_at_the_limit():
    candidates = [
        {"name": "school-zones", "title": "부산광역시 북구_어린이보호구역 지정 현황"},
        {"name": "daycare", "title": "부산광역시 해운대구_어린이집 현황"},
        {"name": "library", "title": "부산광역시_공공도서관 현황"},
    ]
    assert [c["name"] for c in rank("어린이짐", candidates, 5)] == ["daycare", "school-zones"]
    assert [c["name"] for c in rank("어린이짐", candidates, 1)] == ["daycare"]


def test_candidate_query_uses_fuzzy_trigrams_and_bigrams():
    assert candidate_query("경노당") == "title_ngram:(경노당~1 OR 경노 OR 노당)"
    assert candidate_query("a") is None
    # no Solr syntax can come through: only letters and digits are left
    query = candidate_query('xy") OR *:* (')
    inner = query.removeprefix("title_ngram:(").removesuffix(")")
    assert all(term.removesuffix("~1").isalnum() for term in inner.split(" OR "))
