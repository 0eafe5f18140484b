"""One executor interface, three engines: serial, a local process pool, Dask distributed.

An executor is started with the model (sent once to each worker), takes batches with
:meth:`Executor.submit` and hands back finished ones with :meth:`Executor.next_done`. Which
engine runs a batch never changes its result: every experiment's random stream depends only on
the root seed and the experiment's index.

- ``serial``: in this process.
- ``processes``: :class:`concurrent.futures.ProcessPoolExecutor` (the default when more than one
  worker is asked for). Workers are forked (milliseconds to start) unless this process already
  runs numba's thread pool or other threads, where ``forkserver`` is used instead. A
  ``forkserver`` worker imports the model (its function or class) by name and loads the
  program's main module from its file, so a model defined in a program with no such file (a
  script read from standard input, ``python -c``, the interactive interpreter), or one that
  cannot be pickled (a lambda, a local function), is refused with an
  :class:`~anpo.errors.ExploreError` saying what to do before any worker starts. A worker
  that cannot load the model it is sent (a model defined under ``if __name__ == "__main__":``,
  which a worker does not run) says why, and the run stops with an ``ExploreError`` before
  any shard is written, without a traceback; a worker that dies while starting or later is an
  ``ExploreError`` too, and the shards written so far stay (a run again resumes).
  A file of the run that a worker cannot read as it was when the run started (a base scenario
  or an alignment instance file deleted or edited meanwhile:
  :class:`~anpo.explore.model.RunFilesError`) stops the run so on every engine, as one error
  naming the file (a Dask worker returns it rather than raising it, which logged a traceback).
- ``dask``: :mod:`distributed`. Without ``scheduler`` a :class:`distributed.LocalCluster` of
  ``workers`` single-threaded worker processes is started (seconds); with ``scheduler`` (e.g.
  ``tcp://10.0.0.5:8786``) the run uses that cluster. Its scheduler and workers need the same
  Python (3.11+), ``anpo`` at the same version and ``dask[distributed]``. The texts of the
  model's own files (scenario or future files) are sent with the model, and results come back
  to this process, which writes every shard; but a futures run's workers read the files the
  future files name by path: each future's base scenario and the alignment instance files it
  reads (its own ``[alignment] instance``, those an input draws among; not a ``book:`` one),
  when they parse the futures and for each experiment, at the absolute paths this process
  resolved. On a cluster of other machines those files must be at the same paths on every
  worker (a shared file system, or copies), as they were when the run started: a worker that
  cannot read one, or reads it changed, stops the run with the ``RunFilesError`` above. A
  scenario-file run's workers read no file. (It said workers need no shared file system.)

Workers set numba to one thread (``NUMBA_NUM_THREADS=1`` before numba loads,
``numba.set_num_threads(1)`` if it already has) and the BLAS/OpenMP pools to one thread, so
``workers`` processes use ``workers`` cores.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import io
import multiprocessing as mp
import os
import pickle
import sys
import threading
import types
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from anpo._checks import whole_number
from anpo.errors import AnpoError, ExploreError
from anpo.explore.model import BatchResult, BatchTask, Model, run_batch

EXECUTORS = ("serial", "processes", "dask")

#: Local worker processes allowed per CPU (process pool, local Dask cluster): each is a Python
#: process of its own, so far more than the cores only costs memory and start-up time.
MAX_WORKERS_PER_CPU = 4

_THREAD_VARS = (
    "NUMBA_NUM_THREADS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
)


def single_thread() -> None:
    """Make this (worker) process use one thread for numba, OpenMP and BLAS."""
    for var in _THREAD_VARS:
        os.environ[var] = "1"
    if "numba" in sys.modules:
        try:
            import numba

            numba.set_num_threads(1)
        except Exception:  # pragma: no cover - a numba built without threading
            pass


class Executor:
    """Interface: ``start(model)``, ``submit(task)``, ``next_done()``, ``close()``."""

    kind = "serial"
    workers = 1

    def start(self, model: Model) -> None:
        self.model = model
        self._queued: list[BatchTask] = []
        self._threads = _numba_threads(1)  # one experiment at a time, one thread each

    def submit(self, task: BatchTask) -> None:
        # run when asked for (next_done), not here: the engine submits two batches before it
        # waits for the first, and a batch run here kept the progress bar at 0 through both
        self._queued.append(task)

    def pending(self) -> int:
        return len(self._queued)

    def next_done(self) -> BatchResult:
        return _run_prepared(self.model, self._queued.pop(0))

    def close(self) -> None:
        threads = getattr(self, "_threads", None)
        if threads:
            _numba_threads(threads)
            self._threads = None


def _numba_threads(n: int) -> int | None:
    """Set numba's thread count in this process (if numba is loaded); returns the old one.
    Numba's parallel kernels cost milliseconds per call to dispatch on a busy machine, far more
    than one experiment's work, so experiments run single-threaded."""
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is a core dependency
        return None
    old = numba.get_num_threads()
    numba.set_num_threads(n)
    return old


