"""Futures as an explorable model: the futures are the cases, their uncertainties the inputs,
the scorecard's indicators the outcomes (:mod:`anpo.explore` runs it like any model)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from anpo.explore.model import FilesModel
from anpo.futures.load import refuse_shared_ids

OUTCOMES_VERSION = "futures-scorecard-1"


class FuturesModel(FilesModel):
    """Future files as a model: one case per future; an input declared by several futures must
    have the same distribution (and basis) in each."""

    OUTCOMES_VERSION = OUTCOMES_VERSION
    kind_of_file = "future"

    def __init__(
        self,
        texts: Sequence[str],
        sources: Sequence[str],
        held: Mapping[str, bytes] | None = None,
    ) -> None:
        # the folders the files' relative paths ([base] scenario, [alignment] instance, a drawn
        # instance) are read from: FilesModel.folders, absolute; ``held``: the future files'
        # bytes as read for their texts (FilesModel.read), hashed for input_files
        from anpo._io.inputs import remembered_reads

        super().__init__(texts, sources, held)
        # the base scenarios and instance files as the parse read them, hashed below from
        # those bytes (each was read a second time to hash it)
        with remembered_reads() as held:
            worlds = self.parsed
        self.cases = [w.future.id for w in worlds]
        # at the second file's [future] id, as `anpo futures compare` says it
        refuse_shared_ids(self.cases, self.sources, self.texts)
        self.name = "anpo.futures:" + ",".join(self.cases)
        self.params = self.union_params([w.uncertainties for w in worlds])
        self.inputs_by_case = {w.future.id: [u.name for u in w.uncertainties] for w in worlds}
        # part of the fingerprint: a book scenario may change between versions. Without the
        # [align] instance, read as a path from the base file's folder (absolute here: the
        # folders are) and read by no outcome: a run resumes with its files moved, as the
        # instance digests below allow
        self._bases: list[str] = [
            w.scenario.model_dump_json(exclude={"align": {"instance"}}) for w in worlds
        ]
        # the files as they were when the run started, each read and hashed once: the manifest
        # records them, the fingerprint holds the instance files' digests, and a worker checks
        # what it reads against them (changed_since_start, evaluate)
        self._files = self._read_input_files(held=held)
        self._digests = {f["resolved"]: f["sha256"] for f in self._files}
        # the instance files the futures read (none for a book instance: it is one of anpo's
        # own data files, whose digest the run's manifest holds beside the fingerprint
        # (manifest "package", anpo._package) and a resumed run must share; so a run on book
        # instances keeps the fingerprint it had)
        self._instances: list[str] = self.instance_digests()

    @classmethod
    def from_files(cls, files: Sequence[str | Path]) -> FuturesModel:
        from anpo.errors import ScenarioError

        return cls(*cls.read(files, ScenarioError))

    def parse(self) -> list[Any]:
        """The worlds of the files. A file's :class:`~anpo.errors.DataWarning` (an alignment
        change with no effect) is said where the model is made, not again by each worker that
        parses the files anew (a model sent to a worker is marked ``_said``)."""
        import warnings

        from anpo.errors import DataWarning
        from anpo.futures.load import parse_future_text

        with warnings.catch_warnings():
            if getattr(self, "_said", False):
                warnings.simplefilter("ignore", DataWarning)
            return [
                parse_future_text(t, source=s, base_dir=Path(d))[1]
                for t, s, d in zip(self.texts, self.sources, self.folders, strict=True)
            ]

    def __getstate__(self) -> dict[str, Any]:
        return {**super().__getstate__(), "_said": True}

    def inert_inputs(self) -> dict[str, dict[str, str]]:
        """The inputs of each future whose draws cannot move any scorecard indicator, with why
        (:func:`anpo.futures.scorecard.inert_inputs`, as ``anpo futures compare`` says them)."""
        from anpo.futures.scorecard import inert_inputs

        found = {w.future.id: inert_inputs(w) for w in self.parsed}
        return {case: inert for case, inert in found.items() if inert}

    def outcome_inputs(self) -> dict[str, dict[str, list[str]]]:
        """The inputs each indicator of each future reads
        (:func:`anpo.futures.scorecard.indicator_inputs`: a deterrence indicator reads the
        scenario's inputs, an alignment indicator the ``[alignment]`` ones, and so on)."""
        from anpo.futures.scorecard import indicator_inputs

        return {w.future.id: indicator_inputs(w) for w in self.parsed}

    def instance_digests(self) -> list[str]:
        """One text per alignment instance file a future reads (its own ``[alignment]
        instance``, each file an uncertain input draws among:
        :func:`anpo.futures.load.instance_files`), holding the future's id and the SHA-256 of
        the file's bytes, not its path (a run resumes from another folder, as its files'
        texts do). Part of the fingerprint: the texts of the future files name the instance
        files, not what they hold, so an instance edited between an interrupted run and its
        resumption gave rows computed on two landscapes in one run, with nothing said. The
        digests are those :meth:`input_files` took (each file read and hashed once, where the
        model was made: it was read and hashed for each list, and the two could disagree);
        a file it could not read is read here, or refused."""
        import hashlib

        from anpo.errors import FutureError
        from anpo.futures.load import instance_files

        recorded: dict[str, str] = getattr(self, "_digests", {})
        out = []
        for w, src, folder in zip(self.parsed, self.sources, self.folders, strict=True):
            for path in instance_files(w, Path(folder)):
                try:
                    digest = recorded.get(str(path.resolve()))
                    if digest is None:  # unreadable when input_files read it
                        digest = hashlib.sha256(path.read_bytes()).hexdigest()
                except (OSError, RuntimeError) as exc:  # read by the load check a moment ago
                    raise FutureError(
                        f"alignment instance {path}: {getattr(exc, 'strerror', None) or exc}",
                        file=src,
                    ) from None
                out.append(f"instance of {w.future.id}: {digest}")
        return out

    def input_files(self) -> list[dict[str, str]]:
        """The files the run's results depend on (:func:`anpo.explore.model.file_entry`), each
        once, as they were when the model was made: the future files, then for each future its
        base scenario (a ``book:`` one too: its file changes with anpo's version) and the
        alignment instance files it reads (:func:`anpo.futures.load.instance_refs`: its own
        and those an input draws among; not a ``book:`` instance), named as the future file
        writes them. Recorded in the manifest so that a refused resume says which of them
        changed; a worker checks the files it reads against them (:meth:`changed_since_start`,
        :meth:`evaluate`)."""
        return self._files

    def _read_input_files(
        self, with_own: bool = True, held: Mapping[str, bytes] | None = None
    ) -> list[dict[str, str]]:
        """:meth:`input_files` as the files are now; without ``with_own``, only the files the
        future files name (what a worker reads by path: the future files' texts are sent to
        it). ``held``: the bytes the parse read (:func:`anpo._io.inputs.remembered_reads`),
        hashed instead of reading those files again (:func:`~anpo.explore.model.file_entry`)."""
        from anpo._io.inputs import parse_toml
        from anpo.errors import FutureError
        from anpo.explore.model import file_entry, unique_files
        from anpo.futures.load import base_path, instance_refs

        entries: list[dict[str, str] | None] = list(super().input_files() or []) if with_own else []
        read: set[Path] = set()
        for w, text, src, folder in zip(
            self.parsed, self.texts, self.sources, self.folders, strict=True
        ):
            data = parse_toml(text, src, FutureError).data  # parsed and validated already
            ref = str(data["base"]["scenario"])
            base = base_path(ref, Path(folder))
            if base is not None:
                entries.append(file_entry(f"base scenario of {w.future.id}", ref, base, held))
            written = data.get("alignment", {}).get("instance")  # the file's own, as written
            for as_written, path in instance_refs(
                w, Path(folder), written if isinstance(written, str) else None
            ):
                if path not in read:  # each file read and hashed once (a future's own
                    read.add(path)  # instance among those an input draws, two futures on one)
                    entries.append(
                        file_entry(f"alignment instance of {w.future.id}", as_written, path, held)
                    )
        return unique_files(entries)

    def fingerprint_extra(self) -> list[str]:
        """The base scenarios (a book scenario may change between versions) and the instance
        files' digests (:meth:`instance_digests`; none when every instance is a book one)."""
        return [*self._bases, *self._instances]

    def case_file(self, case: int) -> Any:
        """The future (its world) case ``case`` applies the sampled values to."""
        return self.parsed[case]

    def world_for(self, case: int, values: Mapping[str, Any]) -> Any:
        """The case's world with the sampled values applied (re-validated), a drawn relative
        ``[alignment] instance`` path read from the future file's folder
        (:func:`anpo.futures.load.drawn_world`; it was read from the working folder). The
        folder is the file's, made absolute where the model was made (:attr:`folders`), so each
        worker process, whatever its working folder, reads the same instance files."""
        from anpo.futures.load import drawn_world

        return drawn_world(self.parsed[case], values, Path(self.folders[case]))

    def changed_since_start(self) -> str:
        """The files the future files name (a base scenario, an alignment instance file: what
        a worker reads by path) that are not as they were when the run started
        (:func:`~anpo.explore.model.files_said`: changed, gone or unreadable), which
        :meth:`~anpo.explore.model.FilesModel.prepare_worker` checks: a worker that parses
        the files anew (Dask, a ``forkserver`` pool) read a base scenario or instance file
        edited meanwhile, and its rows were computed on the edited one. Parsed, each named as
        the future files now name it (:meth:`_read_input_files`); when the parse failed, each
        file as it was read then."""
        from anpo.explore.model import file_entry, files_said, unique_files

        named = [f for f in self._files if f["role"] != f"{self.kind_of_file} file"]
        if self._parsed is not None:
            now = self._read_input_files(with_own=False)
        else:
            now = unique_files(file_entry(f["role"], f["path"], Path(f["resolved"])) for f in named)
        return files_said(named, now, changed="changed", added=None, missing="gone or unreadable")

    def _check_instance(self, source: str, case: int) -> Any:
        """Raise a :class:`~anpo.explore.model.RunFilesError` when the alignment instance file
        ``source`` an experiment of future ``case`` reads cannot be read now, or is not what it
        was when the run started (its SHA-256 is not :meth:`input_files`'): it was an
        experiment's failure, stored and never run again (a file deleted in the middle of a run
        failed every experiment that drew it), or it was read as it was edited. Read and hashed
        once (:func:`~anpo.futures.scorecard.instance_bytes`; it was read and hashed twice
        here). Returns the instance parsed from the bytes checked
        (:meth:`~anpo.futures.scorecard.InstanceCache.of_bytes`), which :meth:`evaluate` gives
        the scorecard (it read and hashed the file once more: perf30), or None for a built-in
        instance or an empty name (the scorecard reads it as before)."""
        from anpo.errors import AnpoError
        from anpo.explore.model import RunFilesError
        from anpo.futures.scorecard import instance_bytes, read_instance

        if not source.strip() or source.startswith("book:"):
            return None
        future = self.cases[case]
        # one read and hash of the file: what it holds now (None when it cannot be read)
        read = instance_bytes(source)
        key = None if read is None else read[0]
        recorded = self._digests.get(key[0]) if key is not None else None
        if read is None or recorded is None:  # unreadable, or not read when the run started
            try:
                return read_instance(source)  # parsed, or said
            except AnpoError as exc:
                raise RunFilesError(
                    f"{exc.one_line()}: an alignment instance file future {future} reads "
                    "cannot be read as it was when the run started"
                ) from None
        if read[0][1] != recorded:
            raise RunFilesError(
                f"an alignment instance file future {future} reads changed since the run started",
                file=source,
            )
        return read_instance.of_bytes(source, *read)

    def evaluate(
        self, case: int, values: Mapping[str, Any], rng: np.random.Generator | None
    ) -> Mapping[str, float]:
        """The scorecard's indicators of the case's world with ``values`` applied
        (:func:`anpo.futures.scorecard.indicators`), its alignment instance file checked first
        (:meth:`_check_instance`), the scorecard given the instance that check read
        (:func:`~anpo.futures.scorecard.instance_given`: one read of the file per experiment,
        not two)."""
        from anpo.futures.scorecard import indicators, instance_given

        world = self.world_for(case, values)
        source = world.alignment.instance
        with instance_given(source, self._check_instance(source, case)):
            return indicators(world)
