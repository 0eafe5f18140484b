"""What an exploration runs: a model = uncertain inputs, cases, and an outcome function.

A model has

- ``params``: the uncertain inputs (:class:`~anpo.explore.space.Param`),
- ``cases``: labels of the alternatives crossed with every sample (the files and variants of a
  scenario exploration, the futures of a futures exploration; ``["base"]`` for a function),
- ``evaluate(case, values, rng)``: the outcomes of one experiment as ``{name: number}``, where
  ``values`` maps each input's name to its sampled value and ``rng`` is the experiment's own
  ``numpy.random.Generator`` (``None`` for a deterministic model), or, for a *vectorised* model,
  ``evaluate_batch(case, values, seeds)`` over arrays.
- ``fingerprint()``: a text that changes when the model would give other results (hashed into
  the manifest so a changed model is not resumed into an old run).
- ``applied_inputs(case, values)``: the values each experiment's model used, as the run stores
  them (for file models, a whole-number field's nearest integer; the sampled values otherwise).
- ``inputs_by_case``: for file models, the inputs each case reads (``{case: [input, ...]}``; a
  future or scenario file declares its own uncertainties and every case is run on the union):
  written to the manifest so the analyses of one case leave out the inputs it never reads;
  ``None`` when every case reads every input.
- ``outcome_inputs()``: for a model that knows it (futures, scenario files), the inputs each
  outcome of each case reads (``{case: {outcome: [input, ...]}}``): written to the manifest so
  that an analysis gives no index to an input the outcome never reads; ``None`` when every
  outcome may read every input of its case.
- ``input_files()``: for file models, each file the results depend on (the scenario or future
  files, a future's base scenario and alignment instance files) with its path as given, as
  read and its SHA-256, written to the manifest beside the fingerprint (not hashed into the
  run's identity) so that a refused resume names the file that changed; ``None`` for a
  function model.
- ``inert_inputs()``: for file models, the inputs a case reads whose draws cannot move any of
  its outcomes, with why (``{case: {input: why}}``), found from the files' structure by the
  checks ``anpo validate`` and ``anpo futures compare`` use; ``anpo explore run`` says them.

Models are pickled to the workers once per run, so they hold plain data.
"""

from __future__ import annotations

import hashlib
import inspect
import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from anpo._checks import seed_number, whole_number
from anpo._streams import indexed_seeds
from anpo.errors import AnpoError, ExploreError
from anpo.explore.space import Param, as_params, space_fingerprint


class RunFilesError(ExploreError):
    """A file the run reads could not be read, while the run went on, as it was when the run
    started (deleted, made unreadable, edited: a worker parses the files anew and reads the
    alignment instances each experiment draws). Not an experiment's failure, which is stored
    and never run again: the run stops (:func:`run_batch` lets it through), its shards stay,
    and the same command resumes it once the file is as it was."""


