"""Each document is read in a worker process with a budget: at most `Budget.megabytes` of address
space beyond what the worker holds when it starts, the pipeline and its models loaded (`RLIMIT_AS`,
so an allocation past it fails in that worker alone), and `Budget.seconds` on the clock. A file over its budget, or whose worker dies (the kernel's out-of-memory killer, a crash in a
C library), costs that file alone: it gets a one-line reason and a fresh worker carries on with the
rest. A file is handed to a worker only when the worker is free, so a worker that dies takes no
queued file with it.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import resource
import signal
import time
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from typing import Callable, Generic, Iterable, Iterator, NamedTuple, Sequence, TypeVar

from .schema import Record

Item = TypeVar("Item")
Result = TypeVar("Result")

# The start of every reason given to a file whose worker stopped before it finished: a rerun reads
# such a file again (see manifest.plan), since the cause may have been the machine, not the file.
STOPPED = "the process reading this file stopped"
# Forked, as the run's process is one thread while it reads: a worker starts in milliseconds with
# the pipeline and its models already loaded.
_FORK = multiprocessing.get_context("fork")


class Budget(Record):
    """What reading one file may cost."""

    seconds: float = 120.0
    # Beyond the worker's start (~600 MB of address space, ~200 MB resident, in a run's process):
    # the largest real report needs ~400 MB more.
    megabytes: int = 1024


class OverBudget(NamedTuple):
    """A file whose reading was stopped; `reason` is the one line its row gives."""

    reason: str


class _Failed(NamedTuple):
    """An exception that is not the file's fault (the output folder full, say): the run ends with it."""

    error: BaseException


def each(
    items: Iterable[Item],
    function: Callable[[Item], Result],
    workers: int,
    budget: Budget,
    meanwhile: Sequence[Callable[[], object]] = (),
) -> Iterator[tuple[Item, Result | OverBudget]]:
    """`function(item)` for every item in `workers` processes, yielded as each finishes; `meanwhile`
    is this process's own work while the workers read: run here in order once the first items are
    handed out, each only while no result is waiting to be yielded; the steps left when the last
    result comes are not run (the caller does them later, where still needed: run here, they would
    hold up the results of a short reading)."""
    queue = list(reversed(list(items)))
    steps = list(meanwhile)
    pool: list[_Worker] = []
    try:
        while queue or any(worker.item is not None for worker in pool):
            for worker in pool:
                if not worker.alive() and worker.item is None:
                    worker.stop()  # died idle: its pipe closed
            pool = [worker for worker in pool if worker.alive() or worker.item is not None]
            wanted = min(workers, len(queue) + sum(worker.item is not None for worker in pool))
            pool += [_Worker(function, budget) for _ in range(wanted - len(pool))]
            for worker in pool:
                if worker.item is None and queue:
                    worker.give(queue.pop())
            busy = [worker for worker in pool if worker.item is not None]
            waiting = [w.connection for w in busy] + [w.process.sentinel for w in busy]
            while steps and not wait(waiting, timeout=0):  # no worker has finished: the next step
                steps.pop(0)()
            now = time.monotonic()
            timeout = max(0.0, min(worker.deadline for worker in busy) - now)
            ready = wait(waiting, timeout=timeout)
            for worker in busy:
                finished = worker.finished(ready)
                if finished is not None:
                    yield finished
    finally:
        for worker in pool:
            worker.stop()


class _Worker(Generic[Item, Result]):
    def __init__(self, function: Callable[[Item], Result], budget: Budget) -> None:
        self.connection, theirs = _FORK.Pipe()
        self.process = _FORK.Process(target=_serve, args=(theirs, function, budget.megabytes, os.getpid()), daemon=True)
        # The run's objects (the pipeline, its models, its modules) frozen for the fork: the worker's
        # collections then never walk them, nor write to their pages and so copy them.
        with frozen():
            self.process.start()
        theirs.close()
        self.item: Item | None = None
        self.deadline = float("inf")
        self.seconds = budget.seconds

    def give(self, item: Item) -> None:
        self.item, self.deadline = item, time.monotonic() + self.seconds
        try:
            self.connection.send(item)
        except OSError:  # it died idle: `finished` finds it dead and the item is read again next run
            pass

    def alive(self) -> bool:
        return self.process.is_alive()

    def finished(self, ready: list) -> tuple[Item, Result | OverBudget] | None:
        """The item and its result if this worker is done with it (its answer came, it died, or its
        time ran out); else None."""
        item = self.item
        if self.connection in ready:
            try:
                answer = self.connection.recv()
            except (EOFError, OSError):
                answer = None  # died while answering: the sentinel says how
            if answer is not None:
                self.item, self.deadline = None, float("inf")
                if isinstance(answer, _Failed):
                    raise answer.error
                if isinstance(answer, OverBudget):
                    self.process.join()  # it ends itself after running out of memory
                return item, answer
        if self.process.sentinel in ready or not self.process.is_alive():
            self.process.join()
            self.item = None
            return item, OverBudget(
                f"{STOPPED} ({_how_it_ended(self.process.exitcode)}); it is read again on the next run"
            )
        if time.monotonic() >= self.deadline:
            self.stop()
            self.item = None
            return item, OverBudget(f"took longer than {self.seconds:g} s to read (the limit for one file)")
        return None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        return (
            f"killed by {name}, as the system does when memory runs out" if name == "SIGKILL" else f"killed by {name}"
        )
    return f"exit status {exitcode}"


# How many `frozen` blocks this process is within (a process forked in one is within it for good).
_frozen_depth = 0


@contextmanager
def frozen() -> Iterator[None]:
    """The objects alive now left out of the garbage collector's walks while the block runs (a
    process forked in it keeps them out for good). Within another such block they stay frozen
    until that one ends."""
    global _frozen_depth
    # The count of frozen objects is asked only outside every block: it walks each frozen object,
    # 5 to 20 ms of a run's process at each of the blocks nested in the one around its results.
    outermost = _frozen_depth == 0 and gc.get_freeze_count() == 0
    _frozen_depth += 1
    gc.freeze()
    try:
        yield
    finally:
        _frozen_depth -= 1
        if outermost:
            gc.unfreeze()


def die_with_parent(parent: int) -> None:
    """A run killed with kill -9 takes its workers (and its workbook writers) with it (Linux): left
    running, they would still be writing results while the next run starts. `parent` is the pid of
    the process that forked this one, taken before the fork."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: a worker ends when it next asks for a file
        return
    # The signal is armed only from here on: a parent killed between the fork and now has already
    # gone, and this process was handed to another.
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _address_space() -> int:
    """Bytes of address space this process holds now (Linux; elsewhere 0, the budget then counts
    the whole process)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _serve(connection: Connection, function: Callable, megabytes: int, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle, not each worker's
    die_with_parent(parent)
    limit = _address_space() + megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    while True:
        try:
            item = connection.recv()
        except EOFError:
            return
        try:
            answer = function(item)
        except MemoryError:
            connection.send(OverBudget(f"needed more than {megabytes:,} MB of memory to read (the limit for one file)"))
            os._exit(0)  # a fresh worker for the next file: this one's memory may be in pieces
        except BaseException as error:  # noqa: BLE001 - handed to the run, which ends with it
            connection.send(_Failed(error))
            continue
        connection.send(answer)
