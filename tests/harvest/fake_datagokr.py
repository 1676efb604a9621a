"""A local stand-in for data.go.kr's catalog API "목록조회서비스" (api.odcloud.kr 15077093).

Use it as a context manager::

    records = make_records(40, seed=1)
    with serve(records, api_key="ab+cd/ef==") as fake:
        client = CatalogClient(fake.base_url, "ab+cd/ef==", per_page=10)
        ...
        fake.requests        # what the server saw (paths and params, the key redacted)

What it implements, as the real API does:

- ``GET {base_url}/{dataset|file-data-list|open-data-list|standard-data-list}``: records are
  routed by their ``list_type`` (파일데이터 -> file-data-list, 오픈API -> open-data-list,
  표준데이터 -> standard-data-list; ``dataset`` lists all), or given per endpoint as a dict
  ``{endpoint: [records]}``. ``fake.records`` may be replaced between requests.
- Paging with ``page`` (default 1) and ``perPage`` (default 10); filters
  ``cond[FIELD::EQ|LIKE|LT|LTE|GT|GTE]=value`` (dates compared as dates, whatever their
  format; numbers as numbers); answers ``{"page", "perPage", "totalCount", "currentCount",
  "matchCount", "data"}`` with totalCount = every record of the endpoint and matchCount = the
  records matching the conditions.
- The key as the ``serviceKey`` query parameter or the header ``Authorization: Infuser KEY``;
  a missing or wrong key gets HTTP 401 with the gateway's error envelope
  ``OpenAPI_ServiceResponse/cmmMsgHeader`` (reason code 30, SERVICE_KEY_IS_NOT_REGISTERED_ERROR),
  as XML (``fake.error_format = "xml"``, the default) or JSON (``"json"``).

Fault switches (each consumed by the next requests with a valid key; all thread-safe):

- ``fail_next(n, status=500)``: the next n requests answer `status` with an HTML error page.
- ``timeout_next(n, delay=None)``: the next n requests wait `delay` seconds (default
  ``fake.timeout_delay`` = 2 s: set the client's timeout below it) before answering.
- ``truncate_next_page()``: the next page is cut in half (status 200, valid length, bad JSON).
- ``quota_after(n_requests, status=429)``: after n more requests, every request gets the
  envelope with reason code 22 (LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR) and `status`.
- ``respond_next(status, body, content_type=...)``: the next request gets this canned answer
  (e.g. odcloud's own ``{"code": -401, "msg": ...}`` errors).
- ``single_object_pages = True``: a page holding one record gives ``data`` as that object.
- ``duplicate_ids = True``: every page after the first starts with the last record of the
  page before (as when records shift while paging); the counts include the repeats.
- ``die_after_page(k)``: after k pages served, every request has its connection closed in the
  middle of the body (a server that died mid-paging).
- ``reset()`` clears every switch and the request log.

Helpers: ``make_records(n, org_codes=..., seed=...)`` builds realistic file-data-list,
open-data-list and standard-data-list entries; ``bulk_csv_bytes(records, encoding=...)``
writes the same lists as the monthly 목록개방현황 CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ckanext.busan.dataset import rules
from ckanext.busan.harvesters.mapping import BULK_COLUMNS, group_by_list

API_PATH = "/api/15077093/v1"
DEFAULT_KEY = "fake+Key/with=="
REDACTED = "***"
ENDPOINT_LIST_TYPES = {
    "file-data-list": "파일데이터",
    "open-data-list": "오픈API",
    "standard-data-list": "표준데이터",
}
ENDPOINTS = ("dataset", *ENDPOINT_LIST_TYPES)

_COND = re.compile(r"^cond\[(?P<field>[A-Za-z_][A-Za-z0-9_]*)::(?P<op>EQ|LIKE|LT|LTE|GT|GTE)\]$")


def error_envelope(code: str, auth_msg: str, fmt: str = "xml", err_msg: str = "SERVICE ERROR") -> tuple[str, str]:
    """The data.go.kr gateway's error envelope as (body, content type)."""
    if fmt == "json":
        body = {
            "OpenAPI_ServiceResponse": {
                "cmmMsgHeader": {"errMsg": err_msg, "returnAuthMsg": auth_msg, "returnReasonCode": code}
            }
        }
        return json.dumps(body), "application/json;charset=UTF-8"
    body = (
        "<OpenAPI_ServiceResponse>\n"
        "    <cmmMsgHeader>\n"
        f"        <errMsg>{err_msg}</errMsg>\n"
        f"        <returnAuthMsg>{auth_msg}</returnAuthMsg>\n"
        f"        <returnReasonCode>{code}</returnReasonCode>\n"
        "    </cmmMsgHeader>\n"
        "</OpenAPI_ServiceResponse>"
    )
    return body, "text/xml;charset=UTF-8"


