"""Template helpers of data requests (registered by tk.blanket.helpers)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.busan.requests import workflow

__all__ = ["busan_request_status_label", "busan_request_refusal_label", "busan_requests_answered_by"]


def busan_request_status_label(status: str) -> str:
    return workflow.label(status, tk.h.lang())


def busan_request_refusal_label(code: str) -> str:
    return workflow.refusal_label(code, tk.h.lang())


def busan_requests_answered_by(package_id: str) -> list[dict]:
    """The data requests a dataset answered, for its page."""
    return tk.get_action("busan_request_for_package")({}, {"package_id": package_id})
