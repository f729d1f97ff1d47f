"""A process holding a running timer is killed with SIGKILL: the timer survives intact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from app.services.opening import open_database
from app.services.plain_reads import timer_status
from app.services.timer import stop_timer

HOLDER = textwrap.dedent(
    """
    import sys, time
    from decimal import Decimal
    from app.services.opening import open_database
    from app.services.clients import add_client
    from app.services.contracts import add_contract
    from app.services.timer import start_timer, heartbeat
    db = open_database(sys.argv[1])
    add_client(db, "Acme")
    add_contract(db, "API work", client="Acme", hourly_rate=Decimal("60"))
    start_timer(db, "API work", memo="survive the kill")
    heartbeat(db)
    print("started", flush=True)
    # Keep the connection open mid-session, as the window would, until killed.
    session = db.engine.connect()
    time.sleep(60)
    """
)


def test_sigkill_loses_no_running_timer(db_url):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, db_url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "started"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
    finally:
        if holder.poll() is None:
            holder.kill()
    assert holder.returncode == -signal.SIGKILL

    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db = open_database(db_url)
    status = timer_status(db)
    assert status.running
    assert status.contract == "API work"
    assert status.memo == "survive the kill"
    assert status.heartbeat_at is not None
    stop_timer(db)
    assert not timer_status(db).running
    db.dispose()