class Model:
    """Base class of explorable models (see the module docstring)."""

    name: str = "model"
    params: list[Param]
    cases: list[str]
    stochastic: bool = False
    vectorized: bool = False
    inputs_by_case: dict[str, list[str]] | None = None

    def fingerprint(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def evaluate(
        self, case: int, values: Mapping[str, Any], rng: np.random.Generator | None
    ) -> Mapping[str, float]:  # pragma: no cover - abstract
        raise NotImplementedError

    def evaluate_batch(
        self, case: np.ndarray, values: Mapping[str, np.ndarray], seeds: np.ndarray
    ) -> Mapping[str, np.ndarray]:  # pragma: no cover - abstract
        raise NotImplementedError

    def prepare(self) -> None:
        """Called once in each worker before its first batch (load files, warm caches)."""

    def prepare_worker(self) -> None:
        """:meth:`prepare` in a worker (called before its first batch, by the executors). A
        user error it raises (an :class:`~anpo.errors.AnpoError`) is the model's own, said as
        such (:func:`prepare_error`: the model, what its ``prepare`` raised and where), and
        stops the run without a traceback, its shards kept; it was said as "a worker could not
        read the run's files", a function model's own error too. A file model's files gone or
        changed since the run started are a :class:`RunFilesError`
        (:meth:`FilesModel.prepare_worker`)."""
        try:
            self.prepare()
        except RunFilesError:
            raise
        except AnpoError as exc:
            raise prepare_error(self, exc) from None

    def outcome_inputs(self) -> dict[str, dict[str, list[str]]] | None:
        """The inputs each outcome of each case reads (``{case: {outcome: [input, ...]}}``).
        Here: ``None``, every outcome may read every input of its case."""
        return None

    def inert_inputs(self) -> dict[str, dict[str, str]]:
        """The inputs each case reads whose draws cannot move any of its outcomes, with why
        (``{case: {input: why}}``, only the cases with one). Here: none is judged (a function
        model's structure is not known)."""
        return {}

    def input_files(self) -> list[dict[str, str]] | None:
        """The files the results depend on, each as :func:`file_entry` gives it
        (:func:`changed_files` compares two runs' lists). Here: ``None``,
        a function model reads no file anpo knows of."""
        return None

    def applied_inputs(
        self, case: np.ndarray, values: Mapping[str, np.ndarray]
    ) -> dict[str, np.ndarray]:
        """The value of each input that the model used in each experiment (``case``: each
        experiment's case index; ``values``: the sampled values, one array per input), as the
        run stores them. Here: the sampled values (a function receives them as drawn)."""
        return dict(values)


class FilesModel(Model):
    """A model read from input files (scenario files, future files): the base of
    :class:`~anpo.explore.scenario.ScenarioModel` and :class:`~anpo.futures.experiment.FuturesModel`.

    It keeps the files' texts and sources, which are what is pickled to the workers (each one
    parses them again in :meth:`prepare`) and what the fingerprint covers, with
    ``OUTCOMES_VERSION`` (bumped when the outcomes change) and :meth:`fingerprint_extra`.
    Subclasses say how the texts are parsed (:meth:`parse`)."""

    OUTCOMES_VERSION = "files-1"
    stochastic = False
    vectorized = False
    #: What the model's files are, in the manifest's list of files (:meth:`input_files`).
    kind_of_file = "input"

    def __init__(
        self,
        texts: Sequence[str],
        sources: Sequence[str],
        held: Mapping[str, bytes] | None = None,
    ) -> None:
        self.texts = list(texts)
        self.sources = list(sources)
        # the folders the files' relative paths (a future's [base] scenario and [alignment]
        # instance, a drawn instance, a scenario's [align] instance) are read from, made
        # absolute here, once, in the process that reads the files: a worker that parses them
        # anew may start in another working folder (a Dask worker, a pool started after a
        # chdir), where a relative future file's base scenario was 'not found' and every
        # experiment failed. The sources stay as given: they name the files in messages.
        self.folders = [str(Path(s).absolute().parent) for s in self.sources]
        self._parsed: list[Any] | None = None
        # the model's own files as input_files records them, hashed from the bytes read for
        # their texts (``held``, from read: each file was read a second time to hash it);
        # without them, read when input_files is called
        self._own_files: list[dict[str, str]] | None = (
            None if held is None else self._own_entries(held)
        )

    @classmethod
    def read(
        cls, files: Sequence[str | Path], error: type[AnpoError]
    ) -> tuple[list[str], list[str], dict[str, bytes]]:
        """The texts and sources of ``files`` and the bytes read for those texts, by resolved
        path (:func:`anpo._io.inputs.remembered_reads`: the model's constructor hashes its own
        files from them for :meth:`input_files`, not reading each file again), or ``error``
        naming the file that cannot be read (or the entry, ``files[k]``, that is no file path:
        a dict, an int)."""
        from anpo._io.inputs import read_text, remembered_reads

        with remembered_reads() as held:
            texts = [read_text(f, error, name=f"files[{k}]") for k, f in enumerate(files)]
        return texts, [str(f) for f in files], held

    def parse(self) -> list[Any]:  # pragma: no cover - abstract
        """The parsed files, one object per text (called once per process)."""
        raise NotImplementedError

    def case_file(self, case: int) -> Any:  # pragma: no cover - abstract
        """The parsed file (a model with its ``uncertainties``) that case ``case`` applies the
        sampled values to."""
        raise NotImplementedError

    def _target_values(self) -> dict[str, list[list[Any]]]:
        """For each input, per case, the values its targets hold in the file as written (none
        when the case does not read it); computed once."""
        cached: dict[str, list[list[Any]]] | None = getattr(self, "_targets_now", None)
        if cached is None:
            from anpo.scenario.uncertainty import get_target

            cached = {p.name: [[] for _ in self.cases] for p in self.params}
            for k in range(len(self.cases)):
                file = self.case_file(k)
                for u in file.uncertainties:
                    cached[u.name][k] = [get_target(file, t) for t in u.targets]
            self._targets_now = cached
        return cached

    def applied_inputs(
        self, case: np.ndarray, values: Mapping[str, np.ndarray]
    ) -> dict[str, np.ndarray]:
        """The values the experiments' scenarios took (:func:`anpo.scenario.uncertainty.apply`
        sets them by :func:`~anpo.scenario.uncertainty.applied_value`): a whole-number field's
        nearest integer, else the sampled value.

        An input is a column of whole numbers when every field it sets, in every case that
        reads it, takes whole numbers; a case that does not read it shows it as those cases
        would (its value there is noise to that case, and one column keeps one kind of number).
        An input whole-numbered in some cases and real in others is a column of reals holding
        each experiment's own value."""
        from anpo.scenario.uncertainty import applied_values, whole_field

        targets = self._target_values()
        case = np.asarray(case)
        out: dict[str, np.ndarray] = {}
        for name, arr in values.items():
            per_case = targets.get(name)
            if per_case is None:
                out[name] = arr
                continue
            read = [c for cs in per_case for c in cs]
            if read and all(whole_field(c) for c in read):
                out[name] = applied_values(arr, read)
                continue
            col = np.array(arr, copy=True)
            for k, currents in enumerate(per_case):
                at = case == k
                if currents and at.any():
                    col[at] = applied_values(arr[at], currents)
            out[name] = col
        return out

    def prepare(self) -> None:
        if self._parsed is None:
            self._parsed = self.parse()

    def prepare_worker(self) -> None:
        """:meth:`prepare` in a worker, which parses the files' texts (sent with the model)
        anew, reading the files they name by path (a future's base scenario and alignment
        instance files), then :meth:`changed_since_start`: when one of those is not as it was
        when the run started, a :class:`RunFilesError` naming it (with what the parse raised,
        if it failed), a file problem; a parse that fails with every file as it was is the
        model's own error (:meth:`Model.prepare_worker`'s words: e.g. another anpo on a Dask
        worker). Any parse error was said as the run's files unreadable."""
        failed: AnpoError | None = None
        try:
            self.prepare()
        except RunFilesError:
            raise
        except AnpoError as exc:
            failed = exc
        said = self.changed_since_start()
        if said:
            parse = f"; parsing them: {failed.one_line()}" if failed is not None else ""
            raise RunFilesError(
                f"the files the run reads are not as they were when it started ({said}){parse}"
            )
        if failed is not None:
            raise prepare_error(self, failed)

    def changed_since_start(self) -> str:
        """The files the model reads by path that are not as they were when it was made, as
        :func:`files_said` words them (nothing when each is as it was). Here: nothing, the
        model's own files are sent to the workers as texts and it reads no other."""
        return ""

    @property
    def parsed(self) -> list[Any]:
        """The parsed files (parsed on first use in this process)."""
        self.prepare()
        assert self._parsed is not None
        return self._parsed

    def union_params(self, uncertainties: Sequence[Sequence[Any]]) -> list[Param]:
        """The union of the files' uncertainties (one sequence per file, in the files' order): an
        input declared by several files must have the same distribution in each (else an
        :class:`~anpo.errors.ExploreError` at the second file's entry)."""
        from anpo._io.inputs import dotted, parse_toml

        params: dict[str, Param] = {}
        origin: dict[str, str] = {}
        for k, (declared, src) in enumerate(zip(uncertainties, self.sources, strict=True)):
            for i, u in enumerate(declared):
                if u.name in params and params[u.name].distribution != u.distribution:
                    # at the second file's entry, as every other problem of a file is said
                    where = ("uncertainties", i, "distribution")
                    try:
                        line = parse_toml(self.texts[k], src, ExploreError).line(where)
                    except AnpoError:  # pragma: no cover - the file was parsed already
                        line = None
                    raise ExploreError(
                        f"uncertainty {u.name!r} has one distribution in {origin[u.name]} and "
                        f"another in {src}; give it the same one, or another name",
                        file=src,
                        line=line,
                        field=dotted(where),
                    )
                params.setdefault(u.name, Param(u.name, u.distribution))
                origin.setdefault(u.name, src)
        return list(params.values())

    def fingerprint_extra(self) -> list[str]:
        """More texts the results depend on (none here)."""
        return []

    def input_files(self) -> list[dict[str, str]] | None:
        """The files the results depend on (:func:`file_entry`): here the model's own files
        (a subclass adds those they name), each once: hashed from the bytes their texts were
        read from where the model was given them (:meth:`read`), else read now."""
        own = self._own_files
        return list(own) if own is not None else self._own_entries()

    def _own_entries(self, held: Mapping[str, bytes] | None = None) -> list[dict[str, str]]:
        """The :func:`file_entry` of each of the model's own files, once; ``held``: bytes
        already read, by resolved path."""
        return unique_files(
            file_entry(f"{self.kind_of_file} file", src, Path(src), held) for src in self.sources
        )

    def fingerprint(self) -> str:
        h = hashlib.sha256(self.OUTCOMES_VERSION.encode())
        for t in [*self.texts, *self.fingerprint_extra()]:
            h.update(hashlib.sha256(t.encode()).digest())
        return h.hexdigest()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_parsed"] = None  # parsed again in the worker (prepare)
        state.pop("_targets_now", None)
        state.pop("_anpo_prepared", None)
        return state


def file_entry(
    role: str, given: str, path: Path, held: Mapping[str, bytes] | None = None
) -> dict[str, str] | None:
    """One file a run's results depend on, as its manifest records it: ``role`` (what the file
    is to the run: ``"future file"``, ``"alignment instance of status-quo"``), ``path`` as the
    command line or the file naming it gives it, ``resolved``, the absolute file read (links
    resolved), and the ``sha256`` of its bytes; ``None`` when it cannot be read now (the
    record says what changed; the fingerprint, not this list, decides a resume). ``held``:
    bytes already read, by resolved path (:func:`anpo._io.inputs.remembered_reads`): a file
    among them is hashed from them, not read again."""
    try:
        resolved = str(path.resolve())
        data = held.get(resolved) if held else None
        if data is None:
            data = path.read_bytes()
    except (OSError, RuntimeError):  # gone since it was read, a symlink loop
        return None
    return {
        "role": role,
        "path": given,
        "resolved": resolved,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def unique_files(entries: Iterable[dict[str, str] | None]) -> list[dict[str, str]]:
    """``entries`` (:func:`file_entry`) without the ``None`` ones and with each file (its
    resolved path) once, at its first entry."""
    seen: set[str] = set()
    out = []
    for e in entries:
        if e is not None and e["resolved"] not in seen:
            seen.add(e["resolved"])
            out.append(e)
    return out


def changed_files(
    old: list[dict[str, str]], new: list[dict[str, str]]
) -> tuple[list[str], list[str], list[str]]:
    """Which files of a run's manifest (``old``) and of this run (``new``) differ, each list
    of :meth:`~anpo.explore.model.Model.input_files` entries: ``(changed, added, missing)``,
    each file said as its role and path (``alignment instance of mine a.toml (read as
    /abs/sub/a.toml)``). A file is the same file in both when its resolved path is, else (a
    run resumed from another folder, a package installed elsewhere) when its role and its
    path as given are; it changed when its ``sha256`` differs. ``added``: read by this run,
    not by the old one; ``missing``: read by the old one, not by this run."""

    def said(e: dict[str, str]) -> str:
        where = "" if e["resolved"] == e["path"] else f" (read as {e['resolved']})"
        return f"{e['role']} {e['path']}{where}"

    left = list(old)
    changed: list[str] = []
    added: list[str] = []
    for e in new:
        match = next((o for o in left if o["resolved"] == e["resolved"]), None) or next(
            (o for o in left if (o["role"], o["path"]) == (e["role"], e["path"])), None
        )
        if match is None:
            added.append(said(e))
            continue
        left.remove(match)
        if match["sha256"] != e["sha256"]:
            changed.append(said(e))
    return changed, added, [said(o) for o in left]


def files_said(
    old: list[dict[str, str]],
    new: list[dict[str, str]],
    *,
    changed: str,
    added: str | None,
    missing: str,
) -> str:
    """What :func:`changed_files` finds between ``old`` and ``new``, as ``WHAT: FILE, FILE;
    WHAT: FILE``, each kind of difference said with its words (``added`` ``None``: files read
    now and not before are not said); nothing when no file differs. The one wording of a
    refused resume (:func:`anpo.explore.engine._files_said`) and of a worker's check of the
    files (:meth:`anpo.futures.experiment.FuturesModel.changed_since_start`)."""
    found = changed_files(old, new)
    return "; ".join(
        f"{what}: {', '.join(files)}"
        for what, files in zip((changed, added, missing), found, strict=True)
        if what is not None and files
    )


def prepare_error(model: Model, exc: AnpoError) -> ExploreError:
    """The error for the user error ``exc`` that ``model``'s :meth:`~Model.prepare` raised in a
    worker: the model's own (not the run's files'), said with what it raised, where (the file,
    line and function of the ``raise``) and its message."""
    where = ""
    tb = exc.__traceback__
    if tb is not None:
        while tb.tb_next is not None:
            tb = tb.tb_next
        code = tb.tb_frame.f_code
        where = f" at {code.co_filename}:{tb.tb_lineno} in {code.co_name}"
    return ExploreError(
        f"the model {model.name} could not be prepared in a worker: its prepare raised "
        f"{type(exc).__name__}{where}: {exc.one_line()}"
    )


class FunctionModel(Model):
    """A plain function as a model.

    ``fn(**values)`` (plus ``rng=`` if it has such a parameter) returns a dict of outcomes or a
    single number (outcome ``"value"``). With ``vectorized=True`` it receives arrays (one entry
    per experiment of a batch) and returns arrays; a stochastic vectorised function receives
    ``seeds``, one ``uint64`` per experiment from the run's seed and the experiment's index
    (:func:`experiment_seeds`; ``np.random.default_rng(seeds[j])`` is experiment ``j``'s
    stream); a function called one experiment at a time receives ``rng``,
    :func:`experiment_rng`.

    For a process pool or Dask, ``fn`` must be importable (a module-level function).
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        params: Any,
        *,
        name: str | None = None,
        vectorized: bool = False,
        cases: Sequence[str] | None = None,
    ) -> None:
        if not callable(fn):  # a number was "'int' object has no attribute '__module__'"
            raise ExploreError(f"the model must be a function, got {fn!r}", field="fn")
        self.fn = fn
        self.params = as_params(params)
        self.name = name or f"{fn.__module__}.{fn.__qualname__}"
        self.vectorized = vectorized
        self.cases = list(cases or ["base"])
        sig = inspect.signature(fn)
        self.stochastic = "rng" in sig.parameters or "seeds" in sig.parameters
        self.takes_case = "case" in sig.parameters
        # the call evaluate/evaluate_batch make, checked now: an input the function does not
        # take, or an argument of it no input gives, was a TypeError from inside the run
        # (after its folder was made)
        given = [p.name for p in self.params]
        if self.stochastic:
            given.append("seeds" if vectorized else "rng")
        if self.takes_case:
            given.append("case")
        try:
            sig.bind(**dict.fromkeys(given))
        except TypeError as exc:
            raise ExploreError(
                f"the inputs {sorted(p.name for p in self.params)} do not fit "
                f"{self.name}{sig}: {exc}",
                field="params",
            ) from None

    def fingerprint(self) -> str:
        try:
            src = inspect.getsource(self.fn)
        except (OSError, TypeError):
            src = ""
        h = hashlib.sha256()
        h.update(self.name.encode())
        h.update(src.encode())
        h.update(space_fingerprint(self.params).encode())
        h.update(repr((self.vectorized, self.cases)).encode())
        return h.hexdigest()

    def evaluate(
        self, case: int, values: Mapping[str, Any], rng: np.random.Generator | None
    ) -> Mapping[str, float]:
        kw = dict(values)
        if self.stochastic:
            kw["rng"] = rng
        if self.takes_case:
            kw["case"] = self.cases[case]
        out = self.fn(**kw)
        return out if isinstance(out, Mapping) else {"value": out}

    def evaluate_batch(
        self, case: np.ndarray, values: Mapping[str, np.ndarray], seeds: np.ndarray
    ) -> Mapping[str, np.ndarray]:
        kw: dict[str, Any] = dict(values)
        if self.stochastic:
            kw["seeds"] = seeds
        if self.takes_case:
            kw["case"] = np.asarray(self.cases, dtype=object)[case]
        out = self.fn(**kw)
        return out if isinstance(out, Mapping) else {"value": out}


# ---------------------------------------------------------------------------- batches
@dataclass
class BatchTask:
    """The experiments ``start <= i < stop`` (cases and input values given)."""

    start: int
    stop: int
    case: np.ndarray  # int32 case index per experiment
    values: dict[str, np.ndarray]  # input values per experiment
    seed: int


@dataclass
class BatchResult:
    """What :func:`run_batch` returns for the experiments ``start <= i < stop``: each outcome's
    values (NaN where an experiment failed), each experiment's error message (``None`` when none
    failed) and the worker's compute time in seconds."""

    start: int
    stop: int
    outcomes: dict[str, np.ndarray]
    errors: list[str | None] | None
    seconds: float  # compute time in the worker


def experiment_rng(seed: int, i: int) -> np.random.Generator:
    """Experiment ``i``'s random stream: ``SeedSequence(seed, spawn_key=(i,))``, the ``i``-th
    child of the root seed (what ``SeedSequence(seed).spawn`` gives), independent of which
    worker runs it."""
    seed_number(seed, error=ExploreError)  # numpy's ValueError/TypeError before
    whole_number(i, "i", error=ExploreError, minimum=0, floats=False)
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(i,)))


