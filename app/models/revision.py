"""The schema revision this version of Tallyhour writes (no SQLAlchemy, so quick paths can check it)."""

#: The newest migration; a test checks it equals Alembic's head.
HEAD_REVISION = "0006_statement_lines"
