"""The figures of `make bench`, each measured on the code path the user runs."""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from app.core.weeks import BillingWeek, bucket_start
from app.models.database import Database
from app.services import invoices, timesheets
from app.services.clients import add_client
from app.services.contracts import add_contract
from app.services.dashboard import Filters, dashboard, yearly_totals
from app.services.entries import log_entry, week_entries
from app.services.opening import open_database
from app.services.settings import update_settings
from app.services.timer import start_timer, stop_timer
from bench import anchors, data
from bench.measure import Figure, alternating_seconds, median_seconds, process_seconds, python

WEEK = BillingWeek.of(data.NOW)


def _check(figure: Figure, *, most: float | None = None, ratio: float | None = None) -> Figure:
    """Fill in a figure's target text and whether it was met."""
    checks = []
    if most is not None:
        figure.target = f"<= {most:g} {figure.unit}"
        checks.append(figure.value <= most)
    if ratio is not None and figure.ratio is not None:
        figure.target = (figure.target + ", " if figure.target else "") + f"ratio <= {ratio:g}"
        checks.append(figure.ratio <= ratio)
    figure.met = all(checks) if checks else None
    return figure


def measure_timer_toggle(scratch: Path) -> list[Figure]:
    """Start + stop through the services, each committed, on the 100k database."""
    db = open_database(f"sqlite:///{data.scratch_copy('100k', scratch)}")
    moments = iter(range(10_000))

    def toggle() -> None:
        begin = data.NOW + timedelta(minutes=3 * next(moments))
        start_timer(db, 1, memo="bench", at=begin, now=begin + timedelta(minutes=2))
        stop_timer(db, at=begin + timedelta(minutes=1), now=begin + timedelta(minutes=2))

    value = median_seconds(toggle, runs=25, warmup=3) * 1000
    db.dispose()
    return [_check(Figure("timer_toggle_ms", value, "ms"), most=20)]


def measure_cli_status(scratch: Path) -> list[Figure]:
    """`tallyhour status` as a whole process, against `python -c pass`."""
    path = data.database("100k")
    tallyhour = str(Path(python()).with_name("tallyhour"))
    baseline = process_seconds([python(), "-c", "pass"])
    value = process_seconds([tallyhour, "--db", f"sqlite:///{path}", "status"])
    return [_check(Figure("cli_status_s", value, "s", baseline, value / baseline), ratio=4)]


def measure_cli_earnings(scratch: Path) -> list[Figure]:
    """`tallyhour earnings --weeks 12 --json` as a whole process, at 1M entries against 100k."""
    tallyhour = str(Path(python()).with_name("tallyhour"))
    found = {
        label: process_seconds(
            [
                tallyhour,
                "--db",
                f"sqlite:///{data.database(label)}",
                "earnings",
                "--weeks",
                "12",
                "--json",
            ]
        )
        for label in ("100k", "1m")
    }
    return [
        Figure("cli_earnings_100k_s", found["100k"], "s"),
        _check(
            Figure(
                "cli_earnings_1m_s", found["1m"], "s", found["100k"], found["1m"] / found["100k"]
            ),
            ratio=2,
        ),
    ]


def measure_week_view(scratch: Path) -> list[Figure]:
    """One billing week's entries as the window loads them, at 10k, 100k and 1M entries."""
    found: dict[str, float] = {}
    for label in data.SIZES:
        db = open_database(f"sqlite:///{data.database(label)}")
        rows = week_entries(db, WEEK, now=data.NOW)
        assert rows, f"no entries in {WEEK.label} at {label}"
        found[label] = median_seconds(lambda db=db: week_entries(db, WEEK, now=data.NOW)) * 1000
        db.dispose()
    return [
        Figure("week_view_10k_ms", found["10k"], "ms"),
        _check(Figure("week_view_100k_ms", found["100k"], "ms"), most=20),
        _check(
            Figure(
                "week_view_1m_ms", found["1m"], "ms", found["100k"], found["1m"] / found["100k"]
            ),
            ratio=2,
        ),
    ]


