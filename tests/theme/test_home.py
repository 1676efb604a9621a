"""The home page: category and 구·군 tiles, headline numbers, newest and most viewed datasets
and organisations, all from one aggregate of the public catalogue cached in Redis."""

from __future__ import annotations

import datetime as dt
import json

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.cli.cli import ckan as ckan_command
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories
from ckanext.harvest.model import HarvestJob

from ckanext.busan.theme import home
from ckanext.busan.theme.aggregate import cache_key

from ..builders import valid_dataset

HAEUNDAE = "2635000000"
SUYEONG = "2650000000"
PLACEHOLDERS = (
    "placeholder-420x220",
    "This is a featured section",
    "Welcome to CKAN",
    "nice introductory paragraph",
    "Lorem ipsum",
    "420 x 220",
)


@pytest.fixture
def fresh_cache():
    """Each test starts without a cached aggregate (Redis outlives the database reset)."""
    redis = connect_to_redis()
    redis.delete(cache_key())
    yield redis
    redis.delete(cache_key())


def _dataset(org, **fields) -> dict:
    user = factories.Sysadmin()
    return tk.get_action("package_create")({"user": user["name"]}, valid_dataset(owner_org=org["id"], **fields))


def _anonymous_count(fq: str) -> int:
    """What a visitor's search reports for a filter (the number a tile must show)."""
    return tk.get_action("package_search")({"user": ""}, {"fq": fq, "rows": 0})["count"]


def _page(app, url: str = "/") -> BeautifulSoup:
    resp = app.get(url)
    assert resp.status_code == 200
    return BeautifulSoup(resp.body, "html.parser")


def _tile_counts(soup: BeautifulSoup, attr: str) -> dict[str, int]:
    return {
        a[attr]: int(a.select_one("[data-count]")["data-count"])
        for a in soup.select(f"a[{attr}]")
        if a.select_one("[data-count]")
    }


def _stats(soup: BeautifulSoup) -> dict[str, str]:
    return {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in soup.select(".busan-stats .busan-stat")}


@pytest.fixture
def catalogue():
    city = factories.Organization(name="busan-city", title="부산광역시")
    haeundae = factories.Organization(name="busan-haeundaegu", title="부산광역시 해운대구")
    _dataset(city, name="parking-lots", title="공영주차장 현황", category="transport-logistics")
    _dataset(city, name="bus-stops", title="버스정류소 위치", category="transport-logistics", provision_type="open-api")
    _dataset(
        haeundae,
        name="beach-visitors",
        title="해운대해수욕장 방문객 통계",
        category="culture-tourism",
        spatial_districts=[HAEUNDAE],
    )
    _dataset(
        haeundae,
        name="secret-plan",
        title="비공개 내부 계획",
        category="transport-logistics",
        spatial_districts=[HAEUNDAE, SUYEONG],
        provision_type="open-api",
        private=True,
    )
    return {"city": city, "haeundae": haeundae}


