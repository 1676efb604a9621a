"""What one harvest run does with each record (pure: no CKAN import).

Gather compares the records the source lists now with what earlier runs stored (a content
hash per GUID): new and changed records go to import, unchanged ones are only counted, and
records gone from the source are withdrawn unless the mass-withdrawal guard holds them back.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

DEFAULT_GUARD_SHARE = 0.10


@dataclass(frozen=True)
class Previous:
    """The current harvest object of a GUID from earlier runs."""

    content_hash: str | None
    package_id: str | None


@dataclass
class SyncPlan:
    to_import: list[str] = field(default_factory=list)  # new or changed GUIDs
    unchanged: list[str] = field(default_factory=list)
    to_withdraw: list[str] = field(default_factory=list)
    # why withdrawals were held back, if they were: an English message id and its parameters
    # (the CKAN glue translates it; this module has no CKAN import)
    guard_reason: str | None = None
    guard_params: dict = field(default_factory=dict)

    @property
    def guard_message(self) -> str | None:
        return self.guard_reason.format(**self.guard_params) if self.guard_reason else None


def is_unchanged(before: Previous | None, content_hash: str) -> bool:
    """A record is unchanged when an earlier run stored the same content for a dataset that
    still exists (a record whose import failed has no dataset: it is tried again)."""
    return before is not None and bool(before.package_id) and before.content_hash == content_hash


def plan_sync(
    seen: dict[str, str],
    previous: dict[str, Previous],
    *,
    complete: bool,
    guard_share: float = DEFAULT_GUARD_SHARE,
) -> SyncPlan:
    """seen: GUID -> content hash of every record this run could read from the source.
    complete: False when the listing stopped early (fault, quota): then nothing is withdrawn,
    because a record missing from an incomplete listing is not known to be gone."""
    plan = plan_withdrawals(seen, previous, complete=complete, guard_share=guard_share)
    for guid, content_hash in seen.items():
        (plan.unchanged if is_unchanged(previous.get(guid), content_hash) else plan.to_import).append(guid)
    return plan


def plan_withdrawals(
    seen: Container[str],
    previous: dict[str, Previous],
    *,
    complete: bool,
    guard_share: float = DEFAULT_GUARD_SHARE,
) -> SyncPlan:
    """Only the withdrawal half of plan_sync, for harvesters that decided each record as
    they read it: seen holds the GUIDs the source listed (mapped or not)."""
    plan = SyncPlan()
    gone = sorted(guid for guid, before in previous.items() if guid not in seen and before.package_id)
    if not gone:
        return plan
    if not complete:
        plan.guard_reason = "The source listing stopped early: {gone} datasets not listed were kept (not withdrawn)."
        plan.guard_params = {"gone": len(gone)}
    elif not seen:
        plan.guard_reason = "The source listed no records: {gone} datasets were kept (not withdrawn)."
        plan.guard_params = {"gone": len(gone)}
    elif len(gone) > guard_share * len(previous):
        plan.guard_reason = (
            "{gone} of {total} datasets ({share}) are gone from the source, more than the guard allows "
            "({limit}): nothing was withdrawn. Check the source, then raise withdrawal_guard_share in the "
            "source configuration to accept."
        )
        plan.guard_params = {
            "gone": len(gone),
            "total": len(previous),
            "share": f"{len(gone) / len(previous):.0%}",
            "limit": f"{guard_share:.0%}",
        }
    else:
        plan.to_withdraw = gone
    return plan
