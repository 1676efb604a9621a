"""The footer links the legal pages every Korean public site must have (개인정보처리방침 under
개인정보 보호법 제30조, 이용약관 with 공공누리), served by busan_theme in Korean and English."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

# What 개인정보 보호법 제30조 (and its decree, 제31조) requires a privacy policy to state.
PRIVACY_ITEMS = (
    "개인정보의 처리 목적",
    "처리하는 개인정보의 항목",
    "처리 및 보유 기간",
    "제3자 제공",
    "처리업무의 위탁",
    "정보주체와 법정대리인의 권리·의무 및 행사방법",
    "파기 절차 및 방법",
    "안전성 확보조치",
    "개인정보 보호책임자",
    "개인정보처리방침의 변경",
)
STOCK_FOOTER = ("About 부산", "CKAN API", "CKAN Association", "Powered by", "API Docs")


def _soup(app, url: str) -> BeautifulSoup:
    resp = app.get(url)
    assert resp.status_code == 200, url
    return BeautifulSoup(resp.body, "html.parser")


def _footer_links(soup: BeautifulSoup) -> dict[str, str]:
    return {a.get_text(strip=True): a["href"] for a in soup.select("footer a")}


@pytest.mark.usefixtures("clean_db")
def test_footer_links_resolve_to_korean_legal_pages(app):
    links = _footer_links(_soup(app, "/"))
    assert links["개인정보처리방침"] == "/privacy"
    assert links["이용약관"] == "/terms"

    privacy = _soup(app, links["개인정보처리방침"])
    assert privacy.html["lang"].startswith("ko")
    assert privacy.find("h1").get_text(strip=True) == "개인정보처리방침"
    headings = " ".join(h.get_text(strip=True) for h in privacy.select("article h2"))
    for item in PRIVACY_ITEMS:
        assert item in headings, item
    text = privacy.get_text(" ", strip=True)
    assert "개인정보 보호법" in text and "제30조" in text
    assert "privacy@busan.go.kr" in text  # the officer's contact, from data/legal.yaml

    terms = _soup(app, links["이용약관"])
    assert terms.find("h1").get_text(strip=True) == "이용약관"
    text = terms.get_text(" ", strip=True)
    for kogl in ("공공누리 제1유형", "공공누리 제2유형", "공공누리 제3유형", "공공누리 제4유형", "출처표시"):
        assert kogl in text, kogl
    assert terms.select_one('a[href="/privacy"]')


@pytest.mark.usefixtures("clean_db")
def test_footer_is_korean_first_without_stock_ckan_bits(app):
    soup = _soup(app, "/")
    footer = soup.find("footer").get_text(" ", strip=True)
    for stock in STOCK_FOOTER:
        assert stock not in footer, stock
    links = _footer_links(soup)
    assert links["포털 소개"] == "/about"
    api = next(href for text, href in links.items() if text.startswith("API 안내"))
    assert api.startswith("https://docs.ckan.org/") and api.endswith("/api/")
    assert links["목록 조회 API (package_search)"] == "/api/3/action/package_search"


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize(("url", "title"), [("/en/privacy", "Privacy policy"), ("/en/terms", "Terms of use")])
def test_english_versions(app, url, title):
    soup = _soup(app, url)
    assert soup.html["lang"].startswith("en")
    assert soup.find("h1").get_text(strip=True) == title
    links = _footer_links(soup)
    assert links["Privacy policy"] == "/en/privacy" and links["Terms of use"] == "/en/terms"
    assert "Korea Open Government License" in soup.get_text()
