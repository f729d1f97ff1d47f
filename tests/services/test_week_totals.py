"""The derived `week_totals` table always equals a recomputation from the entries."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import UserError
from app.services import entries, timer
from app.services.clients import add_client
from app.services.contracts import add_contract, edit_contract
from app.services.opening import open_database
from app.services.week_totals import read_week_totals, rebuild_week_totals

BASE = datetime(2026, 3, 1, tzinfo=UTC)  # a Sunday: spans cross the Monday boundary often
LATER = datetime(2026, 6, 1, tzinfo=UTC)

operation = st.one_of(
    st.tuples(st.just("log"), st.integers(0, 2), st.integers(0, 20 * 24 * 4), st.integers(1, 96)),
    st.tuples(st.just("edit"), st.integers(0, 30), st.integers(0, 20 * 24 * 4), st.integers(1, 96)),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 2), st.just(0)),
    st.tuples(st.just("delete"), st.integers(0, 30), st.just(0), st.just(0)),
    st.tuples(st.just("split"), st.integers(0, 30), st.integers(1, 95), st.just(0)),
    st.tuples(st.just("timer"), st.integers(0, 2), st.integers(0, 20 * 24 * 4), st.integers(1, 96)),
    st.tuples(st.just("rounding"), st.integers(0, 2), st.sampled_from([0, 360, 900]), st.just(0)),
)


def quarter(n: int) -> datetime:
    return BASE + timedelta(minutes=15 * n)


def apply(db, op) -> None:
    kind, a, b, c = op
    titles = ["A", "B", "C"]
    known = [e.id for e in entries.list_entries(db, start=BASE, end=LATER, now=LATER)]
    pick = known[a % len(known)] if known else None
    if kind == "log":
        entries.log_entry(db, titles[a], quarter(b), quarter(b + c), now=LATER)
    elif kind == "edit" and pick:
        entries.edit_entry(db, pick, start=quarter(b), end=quarter(b + c), now=LATER)
    elif kind == "move" and pick:
        entries.edit_entry(db, pick, contract=titles[b], now=LATER)
    elif kind == "delete" and pick:
        entries.delete_entry(db, pick, now=LATER)
    elif kind == "split" and pick:
        info = next(
            e for e in entries.list_entries(db, start=BASE, end=LATER, now=LATER) if e.id == pick
        )
        entries.split_entry(db, pick, info.start + (info.end - info.start) * b / 96, now=LATER)
    elif kind == "timer":
        timer.start_timer(db, titles[a], at=quarter(b), now=LATER)
        timer.stop_timer(db, at=quarter(b + c), now=LATER)
    elif kind == "rounding":
        edit_contract(db, titles[a], rounding_seconds=b, effective_from=BASE)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_table_equals_recomputation_after_any_operations(ops):
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'w.sqlite'}")
        add_client(db, "C", now=BASE)
        for title in "ABC":
            add_contract(db, title, client="C", hourly_rate=Decimal("50"), now=BASE)
        for op in ops:
            # Refused operations (overlaps, bad spans) must change nothing.
            with contextlib.suppress(UserError):
                apply(db, op)
            timer_running = timer.timer_status(db, now=LATER).running
            assert not timer_running
        with db.read() as session:
            maintained = read_week_totals(session)
        with db.write() as session:
            rebuild_week_totals(session)
        with db.read() as session:
            recomputed = read_week_totals(session)
        db.dispose()
    assert maintained == recomputed
