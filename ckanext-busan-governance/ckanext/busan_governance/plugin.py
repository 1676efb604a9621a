"""busan_governance: data governance for the Busan portal.

Standards (the national common standard dictionary), quality diagnosis, metadata quality
and lineage arrive here in later issues; for now the plugin only registers itself so that
sites can enable it by name and the plugin order is fixed.
"""

from __future__ import annotations

import ckan.plugins as p


class BusanGovernancePlugin(p.SingletonPlugin):
    pass
