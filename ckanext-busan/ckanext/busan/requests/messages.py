"""E-mails about data requests (pure: no CKAN import). Bodies are in Korean then English:
the mail goes out from a background job or another user's request, whose language says
nothing about the reader's."""

from __future__ import annotations

from ckanext.busan.requests import workflow


def _lines(*pairs: tuple[str, str]) -> tuple[list[str], list[str]]:
    return [ko for ko, _ in pairs], [en for _, en in pairs]


def state_change(request: dict, url: str, site_title: str) -> tuple[str, str]:
    """(subject, body) telling a follower that a request changed state."""
    status = request["status"]
    ko_status, en_status = workflow.LABELS.get(status, (status, status))
    subject = f"[{site_title}] 데이터 제공신청 '{request['title']}' — {ko_status} / {en_status}"
    ko, en = _lines(
        (
            f"데이터 제공신청 '{request['title']}'의 처리 상태가 '{ko_status}'(으)로 바뀌었습니다.",
            f"Your data request '{request['title']}' is now '{en_status}'.",
        ),
    )
    if request.get("answer"):
        ko.append(f"기관 답변: {request['answer']}")
        en.append(f"Answer of the organisation: {request['answer']}")
    if request.get("extended") and status in (workflow.RECEIVED, workflow.REVIEWING):
        ko.append(f"처리기한이 {request['deadline']}까지 연장되었습니다. 사유: {request.get('extension_reason') or ''}")
        en.append(f"The deadline is extended to {request['deadline']}. Reason: {request.get('extension_reason') or ''}")
    if status == workflow.REFUSED:
        code = request.get("refusal_reason") or "other"
        ko_reason, en_reason, ground = workflow.REFUSAL_REASONS.get(code, workflow.REFUSAL_REASONS["other"])
        ko.append(f"거부 사유: {ko_reason} ({ground})")
        en.append(f"Ground of refusal: {en_reason} ({ground})")
        ko.append(workflow.MEDIATION_NOTICE[0])
        en.append(workflow.MEDIATION_NOTICE[1])
    if status == workflow.DUPLICATE and request.get("duplicate_of_url"):
        ko.append(f"먼저 접수된 같은 신청: {request['duplicate_of_url']}")
        en.append(f"The earlier request: {request['duplicate_of_url']}")
    if request.get("package_url"):
        ko.append(f"제공된 데이터: {request['package_url']}")
        en.append(f"The data: {request['package_url']}")
    ko.append(f"신청 보기: {url}")
    en.append(f"See the request: {url}")
    return subject, "\n".join(ko) + "\n\n--\n\n" + "\n".join(en) + "\n"


def overdue(requests: list[dict], site_title: str) -> tuple[str, str]:
    """(subject, body) telling an organisation's admins which requests are past their deadline."""
    subject = (
        f"[{site_title}] 처리기한이 지난 데이터 제공신청 {len(requests)}건 / {len(requests)} overdue data requests"
    )
    rows = [f"- {r['title']} (기한 deadline {r['deadline']}): {r['url']}" for r in requests]
    body = (
        "다음 데이터 제공신청의 처리기한(공공데이터법 제27조)이 지났습니다. 답변해 주십시오.\n"
        + "\n".join(rows)
        + "\n\n--\n\nThese data requests are past their legal deadline (Public Data Act, Article 27). "
        "Please answer them.\n" + "\n".join(rows) + "\n"
    )
    return subject, body
