"""Organisation pages show the 행정기관코드 with its code system, the organisation type and how
fresh its datasets are (busan_metadata_quality's freshness, counted as the visitor may see)."""

from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from ..builders import valid_dataset

YESTERDAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def _soup(app, url: str) -> BeautifulSoup:
    resp = app.get(url)
    assert resp.status_code == 200, url
    return BeautifulSoup(resp.body, "html.parser")


def _facts(soup: BeautifulSoup, selector: str) -> dict[str, str]:
    return {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in soup.select(f"{selector} > div")}


@pytest.fixture
def haeundae():
    org = factories.Organization(
        name="busan-haeundaegu",
        title="부산광역시 해운대구",
        org_type="district",
        agency_code="3330000",
        agency_code_system="행정기관코드",
        legal_dong_code="2635000000",
    )
    user = factories.Sysadmin()
    for name, next_date in (("late-1", YESTERDAY), ("late-2", YESTERDAY), ("on-time", None)):
        fields = {"next_registration_date": next_date} if next_date else {}
        tk.get_action("package_create")({"user": user["name"]}, valid_dataset(name=name, owner_org=org["id"], **fields))
    return org


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_organisation_page_shows_agency_code_type_and_freshness(app, haeundae):
    soup = _soup(app, "/organization/busan-haeundaegu")
    facts = _facts(soup, ".busan-org-facts")
    assert facts["행정기관코드"] == "3330000"
    assert facts["기관 유형"] == "구·군"
    assert soup.select_one(".busan-agency-code [data-code-system]")["data-code-system"] == "행정기관코드"
    fresh = soup.select_one(".busan-org-freshness")
    assert fresh.select_one(".is-overdue [data-count]")["data-count"] == "2"
    assert fresh.select_one(".is-current [data-count]")["data-count"] == "1"
    # the numbers link to the organisation's datasets filtered by freshness
    overdue = _soup(app, fresh.select_one(".is-overdue a")["href"])
    names = {a["href"].rsplit("/", 1)[-1] for a in overdue.select(".dataset-heading a")}
    assert names == {"late-1", "late-2"}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_about_page_lists_the_filled_fields_with_labels_not_codes(app, haeundae):
    soup = _soup(app, "/organization/about/busan-haeundaegu")
    profile = _facts(soup, ".busan-org-profile")
    assert profile["기관코드"] == "3330000"
    assert profile["기관코드 체계"] == "행정기관코드"
    assert profile["기관 유형"] == "구·군"
    assert profile["법정동 시군구코드"] == "2635000000"
    assert "영문 기관명" not in profile  # empty fields are not listed
    assert "district" not in soup.select_one(".busan-org-profile").get_text()
    assert _facts(soup, ".busan-org-facts")["행정기관코드"] == "3330000"  # the sidebar too


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_english_labels(app, haeundae):
    soup = _soup(app, "/en/organization/busan-haeundaegu")
    facts = _facts(soup, ".busan-org-facts")
    assert facts["Administrative agency code (행정기관코드)"] == "3330000"
    assert facts["Organisation type"] == "District (gu/gun)"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_private_datasets_count_only_for_members(app, haeundae):
    user = factories.Sysadmin()
    tk.get_action("package_create")(
        {"user": user["name"]},
        valid_dataset(name="late-private", owner_org=haeundae["id"], next_registration_date=YESTERDAY, private=True),
    )
    visitor = _soup(app, "/organization/busan-haeundaegu")
    assert visitor.select_one(".busan-org-freshness .is-overdue [data-count]")["data-count"] == "2"
    admin = BeautifulSoup(
        app.get(
            "/organization/busan-haeundaegu", headers={"Authorization": factories.APIToken(user=user["name"])["token"]}
        ).body,
        "html.parser",
    )
    assert admin.select_one(".busan-org-freshness .is-overdue [data-count]")["data-count"] == "3"


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("url", ["/organization/", "/organization/busan-city", "/group/"])
def test_no_placeholder_picture_for_an_organisation_without_image(app, url):
    factories.Organization(name="busan-city", title="부산광역시", image_url="")
    factories.Group(name="transport", title="교통", image_url="")
    soup = _soup(app, url)
    assert not [img["src"] for img in soup.select("img") if "placeholder" in img["src"]]
    assert soup.select(".busan-badge")
