"""Sample data: a lived-in database for `tallyhour --demo`, screenshots and the benchmark.

Everything is generated from a seed, so the same arguments give the same database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from app.core.clock import system_clock
from app.core.instants import to_epoch
from app.models import Client, Contract, ContractSchedule, Cost, Milestone, TimeEntry, Withdrawal
from app.models.database import Database
from app.services.opening import open_database
from app.services.settings import update_settings
from app.services.week_totals import rebuild_week_totals

UPWORK_SWITCH = datetime(2023, 5, 3, tzinfo=UTC)
_CLIENT_NAMES = [
    "Acme Analytics",
    "Blue Harbor Media",
    "Cobalt Robotics",
    "Dunmore & Sons",
    "Evergreen Health",
    "Fjord Logistics",
    "Granite Labs",
    "Helios Solar",
    "Ivory Tower Press",
    "Juniper Foods",
    "Kestrel Security",
    "Lumen Learning",
    "Marigold Studio",
    "Northwind Travel",
    "Orbit Games",
    "Pinecone Apps",
    "Quartz Finance",
    "Riverside Clinic",
    "Saffron Kitchen",
    "Tundra Outdoor",
]
_WORK = [
    "API endpoint for invoices",
    "fix login redirect",
    "code review of PR",
    "database migration",
    "unit tests for billing",
    "call with the client about scope",
    "refactor the export module",
    "deploy to staging and smoke test",
    "write the onboarding docs",
    "profile the slow report",
    "landing page copy edits",
    "design review of the dashboard",
    "bug triage",
    "CI pipeline fix",
    "data cleanup script",
    "email templates",
    "performance tuning of queries",
    "sprint planning",
]
_DETAIL = [
    "",
    "",
    " (follow-up)",
    " — part 2",
    ", as discussed on Slack",
    " for the mobile app",
    " incl. edge cases for refunds and time zones",
    " & <b>markup</b> in memo",
]

#: What a demo contract is about, after its subject ("API rollout", "Docs audit").
_JOBS = ("rollout", "redesign", "support", "migration", "audit", "sprint", "build")


def _free_title(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted (2)`, `(3)`… if a demo contract already has that title."""
    title, number = wanted, 1
    while title.casefold() in taken:
        number += 1
        title = f"{wanted} ({number})"
    taken.add(title.casefold())
    return title


@dataclass(frozen=True)
class DemoSize:
    """How much sample data to make."""

    clients: int
    contracts: int
    entries: int
    days: int


#: The recent stretch that looks the same whatever the database's size.
RECENT = timedelta(weeks=13)
RECENT_PER_DAY = 7

DEMO = DemoSize(clients=4, contracts=6, entries=1_400, days=365)