def experiment_seeds(seed: int, start: int, stop: int) -> np.ndarray:
    """The ``seeds`` a stochastic vectorised model receives for experiments ``start..stop-1``:
    one 64-bit integer each (``uint64``; ``np.random.default_rng(s)`` is then the experiment's
    own stream), a function of the root seed and the experiment's index alone, so that neither
    the batch sizes nor the workers change them. The root seed's entropy comes from
    ``SeedSequence(seed)``; each index is mixed with it by the splitmix64 finaliser (a
    vectorised hash: a ``SeedSequence`` per experiment costs about 12 us;
    :func:`anpo._streams.indexed_seeds`, which the alignment heuristics' restarts use too).
    They were the indices themselves, the same whatever the run's seed.

    ``start`` and ``stop`` are whole numbers >= 0 with ``stop >= start`` (``stop == start``: no
    experiment, an empty array); ``stop < start`` is an :class:`~anpo.errors.ExploreError`
    naming ``stop`` (it was an empty array, as if the range were merely empty)."""
    seed = seed_number(seed, error=ExploreError)
    start, stop = (
        whole_number(v, name, error=ExploreError, minimum=0, floats=False)
        for name, v in (("start", start), ("stop", stop))
    )
    if stop < start:
        raise ExploreError(f"must be >= start ({start}), got {stop}", field="stop")
    return indexed_seeds(seed, start, stop)


