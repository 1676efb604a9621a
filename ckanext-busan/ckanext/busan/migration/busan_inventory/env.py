"""Runs busan_inventory's migrations (the bundle's shared alembic environment)."""

from ckanext.busan.alembic_env import run

run(__file__)