def _comparable(value):
    """Dates (any format rules.parse_date reads, and date-times) as ISO text; numbers as floats."""
    text = str(value).strip()
    m = re.fullmatch(r"(.+?)[T ]([0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)", text)
    try:
        day = rules.parse_date(m.group(1) if m else text).isoformat()
        return ("date", f"{day}T{m.group(2)}" if m else day)
    except rules.RuleError:
        pass
    try:
        return ("number", float(text))
    except ValueError:
        return ("text", text)


def _matches(record: dict, conditions: list[tuple[str, str, str]]) -> bool:
    for field, op, wanted in conditions:
        value = record.get(field)
        if value is None:
            return False
        if op == "EQ":
            ok = str(value) == wanted
        elif op == "LIKE":
            ok = wanted in str(value)
        else:
            a, b = _comparable(value), _comparable(wanted)
            if a[0] != b[0]:
                a, b = ("text", str(value)), ("text", wanted)
            ok = {"LT": a < b, "LTE": a <= b, "GT": a > b, "GTE": a >= b}[op]
        if not ok:
            return False
    return True


def _with_duplicates(records: list[dict], per_page: int) -> list[dict]:
    """Each page after the first starts with the previous page's last record."""
    out: list[dict] = []
    for record in records:
        if out and len(out) % per_page == 0:
            out.append(out[-1])
        out.append(record)
    return out


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeDataGoKr/1.0"
    fake: FakeDataGoKr  # set on the subclass made per server

    def log_message(self, format, *args):
        pass  # quiet: the fake keeps its own log in .requests

    def _send(self, status: int, body: str | bytes, content_type: str, *, cut: bool = False, declared=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(declared if declared is not None else len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)
        if cut:
            self.close_connection = True

    def do_GET(self):
        self.fake._handle(self)


class FakeDataGoKr:
    """The fake server; see the module docstring. Start with `start()` or use as a context manager."""

    def __init__(self, records, api_key: str = DEFAULT_KEY, *, host: str = "127.0.0.1"):
        self.records = records
        self.api_key = api_key
        self.host = host
        self.requests: list[dict] = []
        self.error_format = "xml"
        self.timeout_delay = 2.0
        self.single_object_pages = False
        self.duplicate_ids = False
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # ------------------------------------------------------------ lifecycle
    def start(self) -> FakeDataGoKr:
        self._stopping.clear()
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer((self.host, 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-datagokr", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeDataGoKr:
        return self.start() if self._server is None else self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "the fake server is not running"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """e.g. http://127.0.0.1:PORT/api/15077093/v1 (append /file-data-list etc.)."""
        return f"http://{self.host}:{self.port}{API_PATH}"

    # ------------------------------------------------------------ switches
    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._fail: list[int] = []
            self._timeouts: list[float] = []
            self._truncate = 0
            self._canned: list[tuple[int, str, str]] = []
            self._quota_left: int | None = None
            self._quota_status = 429
            self._die_after: int | None = None
            self._pages_served = 0
        self.single_object_pages = False
        self.duplicate_ids = False

    def fail_next(self, n: int = 1, status: int = 500) -> None:
        with self._lock:
            self._fail.extend([status] * n)

    def timeout_next(self, n: int = 1, delay: float | None = None) -> None:
        with self._lock:
            self._timeouts.extend([self.timeout_delay if delay is None else delay] * n)

    def truncate_next_page(self) -> None:
        with self._lock:
            self._truncate += 1

    def quota_after(self, n_requests: int, status: int = 429) -> None:
        with self._lock:
            self._quota_left = n_requests
            self._quota_status = status

    def respond_next(self, status: int, body: str, content_type: str = "application/json;charset=UTF-8") -> None:
        with self._lock:
            self._canned.append((status, body, content_type))

    def die_after_page(self, k: int) -> None:
        with self._lock:
            self._die_after = self._pages_served + k

    @property
    def pages_served(self) -> int:
        return self._pages_served

    # ------------------------------------------------------------ serving
    def endpoint_records(self, endpoint: str) -> list[dict]:
        if isinstance(self.records, dict):
            if endpoint == "dataset" and "dataset" not in self.records:
                return [r for rs in self.records.values() for r in rs]
            return list(self.records.get(endpoint, []))
        if endpoint == "dataset":
            return list(self.records)
        wanted = ENDPOINT_LIST_TYPES[endpoint]
        return [r for r in self.records if r.get("list_type") == wanted]

    def _log(self, handler, path: str, params: dict, status: int) -> None:
        auth = handler.headers.get("Authorization")
        entry = {
            "method": "GET",
            "path": path,
            "params": {k: (REDACTED if k == "serviceKey" else v) for k, v in params.items()},
            "status": status,
        }
        if auth:
            entry["authorization"] = re.sub(r"(?i)^(infuser\s+).*$", rf"\g<1>{REDACTED}", auth) or REDACTED
        with self._lock:
            self.requests.append(entry)

    def _key_ok(self, handler, params: dict) -> bool:
        key = params.get("serviceKey")
        if key is None:
            auth = handler.headers.get("Authorization", "")
            m = re.fullmatch(r"(?i)infuser\s+(.+)", auth.strip())
            key = m.group(1) if m else None
        return key == self.api_key

    def _handle(self, handler: _Handler) -> None:
        parts = urlsplit(handler.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        path = parts.path
        status, body, ctype, cut, declared = self._respond(handler, path, params)
        self._log(handler, path, params, status)
        handler._send(status, body, ctype, cut=cut, declared=declared)

    def _respond(self, handler, path: str, params: dict):
        """(status, body, content type, cut connection, declared length)."""
        with self._lock:
            if self._die_after is not None and self._pages_served >= self._die_after:
                body = json.dumps({"page": 0, "data": [{"id": "x" * 200}] * 20})
                return 200, body[: len(body) // 3], "application/json", True, len(body)
        if not self._key_ok(handler, params):
            body, ctype = error_envelope("30", "SERVICE_KEY_IS_NOT_REGISTERED_ERROR", self.error_format)
            return 401, body, ctype, False, None
        delay = None
        with self._lock:
            if self._quota_left is not None:
                if self._quota_left <= 0:
                    body, ctype = error_envelope(
                        "22", "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR", self.error_format
                    )
                    return self._quota_status, body, ctype, False, None
                self._quota_left -= 1
            if self._canned:
                status, body, ctype = self._canned.pop(0)
                return status, body, ctype, False, None
            if self._fail:
                status = self._fail.pop(0)
                return status, f"<html><body><h1>{status} Server Error</h1></body></html>", "text/html", False, None
            if self._timeouts:
                delay = self._timeouts.pop(0)
        if delay is not None and self._stopping.wait(delay):
            return 503, "stopping", "text/plain", True, None

        prefix = API_PATH + "/"
        endpoint = path[len(prefix) :] if path.startswith(prefix) else None
        if endpoint not in ENDPOINTS:
            return 404, json.dumps({"code": -404, "msg": "존재하지 않는 API 입니다."}), "application/json", False, None
        try:
            page = int(params.get("page", "1"))
            per_page = int(params.get("perPage", "10"))
            if page < 1 or per_page < 1:
                raise ValueError
        except ValueError:
            body = json.dumps({"code": -1, "msg": "page와 perPage는 1 이상의 정수여야 합니다."})
            return 400, body, "application/json", False, None
        conditions = []
        for name, value in params.items():
            m = _COND.match(name)
            if m:
                conditions.append((m["field"], m["op"], value))
            elif name.startswith("cond["):
                return 400, json.dumps({"code": -1, "msg": f"잘못된 조건: {name}"}), "application/json", False, None

        everything = self.endpoint_records(endpoint)
        matched = [r for r in everything if _matches(r, conditions)]
        if self.duplicate_ids:
            everything = _with_duplicates(everything, per_page)
            matched = _with_duplicates(matched, per_page)
        data = matched[(page - 1) * per_page : page * per_page]
        answer = {
            "page": page,
            "perPage": per_page,
            "totalCount": len(everything),
            "currentCount": len(data),
            "matchCount": len(matched),
            "data": data[0] if self.single_object_pages and len(data) == 1 else data,
        }
        body = json.dumps(answer, ensure_ascii=False)
        with self._lock:
            self._pages_served += 1
            if self._truncate:
                self._truncate -= 1
                body = body.encode("utf-8")[: len(body.encode("utf-8")) // 2]
                return 200, body, "application/json;charset=UTF-8", False, None
        return 200, body, "application/json;charset=UTF-8", False, None


@contextmanager
def serve(records, api_key: str = DEFAULT_KEY, **options) -> Iterator[FakeDataGoKr]:
    """A running FakeDataGoKr serving `records` (a list, or a dict by endpoint)."""
    fake = FakeDataGoKr(records, api_key, **options)
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


# ---------------------------------------------------------------- realistic records
DEFAULT_ORG_CODES = ("6260000", "3330000", "3290000", "B551542", "1613000")
ORG_NAMES = {
    "6260000": "부산광역시",
    "3250000": "부산광역시 중구",
    "3290000": "부산광역시 부산진구",
    "3330000": "부산광역시 해운대구",
    "3400000": "부산광역시 기장군",
    "B551542": "부산교통공사",
    "1613000": "국토교통부",
}
# (subject, new_category_nm, category_nm (BRM), department, keywords)
SUBJECTS = (
    ("버스정류장 현황", "교통물류", "교통및물류 > 대중교통", "버스운영과", "버스, 정류장,대중교통 ,버스"),
    ("공영주차장 정보", "교통물류", "교통및물류 > 도로", "주차관리과", "주차장,공영주차장,주차 요금"),
    ("해수욕장 수질 정보", "환경기상", "환경 > 수질", "해양레저과", "해수욕장,수질,해운대,광안리"),
    ("관광지 정보", "문화관광", "문화체육관광 > 관광", "관광진흥과", "관광,관광지,#부산여행"),
    ("미세먼지 측정 정보", "환경기상", "환경 > 대기", "대기환경과", "미세먼지,대기질,PM10,PM2.5"),
    ("공공도서관 현황", "교육", "교육 > 평생·직업교육", "평생교육과", "도서관,독서,평생교육"),
    ("무더위쉼터 현황", "재난안전", "공공질서및안전 > 재난방재·민방위", "재난대응과", "무더위쉼터,폭염,쉼터"),
    ("도시철도 역별 승하차 인원", "교통물류", "교통및물류 > 철도", "영업처", "도시철도,지하철,승하차,역"),
    ("어린이집 현황", "사회복지", "사회복지 > 보육·가족및여성", "출산보육과", "어린이집,보육"),
    ("식품접객업소 위생등급", "식품건강", "보건 > 식품의약안전", "식품안전과", "위생등급,음식점,식품"),
    ("자치법규 목록", "공공행정", "일반공공행정 > 법제", "법무담당관", "자치법규,조례,규칙"),
    ("지방세 징수 현황", "재정금융", "재정·세제·금융 > 지방재정", "세정담당관", "지방세,세금,징수"),
)
CYCLES = ("수시", "일간", "주간", "월간", "분기", "반기", "연간", "-")
LICENCES = (
    "이용허락범위 제한 없음",
    "이용허락범위 제한 없음",
    "공공저작물_출처표시",
    "공공저작물_출처표시",
    "공공저작물_출처표시 + 상업적 이용금지",
    "공공저작물_출처표시 + 변경금지",
    "공공저작물_출처표시 + 상업적 이용금지 + 변경금지",
)


def _date_text(rng: random.Random, day: dt.date) -> str:
    """One of the date formats seen on data.go.kr."""
    return rng.choice(
        (
            day.isoformat(),
            day.strftime("%Y%m%d"),
            day.strftime("%Y.%m.%d"),
            f"{day.year}/{day.month}/{day.day}",
            day.isoformat() + " 09:00:00",
        )
    )


def _phone(rng: random.Random) -> str:
    number = f"051{rng.randint(200, 999)}{rng.randint(1000, 9999)}"
    a, b, c = number[:3], number[3:6], number[6:]
    return rng.choice((f"`{number}", f"{a}-{b}-{c}", f"`{number}", f"({a}) {b}-{c}"))


def make_records(n: int, org_codes=DEFAULT_ORG_CODES, seed: int = 0, *, missing_phone_share: float = 0.0) -> list[dict]:
    """`n` catalog entries: about 60% file-data-list, 30% open-data-list (an API list has 1-3
    operations: entries sharing a list_id), 10% standard-data-list, spread over `org_codes`.

    Quirks included: keywords comma-joined with stray spaces and repeats, phones with a leading
    backtick, periodic cycles with past (overdue) next registration dates, '-' cycles, APIs in
    JSON+XML, dates in every format seen, titles ending _YYYYMMDD. Every entry maps without
    a default phone unless `missing_phone_share` > 0 (the real API often has no phone field).
    Besides the API's own fields each entry carries dept_tel, license, collection_method and,
    for files, temporal_range/spatial_range (bulk-CSV columns), so bulk_csv_bytes can write them."""
    rng = random.Random(seed)
    codes = list(org_codes)
    records: list[dict] = []
    list_no = 0
    while len(records) < n:
        list_no += 1
        list_id = str(15000000 + seed * 10000 + list_no)
        code = codes[(list_no - 1) % len(codes)]
        org_nm = ORG_NAMES.get(code, f"기관{code}")
        subject, new_cat, brm, dept, keywords = SUBJECTS[rng.randrange(len(SUBJECTS))]
        kind = rng.choices(("파일데이터", "오픈API", "표준데이터"), weights=(6, 3, 1))[0]
        list_title = f"{org_nm.replace(' ', '_')}_{subject}"
        cycle = rng.choice(CYCLES)
        next_day = rng.choice(
            (dt.date(2021, 12, 31), dt.date(2023, 6, 30), dt.date(2026, 12, 31), dt.date(2027, 3, 31))
        )
        periodic = cycle not in ("수시", "-")
        created = dt.date(2015 + rng.randrange(8), rng.randint(1, 12), rng.randint(1, 28))
        updated = dt.datetime(2023 + rng.randrange(3), rng.randint(1, 12), rng.randint(1, 28), rng.randrange(24), 5, 0)
        base = {
            "list_id": list_id,
            "list_title": list_title,
            "list_type": kind,
            "desc": f"{org_nm}에서 제공하는 {subject} 데이터입니다.\n매 주기마다 갱신합니다.",
            "keywords": keywords,
            "new_category_cd": f"OC00{rng.randint(10, 26)}",
            "new_category_nm": new_cat,
            "category_nm": brm,
            "org_cd": code,
            "org_nm": org_nm,
            "dept_nm": dept,
            "dept_tel": None if rng.random() < missing_phone_share else _phone(rng),
            "ownership_grounds": rng.choice(("공공데이터법 제17조", "부산광역시 정보공개 조례", "")),
            "collection_method": rng.choice(("행정시스템 추출", "현장 조사", "")),
            "update_cycle": cycle,
            "created_at": _date_text(rng, created),
            "updated_at": updated.strftime(rng.choice(("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"))),
            "license": rng.choice(LICENCES),
            "is_charged": rng.choice(("N", "N", "무료")),
            "is_core_data": rng.choice(("N", "N", "N", "Y")),
            "is_std_data": "Y" if kind == "표준데이터" else "N",
            "is_deleted": "N",
            "is_list_deleted": "N",
            "register_status": rng.choice(("신규승인", "변경승인")),
            "share_scope_nm": "",
            "title_en": "",
            "meta_url": f"https://www.data.go.kr/data/{list_id}/{'openapi' if kind == '오픈API' else 'fileData'}.do",
        }
        if kind == "오픈API":
            service = f"Service{list_no:04d}"
            for op in range(rng.randint(1, 3)):
                if len(records) >= n:
                    break
                entry = dict(base)
                entry.update(
                    {
                        "id": f"uddi:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
                        "title": f"{list_title} 조회 서비스{'' if op == 0 else f' {op + 1}'}",
                        "api_type": "REST",
                        "data_format": rng.choice(("JSON+XML", "JSON+XML", "XML", "JSON")),
                        "end_point_url": f"https://apis.data.go.kr/{code}/{service}/getInfo{op + 1}",
                        "guide_url": base["meta_url"],
                        "request_cnt": rng.randint(0, 500),
                        "update_cycle": rng.choice(("실시간", "수시", "-")),
                    }
                )
                records.append(entry)
            continue
        entry = dict(base)
        suffix = f"_{updated:%Y%m%d}" if rng.random() < 0.3 else ""
        entry.update(
            {
                "id": f"uddi:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
                "list_title": list_title + suffix,
                "title": list_title + suffix,
                "ext": rng.choice(("CSV", "CSV", "XLSX", "CSV+JSON")),
                "data_type": "",
                "media_type": "텍스트",
                "download_cnt": rng.randint(0, 5000),
                "data_limit": rng.choice(("", "개인정보 항목은 제외", "-")),
                "etc": rng.choice(("", "좌표계: WGS84")),
                "cost_unit": "",
                "next_registration_date": _date_text(rng, next_day) if periodic and rng.random() > 0.05 else "",
                "temporal_range": f"{created.year}-01-01~{updated.year}-12-31",
                "spatial_range": org_nm,
            }
        )
        records.append(entry)
    return records


def bulk_csv_bytes(records, encoding: str = "cp949") -> bytes:
    """The lists of `records` (catalog entries, grouped by list_id) as the monthly 목록개방현황
    CSV: Korean column names (mapping.BULK_COLUMNS), one row per list, phones written with
    data.go.kr's leading backtick. `encoding`: 'cp949', 'utf-8' or 'utf-8-sig' (with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(BULK_COLUMNS)
    for lst in group_by_list(records):
        first = lst["resources"][0]
        is_api = lst.get("list_type") == "오픈API"
        phone = re.sub(r"[^0-9]", "", lst.get("dept_tel") or "")
        brm_leaf = re.split(r"\s*>\s*", lst.get("category_nm") or "")[-1]
        row = {
            "목록키": lst.get("list_id"),
            "목록유형": lst.get("list_type"),
            "목록명": lst.get("list_title"),
            "파일데이터명": "" if is_api else first.get("title", ""),
            "분류체계": f"{lst.get('new_category_nm')} - {brm_leaf}" if brm_leaf else lst.get("new_category_nm"),
            "제공기관코드": lst.get("org_cd"),
            "제공기관": lst.get("org_nm"),
            "관리 부서명": lst.get("dept_nm"),
            "관리부서 전화번호": f"`{phone}" if phone else "",
            "보유근거": lst.get("ownership_grounds"),
            "수집방법": lst.get("collection_method"),
            "업데이트 주기": lst.get("update_cycle"),
            "차기 등록 예정일": lst.get("next_registration_date", ""),
            "매체유형": lst.get("media_type", ""),
            "전체행": lst.get("download_cnt", ""),
            "확장자(데이터포맷)": first.get("data_format") if is_api else first.get("ext"),
            "키워드": lst.get("keywords"),
            "다운로드_활용신청건수": lst.get("request_cnt", lst.get("download_cnt", 0)),
            "등록일": lst.get("created_at"),
            "수정일": str(lst.get("updated_at", ""))[:10],
            "데이터 한계": lst.get("data_limit", ""),
            "제공형태": "오픈API" if is_api else "파일 다운로드",
            "설명": lst.get("desc"),
            "기타 유의사항": lst.get("etc", ""),
            "공간범위": lst.get("spatial_range", "부산광역시"),
            "시간범위": lst.get("temporal_range", ""),
            "비용부과유무": "유료" if lst.get("is_charged") in ("Y", "유료") else "무료",
            "비용부과기준 및 단위": lst.get("cost_unit", ""),
            "이용허락범위": lst.get("license"),
            "API 유형": lst.get("api_type", ""),
            "신청가능 트래픽": "1000" if is_api else "",
            "심의 유형": "자동승인" if is_api else "",
            "조회수": 100,
            "목록 URL": lst.get("meta_url"),
            "국가중점여부": lst.get("is_core_data", "N"),
            "표준데이터여부": lst.get("is_std_data", "N"),
        }
        writer.writerow(["" if row[c] is None else row[c] for c in BULK_COLUMNS])
    return out.getvalue().encode(encoding)
