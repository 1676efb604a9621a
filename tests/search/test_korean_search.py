"""Korean morpheme search through the real Solr core (nori analysis, busan_search)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ..builders import valid_dataset

TITLE = "해운대해수욕장 방문객 통계"
NOTES = "해운대구의 여름철 방문객 수를 집계한 자료"


def search(q: str, **extra) -> list[str]:
    result = tk.get_action("package_search")({"ignore_auth": True}, {"q": q, **extra})
    return [d["name"] for d in result["results"]]


@pytest.fixture
def beach_dataset(clean_db, clean_index):
    org = factories.Organization(name="busan", title="부산광역시")
    return factories.Dataset(**valid_dataset(name="haeundae-visitors", title=TITLE, notes=NOTES, owner_org=org["id"]))


@pytest.mark.parametrize("query", ["해수욕장", "방문객", "해운대구", "해운대", "해운대해수욕장", "여름철 방문객"])
def test_korean_morphemes_find_the_dataset(beach_dataset, query):
    assert search(query) == [beach_dataset["name"]]


@pytest.mark.parametrize("query", ["도서관", "지하철 노선", "대구"])
def test_unrelated_korean_words_do_not_match(beach_dataset, query):
    # "대구" (Daegu) guards the user dictionary: without it nori splits 해운대구 into 해운 + 대구.
    assert search(query) == []


def test_particles_are_ignored(beach_dataset):
    # "해운대구의" carries the particle 의; the query 해운대구가 carries 가: both reduce to 해운대구.
    assert search("해운대구가") == [beach_dataset["name"]]


QUESTION = "해운대구에 있는 해수욕장 방문객 위치 알려줘"


def test_a_question_naming_a_word_the_dataset_lacks_still_finds_it(beach_dataset):
    # 위치 (location) is nowhere in the dataset: minimum-match lets one of the question's four
    # words miss. That needs Solr's busan_edismax parser (q.op=OR): with CKAN's q.op=AND every
    # word would be required, as when the caller asks for all of them:
    assert search(QUESTION) == [beach_dataset["name"]]
    assert search(QUESTION, mm="100%") == []


def test_stock_fields_alone_miss_korean_morphemes(beach_dataset):
    # CKAN's own whitespace-tokenised fields see "해운대해수욕장" as one word: this is the
    # search that fails without the Korean fields, so the test above is not vacuous.
    assert search("해수욕장", qf="name^4 title^4 tags^2 groups^2 text") == []


def test_korean_tags_are_searchable(clean_db, clean_index):
    org = factories.Organization()
    factories.Dataset(
        **valid_dataset(
            name="bus-stops", title="Bus stops", notes="stops", owner_org=org["id"], tags=[{"name": "버스정류장"}]
        )
    )
    assert search("버스정류장") == ["bus-stops"]


def test_english_search_still_works(beach_dataset, clean_index):
    org = factories.Organization()
    factories.Dataset(**valid_dataset(name="parking", title="Public parking lots", notes="lots", owner_org=org["id"]))
    assert search("parking") == ["parking"]


@pytest.fixture
def beach_with_csv(clean_db, clean_index):
    org = factories.Organization(name="busan", title="부산광역시")
    return factories.Dataset(
        **valid_dataset(
            name="haeundae-visitors",
            title=TITLE,
            notes=NOTES,
            owner_org=org["id"],
            source_url="https://www.data.go.kr/data/15012345/fileData.do",
            resources=[{"url": "https://example.kr/visitors.csv", "format": "CSV", "name": "09:00 기준 방문객"}],
        )
    )


@pytest.mark.parametrize(
    "query",
    [
        "해수욕장 res_format:CSV",  # a field filter beside Korean words
        "res_format:CSV 해운대",
        "https://www.data.go.kr/data/15012345/fileData.do",  # a URL is searched as text
        "09:00 방문객",  # a time is text too
    ],
)
def test_korean_analysis_survives_a_colon(beach_with_csv, query):
    assert search(query) == [beach_with_csv["name"]]


def test_field_filter_still_filters(beach_with_csv):
    assert search("해수욕장 res_format:XLSX") == []


def test_edismax_asked_for_keeps_korean_analysis(beach_with_csv):
    assert search("해수욕장", defType="edismax") == [beach_with_csv["name"]]


@pytest.mark.parametrize(
    "query", ["permission_labels:public", "foo:bar", "a:b:c", "title:", ":", "((해수욕장", "/", "\\", '"해수욕장']
)
def test_odd_queries_are_answered_not_failed(app, beach_with_csv, query):
    # 200, or 400 "Search Query is invalid" for broken syntax: never a server error
    resp = app.get("/api/3/action/package_search", params={"q": query}, status=None)
    assert resp.status_code in (200, 400), resp.body
    page = app.get("/dataset/", params={"q": query}, status=None)
    assert page.status_code in (200, 400), page.body[:500]