def create_demo_database(path: Path, *, now: datetime | None = None) -> None:
    """Create (replacing) a small sample database at `path` for the demo window."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(f"sqlite:///{path}")
    try:
        fill(db, DEMO, now=now or system_clock(), seed=7)
        update_settings(
            db,
            name="Sam Rivera",
            address="12 Harbour Street\nLisbon, Portugal",
            email="sam@example.com",
            tax_id="PT123456789",
            tax_rate="25",
            onboarded=True,
        )
    finally:
        db.dispose()


def fill(db: Database, size: DemoSize, *, now: datetime, seed: int = 1) -> None:
    """Add clients, contracts, entries, milestones and withdrawals to an empty database."""
    rng = random.Random(seed)
    start = now - timedelta(days=size.days)
    contract_ids, hourly = _add_contracts(db, size, rng, start, now)
    _add_entries(db, size, rng, start, now, hourly or contract_ids)
    _add_money(db, rng, start, now, [c for c in contract_ids if c not in hourly])
    with db.write() as session:
        rebuild_week_totals(session)


def _add_contracts(
    db: Database, size: DemoSize, rng: random.Random, start: datetime, now: datetime
) -> tuple[list[int], list[int]]:
    """Clients and their contracts; returns all contract ids and the hourly ones."""
    ids: list[int] = []
    hourly: list[int] = []
    with db.write() as session:
        clients = []
        for index in range(size.clients):
            base = _CLIENT_NAMES[index % len(_CLIENT_NAMES)]
            name = (
                base if index < len(_CLIENT_NAMES) else f"{base} {index // len(_CLIENT_NAMES) + 1}"
            )
            client = Client(
                name=name,
                name_key=name.casefold(),
                email=f"billing{index}@example.com",
                address=f"{index + 1} Market Street\nSpringfield",
                notes="",
                opening_balance_cents=rng.choice([0, 0, 25_000, 120_000]),
                payment_verified=rng.random() < 0.8,
                created_at=start,
            )
            session.add(client)
            clients.append(client)
        titles: set[str] = set()
        for index in range(size.contracts):
            client = clients[index % len(clients)]
            platform = ("upwork", "pph", "upwork", "fiverr", "upwork", "direct")[index % 6]
            fixed = index % 5 == 4
            subject = rng.choice(["API", "Web app", "Data", "Mobile", "Docs", "DevOps"])
            title = _free_title(f"{subject} {_JOBS[index % len(_JOBS)]}", titles)
            contract = Contract(
                client=client,
                title=title,
                title_key=title.casefold(),
                kind="fixed" if fixed else "hourly",
                rate_cents=0 if fixed else rng.choice([3500, 4500, 6000, 7500, 9000]),
                currency="USD",
                platform=platform,
                weekly_limit_seconds=None if fixed else rng.choice([None, 20 * 3600, 30 * 3600]),
                rounding_seconds=0,
                status="active",
                started_on=start.date(),
                notes="",
                created_at=start,
            )
            first = "upwork-2016" if platform == "upwork" else _platform_schedule(platform)
            contract.schedules.append(
                ContractSchedule(
                    effective_from=datetime(2000, 1, 1, tzinfo=UTC), schedule_name=first
                )
            )
            if platform == "upwork":
                contract.schedules.append(
                    ContractSchedule(effective_from=UPWORK_SWITCH, schedule_name="upwork-2023")
                )
            session.add(contract)
            session.flush()
            ids.append(contract.id)
            if not fixed:
                hourly.append(contract.id)
    return ids, hourly


def _platform_schedule(platform: str) -> str:
    """The default schedule of a platform."""
    from app.core.fees import PLATFORM_SCHEDULES

    return PLATFORM_SCHEDULES[platform]


def _add_entries(
    db: Database,
    size: DemoSize,
    rng: random.Random,
    start: datetime,
    now: datetime,
    contract_ids: list[int],
) -> None:
    """Non-overlapping entries on working days up to yesterday, inserted in bulk.

    The last 13 weeks look like one freelancer's (`RECENT_PER_DAY` entries a working day)
    whatever the size; bigger databases hold more history before that, so a week's view
    or the dashboard meets the same recent data at 10k and at 1M entries.
    """
    first = start.replace(hour=8, minute=0, second=0, microsecond=0)
    days = [first + timedelta(days=n) for n in range((now - first).days)]
    workdays = [day for day in days if day.weekday() < 5] or days[:1]
    recent = [day for day in workdays if day >= now - RECENT]
    history = workdays[: len(workdays) - len(recent)]
    recent_total = min(size.entries, len(recent) * RECENT_PER_DAY)
    plan = _spread(size.entries - recent_total, history) + _spread(recent_total, recent)
    # Each contract runs for a stretch of the timeline; about four overlap at any time.
    step = len(workdays) / len(contract_ids)
    span = min(len(workdays), step * 4)
    rows: list[dict[str, object]] = []
    made = 0
    with db.engine.begin() as connection:
        for index, (day, count) in enumerate(zip(workdays, plan, strict=True)):
            low = max(0, int((index - span) / step) + 1)
            active = contract_ids[low : int(index / step) + 1] or contract_ids[:1]
            base = to_epoch(day)
            # Entries fill a 10-hour working window, each in its own slot: they never overlap.
            slot = 10 * 3600 // max(count, 1)
            for number in range(count):
                rows.append(_entry_row(rng, base + number * slot, slot, active, made, now))
                made += 1
            if len(rows) >= 20_000:
                connection.execute(insert(TimeEntry), rows)
                rows = []
        if rows:
            connection.execute(insert(TimeEntry), rows)


def _spread(total: int, days: list[datetime]) -> list[int]:
    """How many entries each day gets so that `total` is spread evenly over `days`."""
    counts, placed = [], 0
    for index in range(len(days)):
        target = round(total * (index + 1) / len(days))
        counts.append(target - placed)
        placed = target
    return counts


def _entry_row(
    rng: random.Random,
    slot_start: int,
    slot: int,
    contract_ids: list[int],
    made: int,
    now: datetime,
) -> dict[str, object]:
    """One entry inside its slot: mostly the week's main contract, a realistic memo."""
    length = max(60, int(slot * rng.uniform(0.5, 0.95)))
    offset = rng.randint(0, max(0, slot - length))
    main = contract_ids[(made // 40) % len(contract_ids)]
    return {
        "contract_id": main if rng.random() < 0.7 else rng.choice(contract_ids),
        "start_at": slot_start + offset,
        "end_at": slot_start + offset + length,
        "memo": "" if rng.random() < 0.05 else rng.choice(_WORK) + rng.choice(_DETAIL),
        "source": "manual" if rng.random() < 0.08 else "timer",
        "heartbeat_at": None,
        "updated_at": to_epoch(now),
    }


def _add_money(
    db: Database, rng: random.Random, start: datetime, now: datetime, fixed_ids: list[int]
) -> None:
    """Milestones on fixed-price contracts (most released) and monthly withdrawals."""
    with db.write() as session:
        for contract_id in fixed_ids:
            for number in range(1, 5):
                created = start + timedelta(days=number * 60)
                if created >= now:
                    break
                released = created + timedelta(days=rng.randint(7, 30))
                session.add(
                    Milestone(
                        contract_id=contract_id,
                        title=f"Milestone {number}",
                        kind="milestone",
                        amount_cents=rng.choice([50_000, 80_000, 150_000]),
                        status="paid" if released < now else "funded",
                        created_at=created,
                        released_at=released if released < now else None,
                    )
                )
        month = start + timedelta(days=30)
        while month < now:
            session.add(
                Withdrawal(
                    at=month,
                    amount_cents=rng.choice([150_000, 250_000, 400_000]),
                    fee_cents=99,
                    currency="USD",
                    method="local-bank",
                )
            )
            # A month of Upwork: 80 Connects for bids and the Freelancer Plus membership.
            session.add(Cost(at=month, kind="connects", amount_cents=1200, quantity=80))
            session.add(
                Cost(at=month, kind="membership", amount_cents=1999, description="Freelancer Plus")
            )
            month += timedelta(days=30)
