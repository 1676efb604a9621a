"""Security rules as pure functions (no CKAN import): strong secrets and the upload
allow-list. The CKAN glue is in plugin.py."""

from __future__ import annotations

from pathlib import PurePosixPath

# Words that mark a secret copied from an example file rather than generated.
PLACEHOLDER_MARKERS = ("change-me", "changeme", "change_me", "replace-me", "replaceme", "your-secret", "example")


class InsecureConfiguration(RuntimeError):
    """The portal refuses to start: a secret is a placeholder or too short."""


def weak_secret_reason(name: str, value: str | None, min_length: int) -> str | None:
    """Why a secret is not fit for a running portal, or None when it is."""
    secret = (value or "").strip()
    if secret.startswith("string:"):  # api_token.jwt.*.secret carry a prefix
        secret = secret[len("string:") :]
    if not secret:
        return f"{name} is empty"
    lowered = secret.lower()
    marker = next((m for m in PLACEHOLDER_MARKERS if m in lowered), None)
    if marker:
        return f"{name} is a placeholder (contains '{marker}')"
    if len(secret) < min_length:
        return f"{name} is {len(secret)} characters long; use at least {min_length} random characters"
    return None


def check_secrets(secrets: dict[str, str | None], min_length: int) -> None:
    """Raise InsecureConfiguration naming every weak secret (never printing its value)."""
    reasons = [r for name, value in secrets.items() if (r := weak_secret_reason(name, value, min_length))]
    if reasons:
        raise InsecureConfiguration(
            "Refusing to start with weak secrets: "
            + "; ".join(reasons)
            + ". Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )


def file_extension(filename: str) -> str:
    """'보고서.CSV' -> 'csv'; '' when the name has none."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix
    return suffix[1:].lower()


def upload_refusal(filename: str, size: int | None, allowed: list[str], max_bytes: int) -> tuple[str, dict] | None:
    """(message id, parameters) when an upload is refused, else None."""
    allowed = [a.lower().lstrip(".") for a in allowed]
    ext = file_extension(filename)
    listed = ", ".join(allowed)
    if not ext:
        return "A file without an extension cannot be uploaded. Allowed: {allowed}.", {"allowed": listed}
    if ext not in allowed:
        return "Files of type {ext} cannot be uploaded. Allowed: {allowed}.", {"ext": ext, "allowed": listed}
    if size is not None and size > max_bytes:
        return "The file is larger than the limit of {limit} MB.", {"limit": max_bytes // (1024 * 1024)}
    return None