@pytest.mark.usefixtures("clean_db", "clean_index", "fresh_cache")
class TestHomeCounts:
    def test_tiles_show_what_the_search_reports_for_their_filter_without_private_datasets(self, app, catalogue):
        soup = _page(app)
        categories = _tile_counts(soup, "data-category")
        assert len(categories) == 16  # every category of the code list, empty ones too
        for code, shown in categories.items():
            assert shown == _anonymous_count(f'category:"{code}"'), code
        assert categories["transport-logistics"] == 2  # the private third one is not counted
        assert categories["culture-tourism"] == 1 and categories["education"] == 0

        districts = _tile_counts(soup, "data-district")
        assert len(districts) == 16 and "2600000000" not in districts  # 16 구·군, not "all of Busan"
        for code, shown in districts.items():
            assert shown == _anonymous_count(f'spatial_districts:"{code}"'), code
        assert districts[HAEUNDAE] == 1 and districts[SUYEONG] == 0

        stats = _stats(soup)
        assert stats["데이터셋"] == "3" == str(_anonymous_count("+dataset_type:dataset"))
        assert stats["기관"] == "2"
        assert stats["오픈API"] == "1"  # bus-stops; the private open API is not counted
        assert stats["수집원"] == "0" and stats["최근 수집"] == "수집 이력 없음"
        assert "비공개 내부 계획" not in soup.get_text()

    def test_a_sysadmin_filling_the_cache_does_not_count_private_datasets(self, app, catalogue):
        # the aggregate is shared by every visitor: it is computed anonymously whoever comes first
        admin = factories.Sysadmin()
        token = factories.APIToken(user=admin["name"])["token"]
        soup = BeautifulSoup(app.get("/", headers={"Authorization": token}).body, "html.parser")
        assert _tile_counts(soup, "data-category")["transport-logistics"] == 2
        assert _stats(soup)["데이터셋"] == "3"
        assert "비공개 내부 계획" not in soup.select_one(".busan-home").get_text()

    def test_tiles_link_to_the_filtered_search(self, app, catalogue):
        soup = _page(app)
        tile = soup.select_one('a[data-category="transport-logistics"]')
        assert tile.select_one(".busan-tile-label").get_text(strip=True) == "교통물류"
        assert tile.select_one(".busan-tile-count").get_text(strip=True) == "2건"
        search = _page(app, tile["href"])
        names = {a["href"].rsplit("/", 1)[-1] for a in search.select(".dataset-heading a")}
        assert names == {"parking-lots", "bus-stops"}
        district = soup.select_one(f'a[data-district="{HAEUNDAE}"]')
        assert district.select_one(".busan-district-label").get_text(strip=True) == "해운대구"
        names = {a["href"].rsplit("/", 1)[-1] for a in _page(app, district["href"]).select(".dataset-heading a")}
        assert names == {"beach-visitors"}

    def test_newest_datasets_and_organisations(self, app, catalogue):
        soup = _page(app)
        newest = [a.get_text(strip=True) for a in soup.select("#busan-home-newest + ol a")]
        assert newest == ["해운대해수욕장 방문객 통계", "버스정류소 위치", "공영주차장 현황"]
        orgs = {
            a.select_one(".busan-org-title").get_text(strip=True): a.select_one(".busan-org-count").get_text(strip=True)
            for a in soup.select(".busan-orgs a")
        }
        assert orgs == {"부산광역시": "2건", "부산광역시 해운대구": "1건"}

    def test_english_labels_from_the_same_aggregate(self, app, catalogue):
        soup = _page(app, "/en/")
        tile = soup.select_one('a[data-category="transport-logistics"]')
        assert tile.select_one(".busan-tile-label").get_text(strip=True) == "Transport and logistics"
        assert tile.select_one(".busan-tile-count").get_text(strip=True) == "2 datasets"
        assert _stats(soup)["Datasets"] == "3"


@pytest.mark.usefixtures("clean_db", "clean_index", "fresh_cache")
def test_one_cached_aggregate_serves_the_page_until_it_expires(app, catalogue, fresh_cache, ckan_config):
    _page(app)
    cached = fresh_cache.get(cache_key())
    assert cached, "the first render stores the aggregate"
    ttl = fresh_cache.ttl(cache_key())
    assert 0 < ttl <= ckan_config["ckanext.busan.home.cache_seconds"]
    assert json.loads(cached)["categories"]["transport-logistics"] == 2

    # A new dataset is in the index, but the second render reads the cached aggregate: no new
    # search ran, so its tiles still show the cached numbers.
    _dataset(catalogue["city"], name="bike-stations", title="공공자전거 대여소", category="transport-logistics")
    assert _anonymous_count('category:"transport-logistics"') == 3
    soup = _page(app)
    assert _tile_counts(soup, "data-category")["transport-logistics"] == 2
    assert fresh_cache.get(cache_key()) == cached

    fresh_cache.delete(cache_key())  # what expiry does
    assert _tile_counts(_page(app), "data-category")["transport-logistics"] == 3


@pytest.mark.usefixtures("clean_db", "clean_index", "fresh_cache")
def test_harvest_sources_and_last_harvest(app, catalogue):
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    source = tk.get_action("harvest_source_create")(
        {"user": site, "ignore_auth": True},
        {
            "owner_org": catalogue["city"]["id"],
            "url": "http://127.0.0.1:9/catalog.ttl",
            "name": "city-dcat",
            "title": "부산광역시 DCAT",
            "source_type": "busan_dcat",
        },
    )
    HarvestJob(source_id=source["id"], status="Finished", finished=dt.datetime(2026, 11, 24, 17, 30)).save()
    HarvestJob(source_id=source["id"], status="Running").save()
    stats = _stats(_page(app))
    assert stats["수집원"] == "1"
    # 17:30 UTC is 02:30 the next day in Korea (ckan.display_timezone)
    assert stats["최근 수집"] == "2026-11-25 02:30"


