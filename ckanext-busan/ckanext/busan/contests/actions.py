"""Actions of contests and events (registered by tk.blanket.actions)."""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.contests import rules
from ckanext.busan.contests.model import Contest, ContestEntry
from ckanext.busan.dataset.validators import _clean_text
from ckanext.busan.requests.deadline import seoul_date
from ckanext.busan.requests.refs import ref as key

__all__ = [
    "busan_contest_create",
    "busan_contest_update",
    "busan_contest_show",
    "busan_contest_list",
    "busan_contest_entry_create",
    "busan_contest_entry_delete",
]

TEXT_LIMITS = {"title": 200, "theme": 200, "description": 10000, "how_to_enter": 5000, "results": 10000}
ENTRY_LIMITS = {"title": 200, "description": 5000}


def _error(field: str, message: str, **params):
    return tk.ValidationError({field: [tk._(message).format(**params)]})


def _text(data_dict, field, limit, required=False) -> str | None:
    value = data_dict.get(field)
    if value is None or value == "":
        if required:
            raise _error(field, "Missing value")
        return None
    if not isinstance(value, str):
        raise _error(field, "Must be text.")
    value = _clean_text(value).strip()
    if required and not value:
        raise _error(field, "Missing value")
    if len(value) > limit:
        raise _error(field, "Must be at most {limit} characters (now {length}).", limit=limit, length=len(value))
    return value or None


