"""DCAT-AP 3 publication of the Busan catalogue (ckanext-dcat profile, endpoints, SKOS schemes)."""
