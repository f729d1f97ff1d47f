"""Synthetic benchmark databases, built once and cached outside git (bench/cache/)."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from app.services.demo import DemoSize, fill
from app.services.opening import open_database

CACHE = Path(__file__).resolve().parent / "cache"
#: Bump when the generator changes, so stale cached databases are rebuilt.
GENERATOR_VERSION = 4
#: The instant the synthetic history ends at (fixed, so runs compare).
NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def database(label: str) -> Path:
    """The cached database with SIZES[label] entries, building it first if needed."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"entries-{label}-v{GENERATOR_VERSION}.sqlite"
    if path.exists():
        return path
    for stale in CACHE.glob(f"entries-{label}-v*.sqlite*"):
        stale.unlink()
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    began = time.perf_counter()
    db = open_database(f"sqlite:///{partial}")
    # Dozens of clients, hundreds of contracts, about eight years of history.
    fill(
        db,
        DemoSize(clients=40, contracts=300, entries=SIZES[label], days=8 * 365),
        now=NOW,
        seed=42,
    )
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    partial.replace(path)
    print(f"built {path.name} in {time.perf_counter() - began:.1f} s")
    return path


def scratch_copy(label: str, folder: Path) -> Path:
    """A throw-away copy of a cached database for figures that write."""
    target = folder / f"scratch-{label}.sqlite"
    shutil.copyfile(database(label), target)
    return target