def _run_prepared(model: Model, task: BatchTask) -> BatchResult:
    if not getattr(model, "_anpo_prepared", False):
        model.prepare_worker()
        model._anpo_prepared = True  # type: ignore[attr-defined]
    return run_batch(model, task)


# ---------------------------------------------------------------------------- processes
_WORKER_MODEL: Model | None = None
#: Why this worker could not load the model it was sent (its exception, one line), if so.
_WORKER_PROBLEM: str | None = None


class _ModelNotLoaded(Exception):
    """Raised by a worker's task when the worker could not load the model; its argument says
    why (the exception unpickling it raised). Sent back to the parent like any task's error."""


def _die_with_parent(parent: int | None) -> None:
    """Linux: ask the kernel to kill this worker when its parent dies (``PR_SET_PDEATHSIG``),
    so a ``kill -9`` of the run leaves no orphaned worker behind."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return
    if parent is not None and os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def _init_worker(model: Model | bytes, parent: int | None) -> None:
    """Set up a worker. A ``forkserver`` worker is sent the model pickled (``bytes``) and
    unpickles it here, so that a model it cannot load (e.g. a function defined under
    ``if __name__ == "__main__":``, which does not run in a worker: it loads the main module as
    ``__mp_main__``) is noted and said by its tasks (:class:`_ModelNotLoaded`) rather than
    killing the worker with a traceback on stderr (``multiprocessing.spawn._main`` unpickles
    the initializer's arguments before any of this module's code runs)."""
    global _WORKER_MODEL, _WORKER_PROBLEM
    _die_with_parent(parent)
    single_thread()
    if not isinstance(model, bytes):
        _WORKER_MODEL = model
        return
    try:
        _WORKER_MODEL = pickle.loads(model)
    except Exception as exc:  # whatever the model's own unpickling raises
        _WORKER_PROBLEM = " ".join(f"{type(exc).__name__}: {exc}".split())


def _worker_model() -> Model:
    if _WORKER_MODEL is None:
        raise _ModelNotLoaded(_WORKER_PROBLEM or "no model was sent to this worker")
    return _WORKER_MODEL


def _worker_batch(task: BatchTask) -> BatchResult:
    return _run_prepared(_worker_model(), task)


def _ping() -> int:
    _worker_model()
    return os.getpid()


def _fork_is_safe() -> bool:
    if threading.active_count() > 1:
        return False
    par = sys.modules.get("numba.np.ufunc.parallel")
    return not (par is not None and getattr(par, "_is_initialized", False))


class _MainReferences(pickle.Pickler):
    """A pickler that notes the functions and classes of ``__main__`` it pickles by name."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), protocol=pickle.HIGHEST_PROTOCOL)
        self.found: dict[str, None] = {}

    def persistent_id(self, obj: Any) -> None:
        if isinstance(obj, (type, types.FunctionType)) and obj.__module__ == "__main__":
            self.found.setdefault(obj.__qualname__, None)
        return None


