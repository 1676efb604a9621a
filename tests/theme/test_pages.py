"""The portal speaks Korean by default and English on request."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from ..builders import valid_dataset


def nav_texts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("header nav a")]


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestKoreanPages:
    def test_home_page_is_korean(self, app):
        resp = app.get("/")
        assert resp.status_code == 200
        assert BeautifulSoup(resp.body, "html.parser").html["lang"].startswith("ko")
        assert {"데이터셋", "기관"} <= set(nav_texts(resp.body))
        assert "부산 데이터 통합 포털" in resp.body

    def test_dataset_page_is_korean(self, app):
        org = factories.Organization(title="부산광역시")
        dataset = factories.Dataset(**valid_dataset(title="해운대해수욕장 방문객 통계", owner_org=org["id"]))
        resp = app.get(f"/dataset/{dataset['name']}")
        assert resp.status_code == 200
        soup = BeautifulSoup(resp.body, "html.parser")
        assert soup.html["lang"].startswith("ko")
        assert soup.find("h1").get_text(strip=True).startswith("해운대해수욕장 방문객 통계")
        assert "데이터셋" in nav_texts(resp.body)

    def test_english_is_offered(self, app):
        resp = app.get("/en/")
        assert resp.status_code == 200
        assert BeautifulSoup(resp.body, "html.parser").html["lang"].startswith("en")
        assert "Datasets" in nav_texts(resp.body)
        assert "Busan Data Portal" in resp.body

    def test_theme_stylesheet_is_served(self, app):
        resp = app.get("/")
        soup = BeautifulSoup(resp.body, "html.parser")
        hrefs = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
        busan = [h for h in hrefs if "busan" in h]
        assert busan, hrefs
        assert "--busan-blue" in app.get(busan[0]).body
