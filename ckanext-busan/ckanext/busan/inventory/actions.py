"""Actions of the data inventory (registered by tk.blanket.actions)."""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy import or_

from ckanext.busan.inventory.model import STATUSES, InventoryRecord
from ckanext.busan.inventory.workflow import WorkflowError, check_decision

__all__ = ["busan_inventory_list", "busan_inventory_show", "busan_inventory_decide"]


def _record(record_id) -> InventoryRecord:
    record = model.Session.get(InventoryRecord, str(record_id or ""))
    if record is None:
        raise tk.ObjectNotFound(tk._("Inventory record not found"))
    return record


def _visible_sources(context) -> list[str] | None:
    """Harvest source ids whose inventory this user may see (None: all, for sysadmins)."""
    user = context.get("auth_user_obj") or model.User.by_name(context.get("user") or "")
    if context.get("ignore_auth") or (user is not None and user.sysadmin):
        return None
    if user is None:
        return []
    orgs = [g.id for g in user.get_groups("organization", "admin")]
    rows = model.Session.query(model.Package.id).filter(
        model.Package.type == "harvest", model.Package.owner_org.in_(orgs)
    )
    return [r.id for r in rows]


@tk.side_effect_free
def busan_inventory_list(context, data_dict):
    """Inventory records, newest first.

    :param source_id: only this harvest source's records
    :param status: candidate, selected, collected or excluded
    :param q: text found in the schema, table name or comment
    :param limit: at most this many (default 100, at most 1000)
    :param offset: skip this many
    """
    tk.check_access("busan_inventory_list", context, data_dict)
    query = model.Session.query(InventoryRecord)
    visible = _visible_sources(context)
    if visible is not None:
        query = query.filter(InventoryRecord.source_id.in_(visible))
    if data_dict.get("source_id"):
        query = query.filter(InventoryRecord.source_id == str(data_dict["source_id"]))
    status = data_dict.get("status")
    if status:
        if status not in STATUSES:
            raise tk.ValidationError({"status": [tk._("Unknown status: {status}").format(status=status)]})
        query = query.filter(InventoryRecord.status == status)
    if data_dict.get("q"):
        like = f"%{str(data_dict['q'])}%"
        query = query.filter(
            or_(
                InventoryRecord.table_name.ilike(like),
                InventoryRecord.schema_name.ilike(like),
                InventoryRecord.comment.ilike(like),
            )
        )
    try:
        limit = min(int(data_dict.get("limit", 100)), 1000)
        offset = max(int(data_dict.get("offset", 0)), 0)
    except (TypeError, ValueError):
        raise tk.ValidationError({"limit": [tk._("Must be a number.")]}) from None
    total = query.count()
    rows = query.order_by(InventoryRecord.schema_name, InventoryRecord.table_name).offset(offset).limit(limit).all()
    return {"count": total, "results": [r.as_dict() for r in rows]}


@tk.side_effect_free
def busan_inventory_show(context, data_dict):
    """One inventory record with its columns.

    :param id: the record id
    """
    record = _record(data_dict.get("id"))
    tk.check_access("busan_inventory_show", context, {"source_id": record.source_id})
    return record.as_dict()


def busan_inventory_decide(context, data_dict):
    """Move a record through the workflow: 후보 → 선정 / 제외, 선정 → 후보 / 제외, 제외 → 후보.
    The next harvest collects selected records as datasets (수집).

    :param id: the record id
    :param status: selected, excluded or candidate
    :param reason: why (required for selected and excluded)
    """
    record = _record(data_dict.get("id"))
    tk.check_access("busan_inventory_decide", context, {"source_id": record.source_id})
    wanted = str(data_dict.get("status") or "")
    reason = data_dict.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise tk.ValidationError({"reason": [tk._("Must be text.")]})
    try:
        check_decision(record.status, wanted, reason)
    except WorkflowError as e:
        raise tk.ValidationError({"status": [tk._(e.message).format(**e.params)]}) from None
    record.status = wanted
    record.reason = (reason or "").strip()[:2000] or None
    record.decided_by = context.get("user")
    record.decided_at = dt.datetime.utcnow()
    model.Session.commit()
    return record.as_dict()