def _forkserver_problem(model: Model) -> str | None:
    """Why a ``forkserver`` worker could not load ``model``, when this process shows it; else
    ``None``. A worker unpickles the model (its functions and classes are imported by name) and
    first loads this program's main module as :mod:`multiprocessing` does
    (``multiprocessing.spawn.get_preparation_data``): by its module name (``python -m``), else
    from its file (``__file__``), else not at all. A main module whose ``__file__`` is no file
    (``<stdin>``: a script read from standard input) kills every worker; a model defined in a
    main module with no file (``python -c``, the interactive interpreter) cannot be found in
    the worker; a model that cannot be pickled cannot be sent to it."""
    main = sys.modules.get("__main__")
    if getattr(getattr(main, "__spec__", None), "name", None) is not None:
        return None  # run with python -m: the worker imports the module by its name
    path = getattr(main, "__file__", None)
    if path is not None:
        where = getattr(mp.process, "ORIGINAL_DIR", None) or os.getcwd()
        if not os.path.isfile(os.path.join(where, path)):
            if path == "<stdin>":
                return (
                    "this program is a script read from standard input, which a worker cannot load"
                )
            return f"this program's main module {path} is no file a worker process can load"
    finder = _MainReferences()
    try:
        finder.dump(model)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        return f"the model cannot be sent to a worker process ({exc})"
    if path is None and finder.found:
        names = ", ".join(finder.found)
        return (
            f"the model uses {names}, defined in a program with no file (python -c or the "
            "interactive interpreter), which a worker process cannot import"
        )
    return None


def _forkserver_why() -> str:
    """Why this process starts its workers by ``forkserver`` (:func:`_fork_is_safe`)."""
    others = threading.active_count() - 1
    if others > 0:
        return f"this process runs {others} other thread(s)"
    return "numba's thread pool has started in this process"


#: What to do when a worker process cannot load the model (said by every such error).
_LOAD_HINT = (
    "define the model (its function or class) in a module the workers can import, e.g. a .py "
    "file beside the script that the script imports, or run with one worker (workers=1, "
    "--workers 1) or executor='serial'"
)


