"""What the profile reads beyond the dataset dicts, read once per catalogue page.

ckanext-dcat serialises a catalogue page dataset by dataset, with a new profile object for
each. The values that live in the database or the index (upstream datasets' IRIs, the last
harvest, quality measurements) would cost one or more queries per dataset. Around a page
(``page``), the first dataset that needs a kind of value has it loaded for all the page's
datasets at once (one loader call, a few queries); a dataset serialised alone loads its own.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Loader = Callable[[list[dict]], dict[str, Any]]


class _Page:
    def __init__(self, datasets: Iterable[dict]):
        self.datasets = [d for d in datasets if d.get("id")]
        self.ids = {d["id"] for d in self.datasets}
        self.loaded: dict[str, dict[str, Any]] = {}


_page: contextvars.ContextVar[_Page | None] = contextvars.ContextVar("busan_dcat_page", default=None)


@contextlib.contextmanager
def page(datasets: Iterable[dict]) -> Iterator[None]:
    token = _page.set(_Page(datasets))
    try:
        yield
    finally:
        _page.reset(token)


def lookup(kind: str, dataset: dict, loader: Loader, default: Any = None) -> Any:
    """loader(datasets) -> {dataset id: value}: the page's answer for `dataset`, loaded for the
    whole page the first time `kind` is asked, or the dataset's own when it is not on the page."""
    current = _page.get()
    if current is None or dataset.get("id") not in current.ids:
        return loader([dataset]).get(dataset.get("id"), default)
    if kind not in current.loaded:
        current.loaded[kind] = loader(current.datasets)
    return current.loaded[kind].get(dataset["id"], default)