@pytest.mark.usefixtures("clean_db", "clean_index", "fresh_cache")
@pytest.mark.ckan_config("ckanext.busan.home.cache_seconds", 0)
def test_cache_seconds_zero_computes_every_time(app, catalogue, fresh_cache):
    _page(app)
    assert fresh_cache.get(cache_key()) is None


@pytest.mark.usefixtures("clean_db", "clean_index", "fresh_cache")
def test_most_viewed_after_the_tracking_update(app, catalogue, cli):
    def view(url, ip):
        environ = {"HTTP_USER_AGENT": "firefox", "REMOTE_ADDR": ip, "HTTP_ACCEPT_LANGUAGE": "ko"}
        app.post("/_tracking", data={"url": url, "type": "page"}, environ_overrides=environ)

    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        view("/dataset/beach-visitors", ip)
    view("/dataset/parking-lots", "10.0.0.1")
    view("/dataset/secret-plan", "10.0.0.1")

    soup = _page(app)
    assert soup.select("#busan-home-popular + ol") == []  # nothing summed yet
    assert soup.select_one("#busan-home-popular + p.busan-empty")

    result = cli.invoke(ckan_command, ["tracking", "update"])
    assert result.exit_code == 0, result.output
    connect_to_redis().delete(cache_key())
    popular = [a.get_text(strip=True) for a in _page(app).select("#busan-home-popular + ol a")]
    assert popular == ["해운대해수욕장 방문객 통계", "공영주차장 현황"]  # never the private dataset


@pytest.mark.usefixtures("clean_db", "clean_index", "fresh_cache")
def test_search_box_suggests_titles_from_the_dataset_autocomplete(app, catalogue):
    soup = _page(app)
    box = soup.select_one("form.busan-home-search input[name=q]")
    assert "autocomplete" in box["data-module"].split()
    assert soup.select_one(f'label[for="{box["id"]}"]')
    assert soup.select_one("form.busan-home-search")["action"].endswith("/dataset/")
    source = box["data-module-source"]
    assert source.endswith("?incomplete=?")
    # what the module requests while a visitor types (with a typo: 방문걕)
    body = app.get(source.replace("?incomplete=?", "?incomplete=해운대해수욕장 방문걕")).json
    titles = [row[box["data-module-key"]] for row in body["ResultSet"]["Result"]]
    assert "해운대해수욕장 방문객 통계" in titles


@pytest.mark.usefixtures("clean_db", "clean_index", "fresh_cache")
@pytest.mark.parametrize("url", ["/", "/en/"])
def test_no_placeholder_text_or_image(app, url):
    body = app.get(url).body
    for placeholder in PLACEHOLDERS:
        assert placeholder not in body, placeholder
    soup = BeautifulSoup(body, "html.parser")
    assert all(img.get("alt") for img in soup.select("img")), "every image has alt text"


@pytest.mark.pure
def test_summary_keeps_only_what_the_page_shows():
    search = {
        "count": 4,
        "search_facets": {
            "category": {"items": [{"name": "education", "count": 3}]},
            "organization": {
                "items": [
                    {"name": "b", "display_name": "나 기관", "count": 1},
                    {"name": "a", "display_name": "가 기관", "count": 3},
                ]
            },
        },
        "results": [{"name": "x", "title": "X", "organization": {"title": "가 기관"}, "notes": "long" * 500}],
    }
    summary = home.summarize(search, [], {"organizations": 2, "open_apis": 0})
    assert summary["categories"] == {"education": 3} and summary["districts"] == {}
    assert [o["name"] for o in summary["organizations_top"]] == ["a", "b"]
    assert summary["newest"] == [
        {"name": "x", "title": "X", "organization": "가 기관", "metadata_created": None, "views": 0}
    ]
    tiles = home.category_tiles(summary["categories"], "ko_KR")
    assert len(tiles) == 16 and {t["count"] for t in tiles} == {0, 3}
    assert all(t["icon"].startswith("fa-") for t in tiles)
    assert [t["label"] for t in home.district_tiles({}, "en")][:2] == ["Jung-gu", "Seo-gu"]
