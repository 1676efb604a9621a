"""HTTP client of data.go.kr's catalog API "목록조회서비스" (pure: no CKAN import).

    https://api.odcloud.kr/api/15077093/v1/{dataset|file-data-list|open-data-list|standard-data-list}
        ?page=1&perPage=500&serviceKey=KEY&cond[org_cd::EQ]=6260000&cond[updated_at::GTE]=2024-01-01

Answers look like ``{"page": 1, "perPage": 500, "totalCount": N, "currentCount": n,
"matchCount": m, "data": [...]}``; with a ``cond[...]`` filter, ``matchCount`` (not
``totalCount``) counts the records to page through.

Failures are sorted for the harvester:

- `QuotaExceeded`: the key's daily quota is used up (HTTP 429, or the gateway's error
  envelope with reason code 22). Stop cleanly and continue on the next run.
- `SourceFault`: the source misbehaves: 5xx or timeouts or dropped connections after the
  retries, a malformed or truncated page, an unexpected error envelope.
- `CatalogError` itself: a problem on our side that retrying will not fix (the key is not
  registered or has expired, a refused request).

The service key travels as the ``serviceKey`` query parameter. data.go.kr hands out keys in an
"encoding" form (``%2B``...) and a "decoding" form (``+ / =``); either works here. The key never
appears in an exception, a log line or a repr: every text is passed through `redact`.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable, Iterator
from urllib.parse import quote, quote_plus, unquote, urlencode

import requests

log = logging.getLogger(__name__)

ENDPOINTS = ("dataset", "file-data-list", "open-data-list", "standard-data-list")
REDACTED = "***"

# Reason codes of the data.go.kr gateway envelope (OpenAPI_ServiceResponse/cmmMsgHeader).
QUOTA_CODES = {"22"}  # LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR
KEY_CODES = {
    "12": "the API is not available (NO_OPENAPI_SERVICE_ERROR)",
    "20": "access to the API was refused (SERVICE_ACCESS_DENIED_ERROR)",
    "30": "the service key is not registered for this API (SERVICE_KEY_IS_NOT_REGISTERED_ERROR)",
    "31": "the service key has expired (DEADLINE_HAS_EXPIRED_ERROR)",
    "32": "this server's IP address is not registered for the key (UNREGISTERED_IP_ERROR)",
}


_KEY_PARAM = re.compile(r"(?i)(serviceKey=)[^&\s'\"<>)]+")


class _RedactServiceKeys(logging.Filter):
    """Hides serviceKey parameters in the records of a logger that logs request URLs
    (urllib3 does so at DEBUG level)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "servicekey" in message.lower():
            record.msg = _KEY_PARAM.sub(rf"\g<1>{REDACTED}", message)
            record.args = None
        return True


def _guard_library_logs() -> None:
    for name in ("urllib3.connectionpool", "requests"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactServiceKeys) for f in logger.filters):
            logger.addFilter(_RedactServiceKeys())


class CatalogError(Exception):
    """Reading the catalog failed. The message never contains the API key."""


class QuotaExceeded(CatalogError):
    """The key's daily request quota is exhausted: stop now and continue on the next run."""


class SourceFault(CatalogError):
    """The source failed (5xx, timeouts, dropped connections after retries; a malformed page;
    an error envelope)."""


class _Retry(Exception):
    """A transient failure of one request: try again after a pause."""


_ENVELOPE_TAGS = ("errMsg", "returnAuthMsg", "returnReasonCode")


def parse_error_envelope(body: str) -> dict[str, str] | None:
    """The fields of a gateway error envelope ``OpenAPI_ServiceResponse/cmmMsgHeader``, in
    XML or JSON, or None when the body is not one."""
    if "OpenAPI_ServiceResponse" not in body:
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    if parsed is not None:
        header = parsed.get("OpenAPI_ServiceResponse") if isinstance(parsed, dict) else None
        header = header.get("cmmMsgHeader", header) if isinstance(header, dict) else None
        if not isinstance(header, dict):
            return None  # JSON that merely mentions the name (a page of records)
        return {k: str(header.get(k, "")).strip() for k in _ENVELOPE_TAGS}
    if not re.search(r"<OpenAPI_ServiceResponse\b", body):
        return None
    # XML: read the three elements by pattern (no XML parser on untrusted text).
    fields = {}
    for tag in _ENVELOPE_TAGS:
        m = re.search(rf"<{tag}>\s*([^<]*?)\s*</{tag}>", body)
        fields[tag] = m.group(1) if m else ""
    return fields


