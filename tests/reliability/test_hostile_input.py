"""Hostile input at the command line and the services: one clear line, nothing written.

Every refused command exits with code 2 and one line on stderr, shows no traceback, and
leaves every table exactly as it was. Every accepted value comes back exactly as typed.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from itertools import count
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.core.errors import UserError
from app.core.money import MAX_AMOUNT
from app.services.clients import add_client, edit_client
from app.services.contracts import add_contract, edit_contract
from app.services.entries import delete_entry, edit_entry, list_entries, log_entry, split_entry
from app.services.lookup import name_key
from app.services.payments import add_milestone, release_milestone, withdraw
from app.services.timer import start_timer, stop_timer
from tests.conftest import NOW
from tests.reliability.conftest import dump_database, set_zone

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
JOB = "Sample job"
LOG = ("log", JOB)
MEGABYTE = "x" * 1_000_000
#: A zone whose clocks turned back at 04:00 on 2004-10-31 (03:00 came twice).
NICOSIA = ZoneInfo("Europe/Nicosia")


SETUP = (
    ("client", "add", "Sample Co", "--billed-before", "1,250.50"),
    ("contract", "add", JOB, "--client", "sample co", "--hourly", "60", "--platform", "upwork"),
    ("contract", "add", "Logo", "--client", "Sample Co", "--fixed", "--platform", "fiverr"),
    ("log", JOB, "--from", "2026-03-02T09:00Z", "--to", "2026-03-02T10:00Z", "--memo", "first"),
    ("milestone", "add", "Logo", "Draft", "--amount", "300"),
    # Earnings available before the withdrawal (a withdrawal never exceeds them).
    ("log", JOB, "--from", "2026-02-09T09:00Z", "--to", "2026-02-09T12:00Z", "--memo", "earlier"),
    ("withdraw", "100", "--method", "local-bank", "--at", "2026-03-04T12:00Z"),
)


@pytest.fixture(scope="module")
def ready_template(tmp_path_factory) -> Path:
    """A database with a client, two contracts, entries, a milestone and a withdrawal."""
    path = tmp_path_factory.mktemp("ready") / "template.sqlite"
    for args in SETUP:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
            code = main(["--db", f"sqlite:///{path}", *args])
        assert code == 0, (args, err.getvalue())
    return path


@pytest.fixture
def ready(cli, ready_template, db_path):
    """The command line on a fresh copy of the template database."""
    source, target = sqlite3.connect(ready_template), sqlite3.connect(db_path)
    source.backup(target)
    source.close()
    target.close()
    return cli


def refused_cleanly(cli, db_path, *args: str) -> str:
    """Run a command that must be refused; check the promise and return the message."""
    before = dump_database(db_path)
    code, out, err = cli(*args)
    assert code == 2, (args, code, out, err)
    assert len(err.splitlines()) == 1 and err.startswith("tallyhour: "), err
    assert "Traceback" not in out + err
    assert dump_database(db_path) == before
    return err


def span(start: str, end: str, *more: str) -> tuple[str, ...]:
    return (*LOG, "--from", start, "--to", end, *more)


BAD_TIMES = {
    "a word": span("yesterday", "2026-03-02T10:00Z"),
    "empty": span("", "2026-03-02T10:00Z"),
    "blank": span("   ", "2026-03-02T10:00Z"),
    "epoch seconds": span("1772442000", "2026-03-02T10:00Z"),
    "month 13": span("2026-13-01T10:00", "2026-13-01T11:00"),
    "30 February": span("2026-02-30T10:00", "2026-02-30T11:00"),
    "29 February, non-leap 2026": span("2026-02-29T10:00Z", "2026-02-29T11:00Z"),
    "29 February, non-leap 2100": span("2100-02-29T10:00Z", "2100-02-29T11:00Z"),
    "hour 24:30": span("2026-03-02T24:30", "2026-03-02T25:00"),
    "offset +25:00": span("2026-03-02T09:00+25:00", "2026-03-02T10:00Z"),
    "NUL inside": span("2026-03-02T09:00\x00", "2026-03-02T10:00Z"),
    "year 1": span("0001-01-01T00:00", "0001-01-01T01:00"),
    "year 1 with offset": span("0001-01-01T00:00-12:00", "0001-01-01T01:00-12:00"),
    "year 9999": span("9999-12-31T23:00", "9999-12-31T23:59"),
    "year 9999 at +14:00": span("9999-12-31T23:00+14:00", "9999-12-31T23:30+14:00"),
    "1999": span("1999-12-31T22:00Z", "1999-12-31T23:00Z"),
    "2101": span("2101-01-01T00:00Z", "2101-01-01T01:00Z"),
    "end in the far future": span("2026-03-03T09:00Z", "2099-03-03T10:00Z"),
    "end before start": span("2026-03-03T10:00Z", "2026-03-03T09:00Z"),
    "end equals start": span("2026-03-03T10:00Z", "2026-03-03T10:00Z"),
    "manual over 24 h": span("2026-03-03T10:00Z", "2026-03-04T10:00:01Z"),
    "overlaps an entry": span("2026-03-02T09:30Z", "2026-03-02T09:45Z"),
    "start in the future": ("start", JOB, "--at", "2099-01-01T00:00Z"),
    "start in year 0": ("start", JOB, "--at", "0000-01-01T00:00"),
    "stop with no timer": ("stop", "--at", "2026-03-02T10:00Z"),
    "week 54": ("week", "--week", "2026-W54"),
    "week 0": ("week", "--week", "2026-W00"),
    "week in 9999": ("week", "--week", "9999-W52", "--json"),
    "week in year 1": ("entries", "--week", "0001-W01", "--json"),
    "week of a month": ("week", "--week", "2026-10"),
    "end date 29 February 2026": ("contract", "end", JOB, "--on", "2026-02-29"),
    "end date in 9999": ("contract", "end", JOB, "--on", "9999-12-31"),
    "release in the future": ("milestone", "release", "1", "--at", "2099-01-01T00:00Z"),
    "release in year 1": ("milestone", "release", "1", "--at", "0001-01-01T00:00"),
}


@pytest.mark.parametrize("args", list(BAD_TIMES.values()), ids=list(BAD_TIMES))
def test_bad_dates_and_times_are_refused(ready, db_path, args):
    refused_cleanly(ready, db_path, *args)


def test_a_local_time_the_clocks_skipped_is_refused_with_the_reason(ready, db_path, monkeypatch):
    set_zone(monkeypatch, "Europe/Berlin")
    err = refused_cleanly(ready, db_path, *span("2026-03-29T02:30", "2026-03-29T03:30"))
    assert "does not exist" in err


AMOUNTS = [
    "-1", "0", "-0", "NaN", "nan", "sNaN", "inf", "-Infinity", "12.345", "0.001", "1e-30",
    "1e12", "1e30", "1E+400", "100000000.01", "12,50", "1,2,3", "1,000,00", "1 000",
    "1.000,50", "1_0", "½", "１２．５", "12.5.1", "0x10", "", "   ", "$", "12$", "€-5", "1e",
    "--5", "五", "1\u00a0000", "1e3", "1E+2", "1_000", "10_000", "$5", "$45.5", "€12", "£3",
]  # fmt: skip
AMOUNT_COMMANDS = {
    "hourly rate": ("contract", "add", "New job", "--client", "Sample Co", "--hourly"),
    "rate edit": ("contract", "edit", JOB, "--hourly"),
    "billed before": ("client", "add", "New client", "--billed-before"),
    "withdrawal": ("withdraw", "--method", "ach", "--"),
    "milestone": ("milestone", "add", "Logo", "Extra", "--amount"),
    "fee prior": ("fee", "--schedule", "upwork-2016", "--amount", "100", "--prior"),
}


@pytest.mark.parametrize("command", list(AMOUNT_COMMANDS))
@pytest.mark.parametrize("amount", AMOUNTS)
def test_bad_amounts_are_refused(ready, db_path, command, amount):
    if command in ("fee prior", "billed before") and amount in ("0", "-0"):
        amount = "-0.001"  # zero billings before Tallyhour is valid
    refused_cleanly(ready, db_path, *AMOUNT_COMMANDS[command], amount)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("60", "60.00"),
        ("1,250.50", "1250.50"),
        ("1,000,000", "1000000.00"),
        ("١٢", "12.00"),  # Arabic-Indic digits are digits
        ("１２.５", "12.50"),  # full-width digits too
        ("100000000", "100000000.00"),
    ],
)
def test_valid_amounts_are_stored_exactly(ready, typed, stored):
    assert ready("contract", "add", "Rate test", "--client", "Sample Co", "--hourly", typed)[0] == 0
    contracts = json.loads(ready("contract", "list", "--json")[1])["contracts"]
    assert next(c for c in contracts if c["title"] == "Rate test")["rate"] == stored


BAD_MEMOS = {
    "NUL": "a\x00b",
    "bell": "ding\x07",
    "ANSI colour": "\x1b[31mred\x1b[0m",
    "carriage return": "one\rtwo",
    "DEL": "x\x7f",
    "next line U+0085": "x\x85y",
    "lone surrogate (undecodable byte)": "caf\udce9",
    "one megabyte": MEGABYTE,
    "one over the limit": "y" * 5_001,
}
MEMO_COMMANDS = {
    "log": span("2026-03-03T09:00Z", "2026-03-03T10:00Z", "--memo"),
    "start": ("start", JOB, "--at", "2026-03-03T09:00Z", "--memo"),
    "edit": ("entry", "edit", "1", "--memo"),
    "client note": ("client", "add", "Noted", "--note"),
    "feedback": ("contract", "end", "Logo", "--stars-given", "5", "--feedback-given"),
}


@pytest.mark.parametrize("command", list(MEMO_COMMANDS))
@pytest.mark.parametrize("memo", list(BAD_MEMOS.values()), ids=list(BAD_MEMOS))
def test_bad_memos_are_refused(ready, db_path, command, memo):
    if command == "client note" and memo == "y" * 5_001:
        memo = "z" * 20_001  # notes may be longer than memos
    refused_cleanly(ready, db_path, *MEMO_COMMANDS[command], memo)


GOOD_MEMOS = [
    "<b>bold</b> & <script>alert('x')</script> &amp; <para>",
    "\u202eevil right-to-left override\u202c then normal",
    "עברית mixed with English 123 and العربية",
    "line one\nline two\ttabbed",
    "emoji 👩\u200d💻 and e\u0301 combining",
    "percent %s %(name)s {braces} \\backslash",
    "m" * 5_000,
]


@pytest.mark.parametrize("memo", GOOD_MEMOS, ids=range(len(GOOD_MEMOS)))
def test_memos_with_markup_and_any_script_come_back_as_typed(ready, memo):
    code, out, err = ready(*span("2026-03-03T09:00Z", "2026-03-03T10:00Z", "--memo", memo))
    assert code == 0, err
    entry_id = int(re.search(r"entry #(\d+)", out).group(1))
    entries = json.loads(ready("entries", "--week", "2026-W10", "--json")[1])["entries"]
    assert next(e for e in entries if e["id"] == entry_id)["memo"] == memo
    assert ready("start", JOB, "--memo", memo)[0] == 0
    assert json.loads(ready("status", "--json")[1])["memo"] == memo


BAD_NAMES = {
    "empty": "",
    "blank": "   ",
    "tab only": "\t",
    "newline inside": "Acme\nLtd",
    "control": "Acme\x1b",
    "lone surrogate": "Acm\udce9",
    "201 characters": "n" * 201,
    "one megabyte": MEGABYTE,
}


@pytest.mark.parametrize("name", list(BAD_NAMES.values()), ids=list(BAD_NAMES))
@pytest.mark.parametrize("command", ["client", "contract", "rename client", "rename contract"])
def test_bad_names_are_refused(ready, db_path, command, name):
    args = {
        "client": ("client", "add", name),
        "contract": ("contract", "add", name, "--client", "Sample Co", "--hourly", "10"),
        "rename client": ("client", "edit", "Sample Co", "--name", name),
        "rename contract": ("contract", "edit", JOB, "--title", name),
    }[command]
    refused_cleanly(ready, db_path, *args)


# fmt: off
DUPLICATES = {
    "client in capitals": ("client", "add", "SAMPLE CO"),
    "client with extra spaces": ("client", "add", "  sample   co  "),
    "contract in other case": ("contract", "add", "sample JOB", "--client", "Sample Co", "--hourly", "10"),
    "fixed contract in capitals": ("contract", "add", "LOGO", "--client", "Sample Co", "--fixed"),
    "contract renamed onto another": ("contract", "edit", "Logo", "--title", "sample job"),
}
# fmt: on


@pytest.mark.parametrize("args", list(DUPLICATES.values()), ids=list(DUPLICATES))
def test_duplicate_names_by_case_are_refused(ready, db_path, args):
    refused_cleanly(ready, db_path, *args)


def test_a_rename_onto_another_client_is_refused(ready, db_path):
    assert ready("client", "add", "Other Co")[0] == 0
    refused_cleanly(ready, db_path, "client", "edit", "Other Co", "--name", "SAMPLE co")


@pytest.mark.parametrize(
    "name",
    ["n" * 200, "Ünïcödé GmbH & Co. KG", "株式会社テスト", "شركة <b>", 'O\'Brien "Consulting"'],
)
def test_valid_names_come_back_as_typed(ready, name):
    assert ready("client", "add", name)[0] == 0
    assert ready("contract", "add", name, "--client", name, "--hourly", "10")[0] == 0
    clients = [c["name"] for c in json.loads(ready("client", "list", "--json")[1])["clients"]]
    contracts = [
        c["title"] for c in json.loads(ready("contract", "list", "--json")[1])["contracts"]
    ]
    assert name in clients and name in contracts


# fmt: off
NEW_CONTRACT = ("contract", "add", "C", "--client", "Sample Co", "--hourly", "9")
BAD_REFERENCES = {
    "superscript two": ("start", "²"),
    "id beyond 64 bits": ("start", "99999999999999999999"),
    "undecodable byte": ("start", "caf\udce9"),
    "empty": ("start", ""),
    "unknown": ("log", "Nope", "--from", "2026-03-03T09:00Z", "--to", "2026-03-03T10:00Z"),
    "entry -1": ("entry", "delete", "-1"),
    "entry 0": ("entry", "delete", "0"),
    "entry 2**64": ("entry", "delete", str(2**64)),
    "entry words": ("entry", "delete", "one"),
    "entry unknown": ("entry", "edit", "999", "--memo", "x"),
    "milestone 2**64": ("milestone", "release", str(2**64)),
    "schedule with a NUL": ("fee", "--schedule", "up\x00work", "--amount", "10"),
    "contract list filter": ("milestone", "list", "--contract", "²"),
    "currency": (*NEW_CONTRACT, "--currency", "XYZ"),
    "withdraw currency": ("withdraw", "5", "--method", "ach", "--currency", "ZZZZ"),
    "platform": (*NEW_CONTRACT, "--platform", "\udce9"),
    "rounding": (*NEW_CONTRACT, "--rounding", "7"),
    "weekly limit": ("contract", "edit", JOB, "--weekly-limit", "NaN"),
    "stars": ("contract", "end", "Logo", "--stars-given", "inf"),
    "weeks": ("earnings", "--weeks", str(10**30)),
}
# fmt: on


@pytest.mark.parametrize("args", list(BAD_REFERENCES.values()), ids=list(BAD_REFERENCES))
def test_bad_references_and_choices_are_refused(ready, db_path, args):
    refused_cleanly(ready, db_path, *args)


# Property tests: whatever is typed, the answer is success or one clear refusal.

slots = count()


def next_slot() -> datetime:
    """A fresh hour in 2025, so accepted entries never overlap each other."""
    return datetime(2025, 1, 6, tzinfo=UTC) + timedelta(hours=next(slots))


@st.composite
def amount_texts(draw: st.DrawFn) -> str:
    """Text that looks like money, nearly money, or nothing like it."""
    digits = draw(st.text("0123456789", min_size=1, max_size=12))
    decimals = draw(
        st.one_of(st.just(""), st.text("0123456789", max_size=4).map(lambda d: "." + d))
    )
    sign = draw(st.sampled_from(["", "-", "+", "$", "€", "--"]))
    grouped = draw(st.booleans())
    body = f"{int(digits):,}" if grouped else digits
    shaped = sign + body + decimals
    return draw(st.one_of(st.just(shaped), st.text(max_size=20), st.sampled_from(AMOUNTS)))


@PROPERTY
@given(text=amount_texts())
@example(text="1,250.50")
@example(text="12,50")
def test_any_amount_text_is_stored_exactly_or_refused_cleanly(ready, db_path, text):
    name = f"Client {next(slots)}"
    before = dump_database(db_path)
    code, _, err = ready("client", "add", name, "--billed-before", text)
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert len(err.splitlines()) == 1
        assert dump_database(db_path) == before
        return
    clients = json.loads(ready("client", "list", "--json")[1])["clients"]
    stored = Decimal(next(c for c in clients if c["name"] == name)["billed_before"])
    typed = Decimal(text.strip().replace(",", ""))
    assert stored == typed and stored >= 0


@PROPERTY
@given(
    memo=st.one_of(
        st.text(),
        st.text(st.characters(codec=None, categories=["Cc", "Cs", "Cf", "Zl", "Zs", "Lo"])),
    )
)
@example(memo="<b>R&D</b> \u202eשלום")
def test_any_memo_comes_back_exactly_or_is_refused_cleanly(ready, db_path, memo):
    start = next_slot()
    before = dump_database(db_path)
    code, out, err = ready(
        *LOG,
        "--from",
        start.isoformat(),
        "--to",
        (start + timedelta(minutes=30)).isoformat(),
        "--memo",
        memo,
    )
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert len(err.splitlines()) == 1
        assert dump_database(db_path) == before
        return
    entry_id = int(re.search(r"entry #(\d+)", out).group(1))
    week = f"{start.isocalendar().year}-W{start.isocalendar().week:02d}"
    entries = json.loads(ready("entries", "--week", week, "--json")[1])["entries"]
    assert next(e for e in entries if e["id"] == entry_id)["memo"] == memo.strip()


def end_after(text: str) -> str:
    """Half an hour after a parseable time (so a valid start can succeed), else any end."""
    try:
        start = datetime.fromisoformat(text.strip())
        return (start + timedelta(minutes=30)).isoformat()
    except (ValueError, OverflowError):
        return "2026-11-01T00:00Z"


@PROPERTY
@given(
    text=st.one_of(
        st.text(max_size=40),
        st.datetimes(timezones=st.one_of(st.none(), st.timezones())).map(datetime.isoformat),
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 6, 1)).map(
            datetime.isoformat
        ),
    )
)
@example(text="2024-02-29T12:00:00+05:30")
@example(text="2000-02-29T23:59:59")
@example(text="9999-12-31T23:59:59.999999-23:59")
@example(text="2026-03-02T09:00:00.9999999Z")
def test_any_time_text_is_read_exactly_or_refused_cleanly(ready, db_path, text):
    before = dump_database(db_path)
    code, out, err = ready("log", JOB, "--from", text, "--to", end_after(text))
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert len(err.splitlines()) == 1
        assert dump_database(db_path) == before
        return
    parsed = datetime.fromisoformat(text.strip())  # naive means local: UTC in these tests
    expected = parsed.replace(tzinfo=parsed.tzinfo or UTC).astimezone(UTC).replace(microsecond=0)
    entry_id = int(re.search(r"entry #(\d+)", out).group(1))
    try:
        week = f"{expected.isocalendar().year}-W{expected.isocalendar().week:02d}"
        code, out, err = ready("entries", "--week", week, "--json")
        assert code == 0, err
        entries = json.loads(out)["entries"]
        assert next(e for e in entries if e["id"] == entry_id)["start"] == expected.isoformat()
    finally:
        assert ready("entry", "delete", str(entry_id))[0] == 0


@PROPERTY
@given(name=st.text(max_size=210))
@example(name="  Acme   Ltd  ")
def test_any_client_name_is_kept_or_refused_and_duplicates_never_pass(ready, db_path, name):
    before = dump_database(db_path)
    code, _, err = ready("client", "add", name)
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert len(err.splitlines()) == 1
        assert dump_database(db_path) == before
        return
    names = [c["name"] for c in json.loads(ready("client", "list", "--json")[1])["clients"]]
    assert " ".join(name.split()) in names
    twin = name.swapcase() if name_key(name.swapcase()) == name_key(name) else name
    refused_cleanly(ready, db_path, "client", "add", twin)


# The services, as the window calls them: hostile values raise UserError, never anything else.

instants = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.one_of(st.none(), st.timezones()),
)
decimals = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [Decimal("1e30"), Decimal("0.001"), Decimal("-1"), Decimal("sNaN"), Decimal("1e-999")]
    ),
)


@PROPERTY
@given(start=instants, micros=st.integers(-(10**11), 10**11), memo=st.text(max_size=50))
@example(start=datetime(2026, 3, 2, 9, 0, 0, 300_000, tzinfo=UTC), micros=600_000, memo="")
@example(start=datetime(2026, 3, 2, 9, 0, 0, 300_000, tzinfo=UTC), micros=800_000, memo="<b>")
# The second 03:00 of a night the clock turns back: adding wall time lands an hour earlier.
@example(start=datetime(2004, 10, 31, 3, tzinfo=NICOSIA, fold=1), micros=1_000_001, memo="")
def test_log_entry_stores_exactly_or_refuses(db, job, db_path, start, micros, memo):
    before = dump_database(db_path)
    try:
        end = start + timedelta(microseconds=micros)
    except OverflowError:
        return
    try:
        info = log_entry(db, job, start, end, memo=memo, now=NOW)
    except UserError:
        assert dump_database(db_path) == before
        return
    # Compared in UTC: an instant of the hour a clock turns back equals none in another zone.
    whole_start = start.replace(microsecond=0).astimezone(UTC)
    whole_end = end.replace(microsecond=0).astimezone(UTC)
    assert (info.start, info.end, info.memo) == (whole_start, whole_end, memo.strip())
    assert info.seconds == (whole_end - whole_start).total_seconds() > 0
    [stored] = [
        e for e in list_entries(db, start=whole_start, end=whole_end, now=NOW) if e.id == info.id
    ]
    assert (stored.start, stored.end, stored.memo) == (whole_start, whole_end, memo.strip())
    delete_entry(db, info.id, now=NOW)


def is_money(value: Decimal) -> bool:
    """Whether a Decimal is a storable amount: finite, whole cents, at most 100 million."""
    if not value.is_finite() or abs(value) > Decimal("100000000"):
        return False
    return value == value.quantize(Decimal("0.01"))


@pytest.fixture
def fixed(db, job) -> str:
    add_contract(db, "Fixed", client="Acme Ltd", fixed=True, now=NOW)
    return "Fixed"


@pytest.fixture
def funded(db, fixed) -> None:
    """Released milestones, available by NOW, that cover the largest withdrawal of every example."""
    for n in range(PROPERTY.max_examples + 1):
        paid = add_milestone(db, fixed, f"Paid {n}", amount=MAX_AMOUNT, now=NOW)
        release_milestone(db, paid.id, at=NOW - timedelta(days=10), now=NOW)


@PROPERTY
@given(value=decimals)
@example(value=Decimal("0.01"))
def test_money_services_take_only_whole_cents(db, job, fixed, funded, db_path, value):
    before = dump_database(db_path)
    calls = [
        lambda: add_client(db, f"C{next(slots)}", billed_before=value, now=NOW),
        lambda: edit_client(db, "Acme Ltd", billed_before=value),
        lambda: add_contract(db, f"K{next(slots)}", client="Acme Ltd", hourly_rate=value, now=NOW),
        lambda: edit_contract(db, job, hourly_rate=value),
        lambda: add_milestone(db, fixed, f"M{next(slots)}", amount=value, now=NOW),
        lambda: withdraw(db, value, method="ach", at=NOW, now=NOW),
    ]
    accepted = 0
    for call in calls:
        try:
            call()
        except UserError:
            continue
        accepted += 1
        assert is_money(value) and value >= 0, value
    if accepted == 0:
        assert dump_database(db_path) == before
    if is_money(value) and value > 0:
        assert accepted == len(calls)


NAIVE = datetime(2026, 3, 2, 9)


@pytest.mark.parametrize(
    "call",
    [
        lambda db, job: log_entry(db, job, NAIVE, NAIVE + timedelta(hours=1), now=NOW),
        lambda db, job: start_timer(db, job, at=NAIVE, now=NOW),
        lambda db, job: stop_timer(db, at=NAIVE, now=NOW),
        lambda db, job: edit_entry(db, 1, start=NAIVE, now=NOW),
        lambda db, job: split_entry(db, 1, NAIVE, now=NOW),
        lambda db, job: withdraw(db, Decimal(5), method="ach", at=NAIVE, now=NOW),
    ],
    ids=["log", "start", "stop", "edit", "split", "withdraw"],
)
def test_services_refuse_naive_datetimes_clearly(db, job, db_path, call):
    log_entry(
        db,
        job,
        datetime(2026, 3, 2, 8, tzinfo=UTC),
        datetime(2026, 3, 2, 10, tzinfo=UTC),
        now=NOW,
    )
    before = dump_database(db_path)
    with pytest.raises(UserError):
        call(db, job)
    assert dump_database(db_path) == before


def test_offsets_are_read_as_the_same_instant(ready):
    plus = timezone(timedelta(hours=5, minutes=30))
    start = datetime(2026, 3, 3, 14, 30, tzinfo=plus)
    assert ready(*span(start.isoformat(), "2026-03-03T10:00:00Z"))[0] == 0
    entries = json.loads(ready("entries", "--week", "2026-W10", "--json")[1])["entries"]
    assert [e["start"] for e in entries][-1] == "2026-03-03T09:00:00+00:00"
