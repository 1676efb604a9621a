"""The answer workflow of data requests (pure: no CKAN import).

접수 (received) → 검토 중 (reviewing) → 제공 (provided) / 부분 제공 (partial) / 거부 (refused,
with a reason from REFUSAL_REASONS) / 중복 (duplicate, linked to an earlier request).
A provided or partly provided request is closed by linking the dataset that answers it.
"""

from __future__ import annotations

RECEIVED, REVIEWING, PROVIDED, PARTIAL, REFUSED, DUPLICATE = (
    "received",
    "reviewing",
    "provided",
    "partial",
    "refused",
    "duplicate",
)
STATUSES = (RECEIVED, REVIEWING, PROVIDED, PARTIAL, REFUSED, DUPLICATE)
ANSWERED = frozenset({PROVIDED, PARTIAL, REFUSED, DUPLICATE})  # the deadline stops here
OPEN = frozenset({RECEIVED, REVIEWING})  # the requester may still edit
CLOSABLE = frozenset({RECEIVED, REVIEWING, PROVIDED, PARTIAL})  # a dataset may answer it

TRANSITIONS = {
    RECEIVED: {REVIEWING, PROVIDED, PARTIAL, REFUSED, DUPLICATE},
    REVIEWING: {PROVIDED, PARTIAL, REFUSED, DUPLICATE},
    PROVIDED: set(),
    PARTIAL: {PROVIDED},
    REFUSED: set(),
    DUPLICATE: set(),
}

LABELS = {
    RECEIVED: ("접수", "Received"),
    REVIEWING: ("검토 중", "Under review"),
    PROVIDED: ("제공", "Provided"),
    PARTIAL: ("부분 제공", "Partly provided"),
    REFUSED: ("거부", "Refused"),
    DUPLICATE: ("중복", "Duplicate"),
}

# code -> (Korean label, English label, legal ground). The grounds a refusal may name under
# 공공데이터법 제28조 제1항 (제공거부) and the information it excludes under 제17조 제1항.
REFUSAL_REASONS = {
    "non_disclosure": (
        "비공개대상정보 포함",
        "Contains information exempt from disclosure",
        "공공데이터법 제17조 제1항 제1호, 「공공기관의 정보공개에 관한 법률」 제9조 제1항",
    ),
    "third_party_rights": (
        "제3자의 권리(저작권 등)가 포함되어 이용허락을 받지 못함",
        "Contains third-party rights (e.g. copyright) without a licence",
        "공공데이터법 제17조 제1항 제2호",
    ),
    "not_held": (
        "기관이 보유·관리하지 않는 데이터",
        "The organisation does not hold this data",
        "공공데이터법 제2조 제2호 (공공데이터에 해당하지 않음)",
    ),
    "undue_burden": (
        "제공이 기관의 본래 업무수행에 상당한 지장을 초래",
        "Providing it would seriously disrupt the organisation's duties",
        "공공데이터법 제28조 제1항",
    ),
    "other": ("기타 (사유를 적어 주십시오)", "Other (explain below)", "공공데이터법 제28조 제1항"),
}

MEDIATION_NOTICE = (
    "제공거부 결정에 이의가 있으면 결정을 통지받은 날부터 60일 이내에 "
    "공공데이터제공분쟁조정위원회에 분쟁조정을 신청할 수 있습니다 (공공데이터법 제29조).",
    "If you disagree with this refusal you may apply for dispute mediation to the Public Data "
    "Dispute Mediation Committee (공공데이터제공분쟁조정위원회) within 60 days of being notified "
    "(Public Data Act, Article 29).",
)


class WorkflowError(ValueError):
    """A refused step; `field` names the form field, `message` is English with {params}."""

    def __init__(self, field: str, message: str, **params):
        super().__init__(message.format(**params))
        self.field, self.message, self.params = field, message, params


def check_answer(
    current: str, wanted: str, refusal_reason: str | None, refusal_text: str | None, duplicate_of: str | None
) -> None:
    if wanted not in STATUSES:
        raise WorkflowError("status", "Unknown status: {status}", status=wanted)
    if wanted not in TRANSITIONS.get(current, set()):
        raise WorkflowError(
            "status", "A request that is {current} cannot become {wanted}.", current=current, wanted=wanted
        )
    if wanted == REFUSED:
        if refusal_reason not in REFUSAL_REASONS:
            raise WorkflowError("refusal_reason", "Choose the ground of the refusal.")
        if refusal_reason == "other" and not (refusal_text or "").strip():
            raise WorkflowError("refusal_text", "Explain the refusal.")
    if wanted == DUPLICATE and not (duplicate_of or "").strip():
        raise WorkflowError("duplicate_of", "Name the earlier request this one duplicates.")


def check_close(current: str, wanted: str) -> None:
    if current not in CLOSABLE:
        raise WorkflowError("status", "A request that is {current} cannot be closed.", current=current)
    if wanted not in (PROVIDED, PARTIAL):
        raise WorkflowError("status", "A dataset answers a request as provided or partly provided.")


def label(status: str, lang: str | None) -> str:
    ko, en = LABELS.get(status, (status, status))
    return en if (lang or "").startswith("en") else ko


def refusal_label(code: str, lang: str | None) -> str:
    ko, en, _ground = REFUSAL_REASONS.get(code, (code, code, ""))
    return en if (lang or "").startswith("en") else ko


def mask_name(name: str) -> str:
    """The requester as the public sees them: first character kept (김** / J***)."""
    name = (name or "").strip()
    if not name:
        return "*"
    return name[0] + "*" * max(len(name) - 1, 2)