def _raw_dashboard_totals(path: Path) -> Callable[[], object]:
    """The baseline: raw sqlite3 queries of the totals the dashboard shows, on the same file.

    Per contract and week from the start of the year (the 12 weeks, this week, pending
    money and year to date) with the billed amount, each client's lifetime billings before
    that, milestones and withdrawals: everything except replaying the fee tiers.
    """
    connection = sqlite3.connect(path)
    year_start = BillingWeek.of(data.NOW.replace(month=1, day=4)).bucket
    twelve = bucket_start(WEEK.bucket - 11)
    amount = (
        "(CASE WHEN c.weekly_limit_seconds IS NOT NULL AND w.counted_seconds > c.weekly_limit_seconds"
        " THEN c.weekly_limit_seconds ELSE w.counted_seconds END * c.rate_cents + 1800) / 3600"
    )

    def query() -> object:
        weeks = connection.execute(
            f"SELECT w.bucket, w.contract_id, c.client_id, c.currency, w.tracked_seconds, {amount}"
            " FROM week_totals w JOIN contracts c ON c.id = w.contract_id WHERE w.bucket >= ?",
            (year_start - 1,),
        ).fetchall()
        lifetime = connection.execute(
            f"SELECT c.client_id, SUM({amount}) FROM week_totals w"
            " JOIN contracts c ON c.id = w.contract_id WHERE w.bucket < ? GROUP BY c.client_id",
            (year_start - 1,),
        ).fetchall()
        milestones = connection.execute(
            "SELECT m.contract_id, c.client_id, SUM(m.amount_cents) FROM milestones m"
            " JOIN contracts c ON c.id = m.contract_id WHERE m.released_at IS NOT NULL"
            " GROUP BY m.contract_id, c.client_id"
        ).fetchall()
        withdrawals = connection.execute(
            "SELECT COUNT(*), SUM(fee_cents) FROM withdrawals WHERE at >= ?", (twelve,)
        ).fetchall()
        return weeks, lifetime, milestones, withdrawals

    return query


def measure_dashboard(scratch: Path) -> list[Figure]:
    """The 12-week dashboard data, against the raw query of the same totals."""
    figures = []
    for label in data.SIZES:
        path = data.database(label)
        db = open_database(f"sqlite:///{path}")
        value = median_seconds(lambda db=db: dashboard(db, Filters(weeks=12), now=data.NOW)) * 1000
        baseline = median_seconds(_raw_dashboard_totals(path)) * 1000
        db.dispose()
        figure = Figure(f"dashboard_{label}_ms", value, "ms", baseline, value / baseline)
        figures.append(_check(figure, most=100, ratio=3) if label == "100k" else figure)
    return figures


def measure_yearly_totals(scratch: Path) -> list[Figure]:
    """All-time totals per year at 100k entries (every fee replayed in ledger order)."""
    db = open_database(f"sqlite:///{data.database('100k')}")
    value = median_seconds(lambda: yearly_totals(db, now=data.NOW)) * 1000
    db.dispose()
    return [_check(Figure("yearly_totals_100k_ms", value, "ms"), most=300)]


