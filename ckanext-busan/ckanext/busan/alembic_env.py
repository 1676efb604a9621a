"""The alembic environment every migration folder of this bundle runs (its env.py calls
run(__file__)): the plugin's own version table, `{plugin}_alembic_version`, as CKAN expects
of extension migrations, named after the folder."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import engine_from_config, pool


def run(env_file: str) -> None:
    config = context.config
    version_table = f"{os.path.basename(os.path.dirname(env_file))}_alembic_version"
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()
        return
    section = config.get_section(config.config_ini_section)
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()
