"""Rules of citizen contributions (pure: no CKAN import): moderation steps, the honeypot
and the rate limits of self-registration and submissions."""

from __future__ import annotations

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATUSES = (PENDING, APPROVED, REJECTED)
LABELS = {
    PENDING: ("검토 대기", "Awaiting review"),
    APPROVED: ("승인", "Approved"),
    REJECTED: ("반려", "Rejected"),
}

# The registration form's hidden field: people never see it, form-filling bots fill it.
HONEYPOT_FIELD = "homepage_url"


class PolicyError(ValueError):
    def __init__(self, field: str, message: str, **params):
        super().__init__(message.format(**params))
        self.field, self.message, self.params = field, message, params


def check_moderation(current: str, wanted: str, reason: str | None) -> None:
    """pending → approved / rejected (with a reason). A rejected submission comes back to
    pending when its contributor fixes it; an approved one may still be withdrawn (rejected)."""
    allowed = {PENDING: {APPROVED, REJECTED}, REJECTED: set(), APPROVED: {REJECTED}}
    if wanted not in allowed.get(current, set()):
        raise PolicyError(
            "status", "A submission that is {current} cannot become {wanted}.", current=current, wanted=wanted
        )
    if wanted == REJECTED and not (reason or "").strip():
        raise PolicyError("reason", "Tell the contributor why the submission is rejected.")


def honeypot_tripped(value) -> bool:
    return bool(value) and bool(str(value).strip())


def over_limit(count_including_this: int, limit: int) -> bool:
    """A limit of 0 or less switches the check off."""
    return limit > 0 and count_including_this > limit


def label(status: str, lang: str | None) -> str:
    ko, en = LABELS.get(status, (status, status))
    return en if (lang or "").startswith("en") else ko


def client_address(remote_addr: str | None, forwarded_for: str | None, proxy_hops: int) -> str:
    """The address to rate-limit: the socket's peer, or with `proxy_hops` trusted proxies in
    front, the address the outermost of them saw (the hops-th entry from the right of
    X-Forwarded-For); entries further left are the client's own claims and are ignored."""
    if proxy_hops > 0 and forwarded_for:
        entries = [e.strip() for e in forwarded_for.split(",") if e.strip()]
        if len(entries) >= proxy_hops:
            return entries[-proxy_hops]
    return remote_addr or "unknown"