class ProcessExecutor(Executor):
    """The ``processes`` engine: a local :class:`concurrent.futures.ProcessPoolExecutor` of
    ``workers`` processes, forked when that is safe (no other thread, numba's pool not
    started), else started by ``forkserver``; each worker receives the model once and runs
    single-threaded (:func:`single_thread`). :meth:`next_done` hands back, of the batches
    finished, the one that starts first."""

    kind = "processes"

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def start(self, model: Model) -> None:
        self.model = model
        method = "fork" if _fork_is_safe() else "forkserver"
        self.method = method
        if method == "forkserver":
            problem = _forkserver_problem(model)
            if problem is not None:
                raise ExploreError(
                    f"{self.workers} worker processes cannot be started: {_forkserver_why()}, "
                    f"so they are started by forkserver (forking is unsafe), and {problem}; "
                    f"{_LOAD_HINT}",
                    field="workers",
                )
        # a forkserver worker gets the model pickled, to unpickle it where a failure can be
        # caught and said (_init_worker); a forked one inherits it
        sent: Model | bytes = (
            model if method == "fork" else pickle.dumps(model, pickle.HIGHEST_PROTOCOL)
        )
        self._pool = cf.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=mp.get_context(method),
            initializer=_init_worker,
            initargs=(sent, os.getpid() if method == "fork" else None),
        )
        self._futures: set[cf.Future[BatchResult]] = set()
        # start every worker now, before any other thread (e.g. a progress bar) exists
        try:
            for f in [self._pool.submit(_ping) for _ in range(self.workers)]:
                f.result()
        except _ModelNotLoaded as exc:
            self._pool.shutdown(wait=True, cancel_futures=True)
            raise self._not_loaded(exc) from None
        except BrokenProcessPool:
            # a worker that could not load the model or the main module (its message is on
            # stderr): the run has written nothing yet
            self._pool.shutdown(wait=True, cancel_futures=True)
            raise ExploreError(
                f"a worker process (started by {method}) died while starting: it could not "
                f"load the model or this program's main module (its message is above); "
                f"{_LOAD_HINT}",
                field="workers",
            ) from None

    def _not_loaded(self, exc: _ModelNotLoaded) -> ExploreError:
        """The error for a worker that could not load the model (its reason: ``exc``)."""
        guard = ""
        finder = _MainReferences()
        # the model was pickled for the worker already (a forked worker always has it), so this
        # pickling succeeds; should it not, the error below goes without the guard's words
        with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
            finder.dump(self.model)
        if finder.found:
            guard = (
                f"; it uses {', '.join(finder.found)} of this program's main module, which a "
                "worker loads as __mp_main__, where code under "
                "'if __name__ == \"__main__\":' does not run"
            )
        return ExploreError(
            f"a worker process (started by {self.method}) could not load the model ({exc}){guard}; "
            f"{_LOAD_HINT}",
            field="workers",
        )

    def submit(self, task: BatchTask) -> None:
        self._futures.add(self._pool.submit(_worker_batch, task))

    def pending(self) -> int:
        return len(self._futures)

    def next_done(self) -> BatchResult:
        done, _ = cf.wait(self._futures, return_when=cf.FIRST_COMPLETED)
        try:
            fut = min(done, key=lambda f: f.result().start)
        except _ModelNotLoaded as exc:  # a worker started after start() (the pool grew)
            raise self._not_loaded(exc) from None
        except BrokenProcessPool:
            # killed, out of memory, or a worker started later could not load the model; each
            # shard is written whole, so the results written so far stay
            raise ExploreError(
                f"a worker process died (killed, out of memory, or it could not load the "
                f"model: {_LOAD_HINT}); the results written so far are kept: run again to "
                "resume",
                field="workers",
            ) from None
        self._futures.discard(fut)
        return fut.result()

    def close(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            for f in self._futures:
                f.cancel()
            pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------------- dask
class _SingleThreadPlugin:
    """Dask worker plugin: one thread for numba/OpenMP/BLAS in every worker."""

    name = "anpo-single-thread"

    def setup(self, worker: Any) -> None:
        single_thread()


def _dask_batch(model: Model, task: BatchTask) -> BatchResult | AnpoError:
    """One batch on a Dask worker; a user error (an :class:`~anpo.errors.AnpoError`: one
    that stops the run, :class:`~anpo.explore.model.RunFilesError`, a file gone or changed
    since the run started) is returned, to be raised by :meth:`DaskExecutor.next_done`:
    raised here, the worker logged it with a traceback on stderr ("Compute Failed") before
    the one-line error."""
    single_thread()
    try:
        return _run_prepared(model, task)
    except AnpoError as exc:
        return exc


class DaskExecutor(Executor):
    """The ``dask`` engine (:mod:`distributed`): without ``scheduler`` a
    :class:`distributed.LocalCluster` of ``workers`` single-threaded worker processes, with one
    (e.g. ``tcp://10.0.0.5:8786``) that cluster; the model is scattered to every worker once.
    :meth:`next_done` hands back, of the batches finished, the one submitted first. An
    unreachable or malformed scheduler address is an :class:`~anpo.errors.ExploreError`
    naming ``--scheduler``; a missing ``distributed`` one saying what to install."""

    kind = "dask"

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        self.workers = workers
        self.scheduler = scheduler

    def start(self, model: Model) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ExploreError(
                "the dask executor needs dask.distributed: pip install 'anpo[explore]'"
            ) from None
        import logging

        self.model = model
        self._cluster = None
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="20s")
            except OSError as exc:
                raise ExploreError(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {exc}",
                    field="scheduler",
                ) from None
            except (ValueError, TypeError) as exc:  # distributed's parse of the address
                raise ExploreError(
                    f"not a Dask scheduler address: {self.scheduler!r} ({exc}); give "
                    "PROTOCOL://HOST:PORT, e.g. tcp://10.0.0.5:8786",
                    field="scheduler",
                ) from None
            info = self._client.scheduler_info()
            self.workers = max(1, len(info.get("workers", {})))
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                env={var: "1" for var in _THREAD_VARS},
            )
            self._client = Client(self._cluster)
        from distributed.diagnostics.plugin import WorkerPlugin

        plugin = type("AnpoSingleThread", (_SingleThreadPlugin, WorkerPlugin), {})()
        self._client.register_plugin(plugin, name=_SingleThreadPlugin.name)
        [self._model_future] = self._client.scatter([model], broadcast=True)
        self._futures: list[Any] = []

    def submit(self, task: BatchTask) -> None:
        self._futures.append(self._client.submit(_dask_batch, self._model_future, task, pure=False))

    def pending(self) -> int:
        return len(self._futures)

    def next_done(self) -> BatchResult:
        from distributed import wait

        done = wait(self._futures, return_when="FIRST_COMPLETED").done
        fut = min(done, key=lambda f: self._futures.index(f))
        self._futures.remove(fut)
        res = fut.result()
        if isinstance(res, AnpoError):  # _dask_batch's
            raise res
        return res

    # dup-ok: close() is alike in shape to the process executor's: cancel the pending futures, then
    # shut down this executor's own Dask client and cluster.
    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            for f in self._futures:
                f.cancel()
            client.close()
        cluster = getattr(self, "_cluster", None)
        if cluster is not None:
            cluster.close()


