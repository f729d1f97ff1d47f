"""A PostgreSQL server for the tests: fresh databases made from a migrated template.

`TALLYHOUR_TEST_PG_URL` names a role that may create databases (`.ci/postgres start`
prints it). Without it the PostgreSQL variants skip, except on CI (`CI=true`), where a
missing server is a failure.
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ENV_VAR = "TALLYHOUR_TEST_PG_URL"


def admin_url() -> str:
    """The test server's URL, or skip (fail on CI) when there is none."""
    url = os.environ.get(ENV_VAR, "")
    if not url:
        message = f"no PostgreSQL test server: set {ENV_VAR} (see .ci/postgres)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


def database_url(name: str) -> str:
    """The URL of database `name` on the test server (with the test role's password)."""
    return make_url(admin_url()).set(database=name).render_as_string(hide_password=False)


def create_database(*, template: str | None = None) -> str:
    """A new database (empty, or a copy of `template`); returns its name."""
    name = f"th_{uuid.uuid4().hex[:16]}"
    clause = f" TEMPLATE {template}" if template else ""
    _admin(f"CREATE DATABASE {name}{clause}")
    return name


def drop_database(name: str) -> None:
    """Drop a test database, closing whatever still holds it open.

    A server's own worker (autovacuum) in the database cannot be ended by the test role:
    wait for it to finish instead.
    """
    from sqlalchemy.exc import ProgrammingError

    for _ in range(50):
        try:
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            return
        except ProgrammingError:
            time.sleep(0.1)
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _admin(statement: str) -> None:
    """Run one statement outside a transaction on the server's maintenance database."""
    engine = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()
