"""Running slow work off the GUI thread; results come back on the GUI thread by signal.

One helper for the whole window: `Worker.submit(fn, on_done)` runs `fn()` on a small
pool of Python threads (not QThreadPool: PySide6 6.12.0, excluded in pyproject.toml,
drops a reference to `None` per QThreadPool job) and delivers the outcome by a queued signal. With a
`key`, only the newest job of that key reports back (a refresh overtaken by a newer one
is dropped).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.errors import UserError

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Job:
    """A submitted job: what to run, its callbacks and its key."""

    fn: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None] | None
    key: str | None


class Worker(QObject):
    """A small thread pool whose jobs report back on the GUI thread."""

    _finished = Signal(int, object)
    _failed = Signal(int, object)
    #: A job without its own error handler failed: a message for the user.
    error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tallyhour-worker")
        self._jobs: dict[int, _Job] = {}
        self._latest: dict[str, int] = {}
        self._next_id = 0
        self._closed = False
        self._finished.connect(self._on_finished)
        self._failed.connect(self._on_failed)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        *,
        key: str | None = None,
    ) -> int:
        """Run `fn()` on the pool; call `on_done(result)` or `on_error(exc)` afterwards."""
        if self._closed:
            return -1
        self._next_id += 1
        job_id = self._next_id
        # The GUI thread keeps the only lasting reference to `fn` (it may hold widgets):
        # the pool thread borrows it and lets go before reporting back.
        self._jobs[job_id] = _Job(fn, on_done, on_error, key)
        if key is not None:
            self._latest[key] = job_id
        self._pool.submit(self._run, job_id)
        return job_id

    def pending(self, key: str) -> bool:
        """Whether a job with this key has not reported back yet."""
        job_id = self._latest.get(key)
        return job_id is not None and job_id in self._jobs

    def idle(self) -> bool:
        """Whether no job is waiting to report back."""
        return not self._jobs

    def close(self) -> None:
        """Refuse new jobs, drop queued ones and wait for running ones (before the db closes)."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._jobs.clear()

    def _run(self, job_id: int) -> None:
        """Run one job on a pool thread and signal its outcome."""
        job = self._jobs.get(job_id)
        if job is None:
            return
        fn = job.fn
        del job
        try:
            result = fn()
        except Exception as error:
            del fn
            if not isinstance(error, UserError):
                _log.error("a background job failed", exc_info=error)
            # Its frames could hold the job's captured objects: send the error without them.
            self._failed.emit(job_id, error.with_traceback(None))
        else:
            del fn
            self._finished.emit(job_id, result)

    def _take(self, job_id: int) -> _Job | None:
        """Forget a job, returning it unless it was overtaken by a newer one of its key."""
        job = self._jobs.pop(job_id, None)
        if job is None or (job.key is not None and self._latest.get(job.key) != job_id):
            return None
        return job

    def _on_finished(self, job_id: int, result: object) -> None:
        """Deliver a result on the GUI thread."""
        job = self._take(job_id)
        if job is not None:
            job.on_done(result)

    def _on_failed(self, job_id: int, error: object) -> None:
        """Deliver a failure on the GUI thread."""
        job = self._take(job_id)
        if job is None or not isinstance(error, Exception):
            return
        if job.on_error is not None:
            job.on_error(error)
        else:
            self.error.emit(describe_error(error))


def error_sentence(error: Exception, url: str | None = None) -> str:
    """`describe_error` as a sentence of its own, for a label that shows nothing else."""
    text = describe_error(error, url)
    return text[:1].upper() + text[1:]


def describe_error(error: Exception, url: str | None = None) -> str:
    """A message for the user: a refusal's own text, a storage failure plainly, else a bug.

    `url` (the database's) lets a storage failure name the file or server.
    """
    from app.logs import log_path
    from app.models.storage_errors import describe_storage_error

    if isinstance(error, UserError):
        return str(error)
    known = describe_storage_error(error, url)
    if known is not None:
        return known[:1].upper() + known[1:]
    return (
        f"Something went wrong ({type(error).__name__}). This is a bug: please report it"
        f" with the log file {log_path()}."
    )
