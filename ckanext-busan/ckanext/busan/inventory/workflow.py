"""The selection workflow of inventory records (pure: no CKAN import).

후보 (candidate) → 선정 (selected, with a reason) → 수집 (collected: the harvester publishes it)
후보 / 선정 → 제외 (excluded, with a reason); 제외 → 후보 (reconsidered).
"""

from __future__ import annotations

from ckanext.busan.inventory.model import CANDIDATE, COLLECTED, EXCLUDED, SELECTED

# status now -> statuses a person may move it to (수집 is the harvester's, not a person's)
TRANSITIONS = {
    CANDIDATE: {SELECTED, EXCLUDED},
    SELECTED: {CANDIDATE, EXCLUDED},
    EXCLUDED: {CANDIDATE},
    COLLECTED: {EXCLUDED},
}
NEEDS_REASON = {SELECTED, EXCLUDED}


class WorkflowError(ValueError):
    def __init__(self, message: str, **params):
        super().__init__(message.format(**params))
        self.message, self.params = message, params


def check_decision(current: str, wanted: str, reason: str | None) -> None:
    if wanted not in TRANSITIONS.get(current, set()):
        raise WorkflowError("A record that is {current} cannot become {wanted}.", current=current, wanted=wanted)
    if wanted in NEEDS_REASON and not (reason or "").strip():
        raise WorkflowError("Give a reason for this decision.")


LABELS = {
    CANDIDATE: ("후보", "Candidate"),
    SELECTED: ("선정", "Selected"),
    COLLECTED: ("수집", "Collected"),
    EXCLUDED: ("제외", "Excluded"),
}


def status_label(status: str, lang: str | None) -> str:
    ko, en = LABELS.get(status, (status, status))
    return en if (lang or "").startswith("en") else ko
