"""Runs busan_privacy's migrations (the bundle's shared alembic environment)."""

from ckanext.busan.alembic_env import run

run(__file__)