def run_batch(model: Model, task: BatchTask) -> BatchResult:
    """Evaluate one batch (in a worker). A model error a user can cause (an
    :class:`~anpo.errors.AnpoError`, e.g. a sampled value a scenario field refuses) makes that
    experiment's outcomes missing and is recorded in its ``error``; a file of the run that
    cannot be read as it was (:class:`RunFilesError`) and anything else stop the run."""
    t0 = time.perf_counter()
    n = task.stop - task.start
    if model.vectorized:
        seeds = experiment_seeds(task.seed, task.start, task.stop)
        raw = model.evaluate_batch(task.case, task.values, seeds)
        outcomes = {}
        for k, v in raw.items():
            arr = np.asarray(v, dtype=float)
            if arr.shape != (n,):
                raise ExploreError(f"outcome {k!r}: expected {n} values, got shape {arr.shape}")
            outcomes[str(k)] = arr
        return BatchResult(task.start, task.stop, outcomes, None, time.perf_counter() - t0)
    names = list(task.values)
    cols = [task.values[k].tolist() for k in names]
    cases = task.case.tolist()
    rows: list[Mapping[str, float] | None] = []
    errors: list[str | None] = []
    any_error = False
    stochastic = model.stochastic
    for j in range(n):
        values = {k: col[j] for k, col in zip(names, cols, strict=True)}
        rng = experiment_rng(task.seed, task.start + j) if stochastic else None
        try:
            rows.append(model.evaluate(cases[j], values, rng))
            errors.append(None)
        except RunFilesError:  # the run's files, not this experiment's inputs: stop the run
            raise
        except AnpoError as exc:
            rows.append(None)
            errors.append(exc.one_line())
            any_error = True
    keys: dict[str, None] = {}
    for r in rows:
        if r is not None:
            for k in r:
                keys.setdefault(str(k), None)
    outcomes = {}
    for k in keys:
        outcomes[k] = np.array(
            [_number(r.get(k)) if r is not None else math.nan for r in rows], dtype=float
        )
    return BatchResult(
        task.start, task.stop, outcomes, errors if any_error else None, time.perf_counter() - t0
    )


def _number(v: Any) -> float:
    if v is None:
        return math.nan
    return float(v)
