"""Template helpers of busan_datastore (registered by tk.blanket.helpers)."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk

__all__ = ["busan_datastore_status", "busan_datastore_examples", "busan_datastore_columns"]


def busan_datastore_status(resource: dict) -> dict | None:
    """{'state', 'stage', 'message' (in the page's language), 'rows'} of the resource's last
    load; stage ``indexing``: the table answers, its full-text search is still being made."""
    try:
        task = tk.get_action("task_status_show")(
            {"ignore_auth": True},
            {"entity_id": resource["id"], "task_type": "xloader", "key": "xloader"},
        )
    except tk.ObjectNotFound:
        return None
    try:
        value = json.loads(task.get("value") or "{}")
        error = json.loads(task.get("error") or "{}")
    except ValueError:
        value, error = {}, {}
    message = None
    busan = error.get("busan") if isinstance(error, dict) else None
    if busan:
        message = tk._(busan["msgid"]).format(**busan.get("params", {}))
    elif isinstance(error, dict) and error.get("message"):
        message = error["message"]
    return {"state": task.get("state"), "stage": value.get("stage"), "message": message, "rows": value.get("rows")}


def busan_datastore_examples(resource_id: str, field: str | None = None, value: str | None = None) -> dict:
    """Copy-ready calls of datastore_search for the API page (curl, Python, JavaScript)."""
    site = tk.config.get("ckan.site_url", "").rstrip("/")
    endpoint = f"{site}/api/3/action/datastore_search"
    filters = json.dumps({field: value}, ensure_ascii=False) if field and value is not None else None
    curl_data = f'{{"resource_id": "{resource_id}", "limit": 5'
    curl_data += f', "filters": {filters}}}' if filters else "}"
    python_filters = f", filters={filters}" if filters else ""
    js_filters = f", filters: {filters}" if filters else ""
    sql = f'SELECT * FROM "{resource_id}" LIMIT 5'
    return {
        "endpoint": endpoint,
        "curl": f"curl -s {endpoint} -H 'Content-Type: application/json' \\\n  -d '{curl_data}'",
        "python": (
            "from ckanapi import RemoteCKAN\n\n"
            f"portal = RemoteCKAN('{site}')\n"
            f"result = portal.action.datastore_search(resource_id='{resource_id}', limit=5{python_filters})\n"
            "for record in result['records']:\n    print(record)"
        ),
        "javascript": (
            f"const response = await fetch('{endpoint}', {{\n"
            "  method: 'POST',\n  headers: {'Content-Type': 'application/json'},\n"
            f"  body: JSON.stringify({{resource_id: '{resource_id}', limit: 5{js_filters}}}),\n}});\n"
            "const {result} = await response.json();\nconsole.log(result.records);"
        ),
        "sql": f"{site}/api/3/action/datastore_search_sql?sql=" + sql.replace(" ", "%20").replace('"', "%22"),
        "sql_text": sql,
    }


def _standard_terms(labels: list[str]) -> list[str | None]:
    """The standard term of each column name, when the governance feature (busan_governance)
    is enabled: its compliance check against the common standard dictionary."""
    try:
        check = tk.get_action("busan_compliance_check")
    except KeyError:  # not enabled
        return [None] * len(labels)
    try:
        results = check({"ignore_auth": True}, {"names": labels})["results"]
    except (tk.ValidationError, tk.ObjectNotFound):
        return [None] * len(labels)
    terms = []
    for result in results:
        term = result.get("term") or {}
        terms.append(term.get("name") or result.get("replacement"))
    return terms + [None] * (len(labels) - len(terms))


def busan_datastore_columns(resource_id: str) -> list[dict]:
    """The data dictionary: id, label (full header), type, notes and the standard term of
    each column when the governance feature knows it."""
    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return []
    columns = []
    for f in info.get("fields", []):
        if f["id"].startswith("_"):
            continue
        meta = f.get("info") or {}
        columns.append(
            {
                "id": f["id"],
                "label": meta.get("label") or f["id"],
                "type": f.get("type"),
                "notes": meta.get("notes") or "",
            }
        )
    for column, term in zip(columns, _standard_terms([c["label"] for c in columns]), strict=True):
        column["standard"] = term
    return columns