class CatalogClient:
    """Pages through one endpoint of the catalog API, optionally once per agency code."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        per_page: int = 500,
        timeout: float = 30,
        retries: int = 3,
        backoff: float = 1.0,
        session=None,
        sleep=time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        key = (api_key or "").strip()
        # An "encoding" key (%2B, %2F, %3D) is decoded once, so it is not encoded twice.
        self._key = unquote(key) if re.search(r"%[0-9A-Fa-f]{2}", key) else key
        self.per_page = max(1, int(per_page))
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.backoff = backoff
        self.session = session or requests.Session()
        self.sleep = sleep
        self._secrets = self._secret_forms(key)
        _guard_library_logs()

    def __repr__(self) -> str:
        return f"CatalogClient({self.base_url!r}, api_key={REDACTED!r}, per_page={self.per_page})"

    # ------------------------------------------------------------ redaction
    def _secret_forms(self, given: str) -> list[str]:
        forms = set()
        for key in (given, self._key):
            if not key:
                continue
            for form in (key, quote_plus(key), quote(key, safe=""), quote(key), quote_plus(quote_plus(key))):
                forms.add(form)
                forms.add(re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), form))
        return sorted(forms, key=len, reverse=True)  # longest first: no partial replacement

    def redact(self, text: str) -> str:
        """`text` with the API key (in any of its URL-encoded forms) and every serviceKey
        parameter or Infuser authorization value replaced by ***."""
        text = str(text)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        text = _KEY_PARAM.sub(rf"\g<1>{REDACTED}", text)
        return re.sub(r"(?i)(Infuser\s+)[^\s'\",}]+", rf"\g<1>{REDACTED}", text)

    # ------------------------------------------------------------ requests
    def _display_url(self, endpoint: str, params: dict) -> str:
        shown = {k: v for k, v in params.items() if k != "serviceKey"}
        return f"{self.base_url}/{endpoint}?{urlencode(shown)}"

    def _classify(self, response, where: str) -> dict:
        """The page of a response, or the right exception for it."""
        status = response.status_code
        body = response.content.decode("utf-8", errors="replace")
        envelope = parse_error_envelope(body)
        if envelope:
            code = envelope["returnReasonCode"]
            detail = self.redact(
                f"{envelope['returnAuthMsg'] or envelope['errMsg']} (reason code {code or '?'}, HTTP {status})"
            )
            if code in QUOTA_CODES:
                raise QuotaExceeded(f"{where}: the daily request quota of the API key is used up: {detail}")
            if code in KEY_CODES:
                raise CatalogError(f"{where}: {KEY_CODES[code]}: {detail}")
            if status >= 500:
                raise _Retry(f"HTTP {status}: {detail}")
            raise SourceFault(f"{where}: the gateway answered with an error: {detail}")
        if status == 429:
            raise QuotaExceeded(f"{where}: too many requests (HTTP 429): the quota of the API key is used up")
        if status >= 500:
            raise _Retry(f"HTTP {status}")
        page = None
        try:
            page = json.loads(body)
        except ValueError:
            if status == 200:
                raise SourceFault(f"{where}: the page is not valid JSON (malformed or truncated)") from None
        if isinstance(page, dict) and "code" in page and "data" not in page:
            # odcloud's own errors: {"code": -401, "msg": "유효하지 않은 인증키 입니다."}
            code = str(page.get("code"))
            message = self.redact(f"{page.get('msg') or page.get('message') or ''} (code {code}, HTTP {status})")
            if code in ("-429", "429"):
                raise QuotaExceeded(f"{where}: the quota of the API key is used up: {message}")
            if code in ("-401", "-403", "-4", "401", "403") or status in (401, 403):
                raise CatalogError(f"{where}: the API key was refused: {message}")
            if 400 <= status < 500:
                raise CatalogError(f"{where}: the request was refused: {message}")
            raise SourceFault(f"{where}: the API answered with an error: {message}")
        if status in (401, 403):
            raise CatalogError(f"{where}: the API key was refused (HTTP {status})")
        if status != 200:
            raise CatalogError(f"{where}: the request was refused (HTTP {status})")
        if not isinstance(page, dict) or "data" not in page:
            raise SourceFault(f"{where}: the page has no data list (malformed answer)")
        return page

    def _get_page(self, endpoint: str, params: dict) -> dict:
        url = f"{self.base_url}/{endpoint}"
        where = self._display_url(endpoint, params)
        attempts = self.retries + 1
        last = ""
        for attempt in range(attempts):
            if attempt:
                pause = self.backoff * 2 ** (attempt - 1)
                log.info("catalog API retry %d/%d in %.1fs: %s (%s)", attempt, self.retries, pause, where, last)
                self.sleep(pause)
            try:
                response = self.session.get(
                    url,
                    params={**params, "serviceKey": self._key},
                    headers={"Accept": "application/json"},
                    timeout=self.timeout,
                )
                return self._classify(response, where)
            except _Retry as e:
                last = str(e)
            except requests.Timeout:
                last = f"no answer within {self.timeout}s"
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as e:
                last = self.redact(f"connection failed: {type(e).__name__}")
            except requests.RequestException as e:
                raise CatalogError(self.redact(f"{where}: the request failed: {type(e).__name__}: {e}")) from None
        raise SourceFault(f"{where}: {last} (after {attempts} attempts)")

    # ------------------------------------------------------------ paging
    def iter_records(
        self, endpoint: str, *, org_codes: Iterable[str] | None = None, updated_since: str | None = None
    ) -> Iterator[dict]:
        """Every record of `endpoint`, page by page; with `org_codes`, one pass per agency code
        (``cond[org_cd::EQ]``); with `updated_since`, only records changed since then
        (``cond[updated_at::GTE]``). A record id seen before (records shifting between pages,
        or listed twice) is yielded once."""
        if not re.fullmatch(r"[A-Za-z0-9_.:-]+", endpoint or ""):
            raise CatalogError(f"not a catalog endpoint name: {endpoint!r}")
        codes = list(dict.fromkeys(str(c).strip() for c in org_codes if str(c).strip())) if org_codes else [None]
        seen: set[str] = set()
        for code in codes:
            yield from self._iter_pass(endpoint, code, updated_since, seen)

    def _iter_pass(self, endpoint: str, code: str | None, updated_since: str | None, seen: set[str]) -> Iterator[dict]:
        conditions = {}
        if code:
            conditions["cond[org_cd::EQ]"] = code
        if updated_since:
            conditions["cond[updated_at::GTE]"] = updated_since
        page_no = 0
        received = 0
        while True:
            page_no += 1
            params = {"page": page_no, "perPage": self.per_page, "returnType": "JSON", **conditions}
            page = self._get_page(endpoint, params)
            data = page.get("data")
            if isinstance(data, dict):
                data = [data]  # one record comes as an object instead of a list
            if data is None:
                data = []
            if not isinstance(data, list):
                raise SourceFault(f"{self._display_url(endpoint, params)}: data is neither a list nor an object")
            if not data:
                return
            received += len(data)
            fresh = 0
            for record in data:
                if not isinstance(record, dict):
                    raise SourceFault(f"{self._display_url(endpoint, params)}: a record is not an object")
                ident = record.get("id")
                key = str(ident) if ident not in (None, "") else json.dumps(record, sort_keys=True, default=str)
                if key in seen:
                    continue
                seen.add(key)
                fresh += 1
                yield record
            count = self._count(page, filtered=bool(conditions))
            if count is not None:
                if received >= count:
                    return
            elif len(data) < self.per_page or not fresh:
                return  # no counts: a short page, or a page of nothing new, is the end

    @staticmethod
    def _count(page: dict, *, filtered: bool) -> int | None:
        for key in ("matchCount", "totalCount") if filtered else ("totalCount", "matchCount"):
            value = page.get(key)
            try:
                return int(value)
            except (TypeError, ValueError):
                continue
        return None