def make_executor(kind: str | None, workers: int = 1, scheduler: str | None = None) -> Executor:
    """``serial``, ``processes`` or ``dask``; ``None`` picks ``processes`` when ``workers > 1``
    (``dask`` when a scheduler address is given), else ``serial``. More than one worker for
    the serial executor or for a running Dask cluster (which has its own) is refused.

    An error names the argument as the library calls it (``workers``, ``scheduler``: the field
    of the :class:`~anpo.errors.ExploreError`); ``anpo explore run`` renames it to its flag
    (``--workers``, ``--scheduler``)."""
    # 2.5 workers was a TypeError from multiprocessing, 'x' a bare TypeError
    workers = whole_number(workers, "workers", error=ExploreError, floats=False)
    if workers < 1:
        raise ExploreError("must be >= 1", field="workers")
    if kind is None:
        kind = "dask" if scheduler else ("processes" if workers > 1 else "serial")
    if scheduler and kind != "dask":
        raise ExploreError("--scheduler needs --executor dask")
    if workers > 1 and (kind == "serial" or scheduler):
        # said, not silently dropped: the run would not have the workers asked for
        where = (
            "the serial executor runs one experiment at a time"
            if kind == "serial"
            else "a running Dask cluster (--scheduler) uses its own workers"
        )
        raise ExploreError(
            f"not used ({workers} asked for): {where}; drop --workers"
            + (" or choose --executor processes" if kind == "serial" else ""),
            field="workers",
        )
    cpus = os.cpu_count() or 1
    if kind in ("processes", "dask") and not scheduler and workers > MAX_WORKERS_PER_CPU * cpus:
        raise ExploreError(
            f"--workers {workers}: at most {MAX_WORKERS_PER_CPU * cpus} local worker processes "
            f"({MAX_WORKERS_PER_CPU} per CPU, {cpus} CPU(s) here); for more, use a Dask cluster "
            "(--executor dask --scheduler ADDRESS)"
        )
    if kind == "serial":
        return Executor()
    if kind == "processes":
        return ProcessExecutor(workers)
    if kind == "dask":
        return DaskExecutor(workers, scheduler)
    raise ExploreError(
        f"unknown executor {kind!r} (choose one of {', '.join(EXECUTORS)})", field="executor"
    )