def _document_database(scratch: Path, entries: int) -> tuple[Database, BillingWeek]:
    """A small database with one hourly contract and `entries` half-hour entries."""
    db = open_database(f"sqlite:///{scratch / f'documents-{entries}.sqlite'}")
    update_settings(db, name="Sam Rivera", address="1 Main Street\nSpringfield")
    add_client(db, "Client Ltd", email="billing@client.example", now=data.NOW)
    add_contract(db, "Bench job", client="Client Ltd", hourly_rate=Decimal("55"), now=data.NOW)
    first = BillingWeek.of(data.NOW - timedelta(weeks=60))
    for number in range(entries):
        # Up to ten entries a day, each half an hour, every day of the week.
        start = first.starts_at + timedelta(days=number // 10, minutes=45 * (number % 10) + 480)
        log_entry(
            db,
            "Bench job",
            start,
            start + timedelta(minutes=30),
            memo=f"Task {number}: API endpoint work, review & tests",
            now=data.NOW,
        )
    return db, first


def measure_timesheet_pdf(scratch: Path) -> list[Figure]:
    """One week's timesheet PDF of 50 entries, written in-process."""
    db, first = _document_database(scratch, 50)
    week = first
    while not week_entries(db, week, now=data.NOW):
        week = week.next()
    rows = len(timesheets.timesheet_data(db, "Bench job", week).rows)
    if rows < 50:  # the 50 entries span more than one week: use a week of exactly 50
        raise RuntimeError(f"week {week.label} holds {rows} entries, not 50")
    out = scratch / "timesheet.pdf"
    value = median_seconds(lambda: timesheets.timesheet_pdf(db, "Bench job", week, out)) * 1000
    db.dispose()
    return [_check(Figure("timesheet_pdf_ms", value, "ms"), most=150)]


def measure_invoice_pdf(scratch: Path) -> list[Figure]:
    """The PDF of an invoice of 2,000 lines (one per memo), written in-process."""
    db, first = _document_database(scratch, 2_000)
    info = invoices.create_invoice(
        db,
        "Bench job",
        period=(first.starts_at, data.NOW),
        group_by="memo",
        tax_rate=Decimal("0.2"),
        now=data.NOW,
    )
    assert len(info.lines) == 2_000, len(info.lines)
    invoices.issue_invoice(db, info.id, now=data.NOW)
    out = scratch / "invoice.pdf"
    value = median_seconds(lambda: invoices.invoice_pdf(db, info.id, out), runs=5)
    db.dispose()
    return [_check(Figure("invoice_pdf_2000_s", value, "s"), most=3)]


def _probe(label: str, mode: str) -> list[str]:
    """The command line of the window probe on a cached database, at the end of its history."""
    url = f"sqlite:///{data.database(label)}"
    return [python(), "-m", "bench.window_probe", url, mode, data.NOW.isoformat()]


def measure_cold_start(scratch: Path) -> list[Figure]:
    """From spawning the process until the window painted this week's entries, at 100k.

    The bare window is timed to its own first paint, in turn with the window.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    commands = {"bare": [python(), "-m", "bench.bare_window"], "window": _probe("100k", "ready")}
    seconds = alternating_seconds(commands, env=env, runs=9, until_painted=True)
    baseline, value = seconds["bare"], seconds["window"]
    return [_check(Figure("cold_start_100k_s", value, "s", baseline, value / baseline), ratio=1.5)]


def measure_click_to_repaint(scratch: Path) -> list[Figure]:
    """In the window at 100k entries: a click on Start (and Stop) until the button repaints."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    url = f"sqlite:///{data.scratch_copy('100k', scratch)}"
    probe = [python(), "-m", "bench.window_probe", url, "toggle", data.NOW.isoformat()]
    printed = subprocess.run(probe, env=env, capture_output=True, text=True, check=True).stdout
    words = printed.split()
    start, stop = (
        float(words[words.index("start_ms") + 1]),
        float(words[words.index("stop_ms") + 1]),
    )
    return [
        _check(Figure("window_start_click_100k_ms", start, "ms"), most=100),
        _check(Figure("window_stop_click_100k_ms", stop, "ms"), most=100),
    ]


def measure_gui_memory(scratch: Path) -> list[Figure]:
    """Resident memory of the window at 100k entries after opening every view."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    values = []
    for _ in range(5):
        result = subprocess.run(
            _probe("100k", "memory"), env=env, capture_output=True, text=True, check=True
        )
        values.append(float(result.stdout.split("rss_mb", 1)[1].split()[0]))
    return [_check(Figure("gui_rss_100k_mb", statistics.median(values), "MB"), most=200)]


def _watson_frames_file(scratch: Path, count: int) -> Path:
    """A Watson frames file of `count` 45-minute frames an hour apart over five projects."""
    return anchors.write_watson_frames(scratch / "frames", count)


def measure_watson_import(scratch: Path) -> list[Figure]:
    """Importing 100,000 Watson frames into an empty database, against a raw SQLite insert."""
    from app.services.imports import import_file

    count, frames = 100_000, _watson_frames_file(scratch, 100_000)
    runs = iter(range(100))

    def fresh() -> Database:
        return open_database(f"sqlite:///{scratch / f'import-{next(runs)}.sqlite'}")

    def run_import() -> None:
        db = fresh()
        result = import_file(db, "watson", frames, now=data.NOW)
        db.dispose()
        assert result.entries_added == count, result.problems[:3]

    def raw_insert() -> None:
        path = scratch / f"raw-{next(runs)}.sqlite"
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE t (contract INT, start INT, end INT, memo TEXT, id TEXT)")
        connection.executemany(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
            ((n % 5, 3600 * n, 3600 * n + 2700, "bench", f"{n:032x}") for n in range(count)),
        )
        connection.commit()
        connection.close()

    value = median_seconds(run_import, runs=3, warmup=0)
    baseline = median_seconds(raw_insert, runs=3, warmup=0)
    figure = Figure("import_watson_100k_s", value, "s", baseline, value / baseline)
    return [_check(figure, most=20)]


ALL = [
    measure_cold_start,
    measure_gui_memory,
    measure_click_to_repaint,
    measure_timer_toggle,
    measure_cli_status,
    measure_cli_earnings,
    measure_week_view,
    measure_dashboard,
    measure_yearly_totals,
    measure_timesheet_pdf,
    measure_invoice_pdf,
    measure_watson_import,
    anchors.measure_anchors,
]