def _datasets(data_dict) -> list[str]:
    """Public, active datasets named by id or name (a list, or text separated by commas/lines)."""
    value = data_dict.get("datasets") or []
    if isinstance(value, str):
        value = [v for v in value.replace("\n", ",").split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error("datasets", "Name datasets by their URL name or id.")
    ids = []
    for ref in value[:50]:
        package = model.Package.get(key(ref)) if key(ref) else None
        if package is None or package.state != "active" or package.private:
            raise _error("datasets", "No such public dataset: {name}", name=ref.strip())
        ids.append(package.id)
    return ids


def _collect(data_dict, checks) -> dict:
    """Every field's error at once (the form shows them together)."""
    values, errors = {}, {}
    for field, check in checks.items():
        try:
            values[field] = check()
        except tk.ValidationError as e:
            errors.update(e.error_dict)
        except rules.ContestError as e:
            errors[e.field] = [tk._(e.message).format(**e.params)]
    if errors:
        raise tk.ValidationError(errors)
    return values


def _contest_values(data_dict, current: Contest | None) -> dict:
    checks = {f: (lambda f=f: _text(data_dict, f, TEXT_LIMITS[f], required=f == "title")) for f in TEXT_LIMITS}
    checks["starts"] = lambda: rules.parse_day("starts", data_dict.get("starts", current.starts if current else None))
    checks["ends"] = lambda: rules.parse_day("ends", data_dict.get("ends", current.ends if current else None))
    checks["datasets"] = lambda: _datasets(data_dict)
    values = _collect(data_dict, checks)
    try:
        rules.check_period(values["starts"], values["ends"])
    except rules.ContestError as e:
        raise _error(e.field, e.message) from None
    return values


def _today() -> dt.date:
    return seoul_date(dt.datetime.utcnow())


def _get(data_dict) -> Contest:
    ref = key(data_dict.get("id"))
    contest = None
    if ref:
        contest = model.Session.get(Contest, ref) or model.Session.query(Contest).filter_by(name=ref).first()
    if contest is None:
        raise tk.ObjectNotFound(tk._("Contest not found"))
    return contest


def _package(package_id: str) -> dict | None:
    package = model.Package.get(package_id)
    if package is None or package.state != "active" or package.private:
        return None
    return {"id": package.id, "name": package.name, "title": package.title}


def _showcase(data_dict) -> model.Package | None:
    """A public, active showcase (busan_showcase's dataset type) named by id or URL name."""
    ref = data_dict.get("showcase")
    if ref is None or ref == "":
        return None
    package = model.Package.get(key(ref)) if key(ref) else None
    if package is None or package.type != "showcase" or package.state != "active" or package.private:
        raise _error("showcase", "No such public showcase: {name}", name=str(ref))
    return package


def _entry_dict(entry: ContestEntry) -> dict:
    author = model.User.get(entry.user_id)
    showcase = _package(entry.showcase_id) if entry.showcase_id else None
    return {
        "showcase": showcase,
        "id": entry.id,
        "title": entry.title,
        "description": entry.description,
        "url": entry.url,
        "author": author.display_name if author else "",
        "datasets": [d for d in (_package(p) for p in entry.datasets or []) if d],
        "created": entry.created.isoformat(),
    }


def _dictize(contest: Contest, *, entries: bool = True) -> dict:
    data = {
        "id": contest.id,
        "name": contest.name,
        "title": contest.title,
        "theme": contest.theme,
        "description": contest.description,
        "how_to_enter": contest.how_to_enter,
        "results": contest.results,
        "starts": contest.starts.isoformat(),
        "ends": contest.ends.isoformat(),
        "phase": rules.phase(contest.starts, contest.ends, _today()),
        "datasets": [d for d in (_package(p) for p in contest.datasets or []) if d],
    }
    if entries:
        rows = model.Session.query(ContestEntry).filter_by(contest_id=contest.id).order_by(ContestEntry.created).all()
        data["entries"] = [_entry_dict(e) for e in rows]
    return data


def busan_contest_create(context, data_dict):
    """Open a contest or event page (sysadmins).

    :param name: URL name (lowercase letters, digits, -)
    :param title: the contest's title
    :param theme: its theme
    :param description: what it is about (Markdown)
    :param how_to_enter: how to take part (Markdown)
    :param starts: first day of entries (YYYY-MM-DD)
    :param ends: last day of entries (YYYY-MM-DD)
    :param datasets: datasets to use (ids or names)
    :param results: the results, once known (Markdown)
    """
    tk.check_access("busan_contest_create", context, data_dict)
    name = data_dict.get("name")
    errors = {}
    if not isinstance(name, str) or not _valid_name(name):
        errors["name"] = [tk._("Use 2 to 100 lowercase letters, digits or -.")]
    elif model.Session.query(Contest).filter_by(name=name).first() is not None:
        errors["name"] = [tk._("That URL is already in use.")]
    try:
        values = _contest_values(data_dict, None)
    except tk.ValidationError as e:
        errors.update(e.error_dict)
    if errors:
        raise tk.ValidationError(errors)
    contest = Contest(name=name, created_by=context.get("user"), created=dt.datetime.utcnow(), **values)
    model.Session.add(contest)
    model.Session.commit()
    return _dictize(contest)


def _valid_name(name: str) -> bool:
    return 2 <= len(name) <= 100 and all(c.islower() and c.isascii() or c.isdigit() or c == "-" for c in name)


def busan_contest_update(context, data_dict):
    """Change a contest (sysadmins), e.g. to publish its results. Same fields as create; the
    URL name stays."""
    contest = _get(data_dict)
    tk.check_access("busan_contest_update", context, data_dict)
    merged = {
        **{f: getattr(contest, f) for f in TEXT_LIMITS},
        "starts": contest.starts,
        "ends": contest.ends,
        "datasets": list(contest.datasets or []),
        **{k: v for k, v in data_dict.items() if k != "id"},
    }
    for field, value in _contest_values(merged, contest).items():
        setattr(contest, field, value)
    model.Session.commit()
    return _dictize(contest)


@tk.side_effect_free
def busan_contest_show(context, data_dict):
    """A contest with its datasets and entries.

    :param id: id or URL name
    """
    tk.check_access("busan_contest_show", context, data_dict)
    return _dictize(_get(data_dict))


@tk.side_effect_free
def busan_contest_list(context, data_dict):
    """Contests, the latest first.

    :param open: true: only those accepting entries today
    """
    tk.check_access("busan_contest_list", context, data_dict)
    query = model.Session.query(Contest)
    if data_dict.get("open") in (True, "true", "1"):
        today = _today()
        query = query.filter(Contest.starts <= today, Contest.ends >= today)
    return [_dictize(c, entries=False) for c in query.order_by(Contest.ends.desc(), Contest.name).limit(200)]


def busan_contest_entry_create(context, data_dict):
    """Enter a contest (signed-in users, while it is open).

    :param id: the contest id or URL name
    :param title: the entry's title
    :param description: what it does
    :param url: where to see it (http/https)
    :param datasets: datasets it uses (ids or names)
    :param showcase: the public showcase (analysis) this entry is, by id or URL name (optional;
        the title defaults to the showcase's)
    """
    contest = _get(data_dict)
    tk.check_access("busan_contest_entry_create", context, data_dict)
    if not rules.is_open(contest.starts, contest.ends, _today()):
        raise _error("title", "This contest is not accepting entries.")
    values = _collect(
        data_dict,
        {
            "showcase": lambda: _showcase(data_dict),
            # a showcase entry is titled by its showcase unless given a title
            "title": lambda: _text(data_dict, "title", ENTRY_LIMITS["title"], required=not data_dict.get("showcase")),
            "description": lambda: _text(data_dict, "description", ENTRY_LIMITS["description"]),
            "url": lambda: rules.check_entry_url(_text(data_dict, "url", 500)),
            "datasets": lambda: _datasets(data_dict),
        },
    )
    showcase = values.pop("showcase")
    if showcase is not None:
        values["title"] = values["title"] or showcase.title
    user = model.User.by_name(context.get("user"))
    entry = ContestEntry(
        contest_id=contest.id,
        user_id=user.id,
        showcase_id=showcase.id if showcase else None,
        created=dt.datetime.utcnow(),
        **values,
    )
    model.Session.add(entry)
    model.Session.commit()
    return _entry_dict(entry)


def busan_contest_entry_delete(context, data_dict):
    """Withdraw an entry (its author or a sysadmin).

    :param id: the entry id
    """
    ref = data_dict.get("id")
    entry = model.Session.get(ContestEntry, key(ref)) if key(ref) else None
    if entry is None:
        raise tk.ObjectNotFound(tk._("Entry not found"))
    tk.check_access("busan_contest_entry_delete", context, data_dict)
    model.Session.delete(entry)
    model.Session.commit()
    return {"id": ref}
