"""Reading future files and applying them to their base scenario.

Every problem is one :class:`anpo.errors.FutureError` naming the file, the line and the field:
a key the schema does not know, a change whose target does not exist in the base scenario, a
change that makes the scenario invalid (reported at the change), an alignment actor the
landscape instance does not have, a law date outside the rules' coverage, an uncertainty whose
values the world refuses, an uncertain range on ``[alignment]`` that reaches past a limit of
:mod:`anpo.align` (:func:`_check_uncertain_alignment`, at the range's line). A file that is
valid but holds an alignment change with no effect (every pair of it set afterwards to a value
of a later change's own: :func:`replaced_alignment_changes`) gets a
:class:`anpo.errors.DataWarning` naming the file, the future, the pairs and both changes.
"""

from __future__ import annotations

import copy
import itertools
import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from anpo._checks import as_path
from anpo._io.files import written_path as written_path  # re-exported: the one rule
from anpo._io.files import written_source
from anpo._io.inputs import (
    TAKES,
    InputKind,
    TomlInput,
    describe_validation_error,
    dotted,
    first_problem,
    parse_toml,
    refuse_other_kind,
    text_guess_kind,
    text_kinds,
)
from anpo.deterrence.scenario import check_scenario
from anpo.errors import AlignError, AnpoError, DataWarning, FutureError, LawError
from anpo.futures.schema import (
    AlignChange,
    AlignmentSpec,
    FutureFile,
    ScenarioChange,
    World,
    apply_alignment_changes,
)
from anpo.scenario.load import read_align_instance, read_text
from anpo.scenario.schema import Scenario
from anpo.scenario.uncertainty import (
    Choice,
    LogNormal,
    Uncertainty,
    applied_value,
    check_uncertainties,
    locate,
    parse_target,
    resolve_target,
)

_NATURAL = ("id", "actor", "name")


def book_dir() -> Path:
    """The folder of the built-in futures book (the package data ``anpo/futures/book``, one
    ``.toml`` file per future; :func:`future_files` lists them in the book's order)."""
    return Path(str(resources.files("anpo.futures") / "book"))


def future_files() -> list[Path]:
    """The built-in futures book (sorted by each future's ``order``, then name)."""
    files = sorted(p for p in book_dir().iterdir() if p.name.endswith(".toml"))
    return sorted(files, key=lambda p: (_order(p), p.name))


def _order(path: Path) -> int:
    import tomllib

    try:
        return int(tomllib.loads(path.read_text(encoding="utf-8"))["future"]["order"])
    except (KeyError, ValueError, tomllib.TOMLDecodeError):
        return 0


def is_future_text(text: str) -> bool:
    """Whether TOML text is read as a future file (:func:`text_kind`): it has a ``[future]``
    table, whatever other tables it has, or none of the kinds' tables and top-level keys that
    are a future's (a misspelt ``[futur]``); False for text that is not TOML (or nested too
    deep to parse), which the scenario loader then refuses, saying why."""
    return text_kind(text) == "future"


def text_kind(text: str) -> InputKind:
    """Which reader checks TOML text: ``"future"`` for a file with a ``[future]`` table,
    ``"instance"`` for an alignment (landscape) instance (``[[actor]]`` tables and no
    ``[scenario]`` table), ``"scenario"`` for one with a ``[scenario]`` table
    (:func:`anpo._io.inputs.text_kinds`, the one detector the loaders use). A file with none of
    them (a misspelt ``[futur]`` or ``[[actr]]``) is read as the kind its other top-level keys
    belong to (:func:`anpo._io.inputs.guess_kind`, given the top-level fields of the three
    models), so that its reader names the misspelt table and its line: a future file with
    ``[futur]`` was checked as a scenario and refused at a key on line 48 that is right for a
    future. Text that is not TOML, or that looks like no kind, is ``"scenario"``: the scenario
    reader says why."""
    from anpo.align.io import InstanceSpec

    kinds = text_kinds(text)
    if "future" in kinds:
        return "future"
    if "instance" in kinds and "scenario" not in kinds:
        return "instance"
    if kinds:
        return "scenario"
    top_keys: dict[InputKind, list[str]] = {
        "scenario": list(Scenario.model_fields),
        "future": list(FutureFile.model_fields),
        "instance": list(InstanceSpec.model_fields),
    }
    return text_guess_kind(text, top_keys) or "scenario"


def base_path(ref: str, base_dir: Path | None) -> Path | None:
    """The file a future's ``[base] scenario`` names: ``book:NAME`` the book's file of that
    name (None when there is none), any other path by :func:`written_path` (``~`` expanded, a
    relative path from the future file's folder ``base_dir``). What the future is read from
    (:func:`_base_text`) and what a run's manifest records of it
    (:meth:`anpo.futures.experiment.FuturesModel.input_files`)."""
    if ref.startswith("book:"):
        from anpo.scenario.load import book_files

        return next((p for p in book_files() if p.stem == ref[5:]), None)
    return written_path(ref, base_dir)


def _base_text(ref: str, base_dir: Path | None, source: str, line: int | None) -> tuple[str, str]:
    if ref.startswith("book:"):
        from anpo.scenario.load import book_files

        name = ref[5:]
        book = base_path(ref, base_dir)
        if book is not None:
            # read_text, as a file's base: within anpo._io.inputs.remembered_reads the model
            # hashes the bytes read here, not the file read again (perf30)
            return read_text(book), str(book)
        known = ", ".join(p.stem for p in book_files())
        raise FutureError(
            f"no scenario {name!r} in the book (book: {known})",
            file=source,
            line=line,
            field="base.scenario",
        )
    path = written_path(ref, base_dir)  # base_path's, for a path
    if not path.is_file():
        raise FutureError(
            f"base scenario {ref!r} not found{_read_as(ref, path)}",
            file=source,
            line=line,
            field="base.scenario",
        )
    return read_text(path), str(path)


def _align_instance(data: Mapping[str, Any]) -> Any:
    """The ``[align] instance`` of parsed scenario TOML ``data`` (None when it has none)."""
    align = data.get("align")
    return align.get("instance") if isinstance(align, Mapping) else None


def _read_as(written: str, read: str | Path) -> str:
    """`` (read as READ)`` when the path ``written`` in a future file is read elsewhere
    (:func:`anpo._io.files.written_path`: ``~`` expanded, or a relative path from the future
    file's folder), else nothing: a file not found is named as written and as read."""
    return "" if str(read) == written else f" (read as {read})"


def _natural(item: Any) -> Any:
    if isinstance(item, Mapping):
        for k in _NATURAL:
            if k in item:
                return item[k]
    return None


def apply_change(data: dict[str, Any], change: ScenarioChange) -> None:
    """Apply one change to a scenario dict in place (``ValueError`` says why it cannot).
    ``remove`` takes items out of a list, or one value out of a table (:func:`_unset`)."""
    op, value = change.op, change.value
    try:
        path = locate(data, change.target)
    except ValueError:
        steps = parse_target(change.target)
        if op not in ("set", "append") or not isinstance(steps[-1], str):
            raise
        parent_target = change.target.rsplit(".", 1)[0] if "." in change.target else ""
        parent = locate(data, parent_target) if parent_target else ()
        holder: Any = data
        for p in parent:
            holder = holder[p]
        if not isinstance(holder, dict):
            raise
        holder[steps[-1]] = copy.deepcopy(value) if op == "set" else _as_list(value)
        return
    if not path:
        raise ValueError(f"target {change.target!r} names no value")
    node: Any = data
    for p in path[:-1]:
        node = node[p]
    key = path[-1]
    current = node[key]
    if op == "set":
        node[key] = copy.deepcopy(value)
    elif op in ("add", "scale"):
        if isinstance(current, bool) or not isinstance(current, int | float):
            raise ValueError(f"{op} needs a number at {change.target!r}, found {current!r}")
        new = current + value if op == "add" else current * value
        if isinstance(current, int) and math.isfinite(new):
            new = int(round(new))
        node[key] = new
    elif op == "append":
        if not isinstance(current, list):
            raise ValueError(f"append needs a list at {change.target!r}")
        current.extend(_as_list(value))
    else:  # remove
        if not isinstance(current, list):
            _unset(node, key, current, value, change.target)
            return
        drop = _as_list(value)
        kept = [x for x in current if x not in drop and _natural(x) not in drop]
        if len(kept) == len(current):
            raise ValueError(f"{change.target!r} holds none of {drop!r}")
        current[:] = kept


def _unset(node: Any, key: Any, current: Any, value: Any, target: str) -> None:
    """``remove`` on one value of a table: the key is taken out of ``node``, so the field is
    as a file that leaves it out has it (``remove = "JPN"`` at ``dyads[0].ally``: a dyad
    without an ally), when it holds ``value``; ``ValueError`` otherwise (a field the schema
    requires is refused when the scenario is validated, at the change). Without it no change
    could leave out a dyad's ``ally``, and a future that removes the alliance it relies on is
    refused (:func:`anpo.deterrence.scenario.check_alliances`)."""
    if not isinstance(node, dict):
        raise ValueError(f"remove needs a list, or a field of a table, at {target!r}")
    if current != value or isinstance(current, bool) != isinstance(value, bool):
        raise ValueError(f"{target!r} holds {current!r}, not {value!r}")
    del node[key]


def _as_list(value: Any) -> list[Any]:
    return copy.deepcopy(value) if isinstance(value, list) else [copy.deepcopy(value)]


#: A scenario file given as a future file, said for what it is, with what takes it.
_OTHER_KINDS: dict[InputKind, str] = {
    "scenario": TAKES["scenario"] + "; a future file names one as its [base]",
    # it read "title: unknown key 'title' (and 8 more problems)"
    "instance": TAKES["instance"],
}


def parse_future_text(
    text: str, source: str = "<string>", base_dir: Path | None = None
) -> tuple[FutureFile, World]:
    """Parse and validate a future file and apply it to its base scenario; an alignment change
    that has no effect is a :class:`~anpo.errors.DataWarning` (:func:`warn_replaced_changes`)."""
    doc = parse_toml(text, source, FutureError)
    data = doc.data
    # a scenario file read "scenario: unknown key 'scenario' (and 13 more problems)"
    refuse_other_kind(data, "future", FutureError, source, _OTHER_KINDS)
    fut = doc.validate(FutureFile, FutureError)

    def fail(path: tuple[Any, ...], msg: str) -> FutureError:
        return doc.error(FutureError, path, msg)

    base_text, base_source = _base_text(
        fut.base.scenario, base_dir, source, doc.line(("base", "scenario"))
    )
    try:
        base = parse_toml(base_text, base_source, FutureError).data
    except AnpoError as exc:
        raise fail(("base", "scenario"), f"base scenario: {exc.one_line()}") from None
    # the base scenario's [align] instance from the base file's folder, as load_scenario reads
    # it (it was kept as written and read from the working folder); one a change writes is a
    # path of the future file, so from the future's folder
    read_align_instance(base, Path(base_source).parent)
    own = _align_instance(base)
    for i, ch in enumerate(fut.changes):
        try:
            apply_change(base, ch)
        except ValueError as exc:
            raise fail(("changes", i, "target"), str(exc)) from None
    if _align_instance(base) != own:
        read_align_instance(base, base_dir)
    base.pop("uncertainties", None)  # the future's own uncertainties apply to the world
    try:
        scen = Scenario.model_validate(base)
    except ValidationError as exc:
        path, msg = describe_validation_error(exc, base)
        raise fail(
            _blame(fut, base, path),
            f"future {fut.future.id!r}: the changes make the base scenario invalid: "
            f"{dotted(path)}: {msg}",
        ) from None
    # the checks a scenario file's loading runs (anpo.scenario.load.parse_scenario_text): an
    # alliance a change appends whose member is its patron, or whose since is after the year,
    # or a removed alliance a dyad's ally relied on, loaded (check_alliances was not run)
    problems = check_scenario(scen)
    if problems:
        path, msg = first_problem(problems)
        # a dyad's ally left without its alliance: the change to the alliances, unless one
        # changes the ally itself
        ally = path[:1] == ("dyads",) and path[-1:] == ("ally",)
        raise fail(
            _blame(fut, base, path, *([("alliances",)] if ally else [])),
            f"future {fut.future.id!r}: the changes make the base scenario invalid: "
            f"{dotted(path)}: {msg}",
        )
    variants = [v.id for v in scen.variant_list()]
    if fut.base.variant not in variants:
        raise fail(
            ("base", "variant"),
            f"unknown variant {fut.base.variant!r} (variants: {', '.join(variants)})",
        )
    world_data = {
        "future": data["future"],
        "scenario": base,
        "variant": fut.base.variant,
        "alignment": _alignment_paths(data.get("alignment", {}), base_dir),
        "law": data["law"],
        "burden": data["burden"],
        "uncertainties": data.get("uncertainties", []),
    }
    try:
        world = World.model_validate(world_data)
    except ValidationError as exc:  # pragma: no cover - every part was validated above
        path, msg = describe_validation_error(exc, world_data)
        raise fail(path, msg) from None
    read = _reader()  # the instance is read once for both checks
    written = data.get("alignment", {}).get("instance")
    _check_alignment(world.alignment, fail, read, written if isinstance(written, str) else None)
    _check_law(world, fail)
    problems = check_uncertainties(world)
    if problems:
        raise doc.problems_error(FutureError, problems)
    _check_uncertain_alignment(world, doc, read, base_dir)
    warn_replaced_changes(world, doc)
    return fut, world


def replaced_alignment_changes(
    changes: Sequence[AlignChange],
) -> dict[int, list[tuple[tuple[str, str], int]]]:
    """The ``[[alignment.changes]]`` that have no effect, by index: those every pair of which a
    later change sets to a ``value`` of its own. The changes apply in file order
    (:class:`~anpo.futures.schema.AlignmentSpec`, :func:`anpo.futures.scorecard.alignment_result`)
    and a value replaces whatever came before on its pairs, so such a change's delta (or value)
    is lost, whatever it is. Each is given with its pairs, each pair with the first later
    change that sets it. A change some of whose pairs keep its effect is not one (a framework's
    members all changed, then one pair of them set on its own: the others keep the change)."""
    sets = [
        {frozenset(p) for p in ch.pair_list()} if ch.value is not None else set() for ch in changes
    ]
    out: dict[int, list[tuple[tuple[str, str], int]]] = {}
    for i, ch in enumerate(changes):
        by: list[tuple[tuple[str, str], int]] = []
        for pair in ch.pair_list():
            later = next(
                (j for j in range(i + 1, len(changes)) if frozenset(pair) in sets[j]), None
            )
            if later is None:
                break
            by.append((pair, later))
        else:
            out[i] = by
    return out


def warn_replaced_changes(world: World, doc: TomlInput) -> None:
    """A :class:`~anpo.errors.DataWarning` for each alignment change of ``world`` that has no
    effect (:func:`replaced_alignment_changes`), naming the file (``doc``'s source), the future,
    the change with its line, what it does, and its pairs with the later change that sets
    each (with its line and value). The file stays valid: the result is well defined (the later
    value stands), but a change written and silently lost is likely a mistake."""
    changes = world.alignment.changes
    for i, by in replaced_alignment_changes(changes).items():

        def entry(k: int) -> str:
            key = "delta" if changes[k].delta is not None else "value"
            line = doc.line(("alignment", "changes", k, key))
            at = f"line {line}: " if line is not None else ""
            return f"alignment.changes[{k}] ({at}{key} = {getattr(changes[k], key):g})"

        later: dict[int, list[str]] = {}
        for (a, b), j in by:
            later.setdefault(j, []).append(f"{a}-{b}")
        told = "; ".join(f"{', '.join(pairs)} by {entry(j)}" for j, pairs in later.items())
        warnings.warn(
            f"{doc.source}: future {world.future.id}: {entry(i)} has no effect: every pair it "
            f"changes is set afterwards to a value of its own, which replaces it: {told}; "
            "remove it, or make the later change a delta",
            DataWarning,
            stacklevel=3,
        )


def instance_source(instance: str, folder: Path | None) -> str:
    """The source a future file's ``[alignment] instance`` is read from, whether the file
    writes it or an uncertain input draws it: ``book:NAME``, an absolute path and an empty
    name as written (:func:`anpo.align.io.read_source` says what an empty name is), a path
    starting ``~`` or ``~user`` from that home folder, a relative path taken from the future
    file's folder ``folder``, as ``[base] scenario`` is and as a scenario file's ``[align]
    instance`` is (:func:`anpo._io.files.written_source`, the one rule; ``folder`` None, text
    given without a file: from the working folder).

    One rule for the file's own value (:func:`_alignment_paths`), for the values the load
    check tries (:func:`_check_uncertain_alignment`) and for each experiment's draw
    (:func:`drawn_world`): a drawn relative path was read from the working folder, so
    ``anpo validate`` refused the file ("no such file") from any folder but its own, and
    ``anpo explore run`` read another folder's files of those names where it found them."""
    return written_source(instance, folder)


def _alignment_paths(alignment: Any, base_dir: Path | None) -> Any:
    """``[alignment]`` with its ``instance`` path as read (:func:`instance_source`): ``~``
    expanded, a relative path taken from the future file's folder (it was read from the working
    folder: the file validated from its own folder and failed, 'no such file', from any other)."""
    inst = alignment.get("instance") if isinstance(alignment, dict) else None
    if not isinstance(inst, str):
        return alignment
    return {**alignment, "instance": instance_source(inst, base_dir)}


def _draws_instance(world: World) -> bool:
    """Whether an uncertain input of ``world`` targets its ``[alignment] instance``."""
    base = {"alignment": world.alignment.model_dump(mode="json")}
    for u in world.uncertainties:
        for t in u.targets:
            if parse_target(t)[0] != "alignment":
                continue
            try:
                if tuple(resolve_target(base, t)) == ("alignment", "instance"):
                    return True
            except ValueError:  # pragma: no cover - check_uncertainties refused it already
                continue
    return False


def instance_files(world: World, folder: Path | None) -> list[Path]:
    """The alignment instance files ``world`` names, in the file's order: its own
    ``[alignment] instance`` (already read as written: :func:`_alignment_paths`), then each text
    value of an uncertain input that draws the instance, as each experiment reads it
    (:func:`instance_source`, from the future file's folder ``folder``). ``book:NAME`` (package
    data, whose digest a run's manifest holds under ``package``: :mod:`anpo._package`) and an
    empty name are no file and are left out.
    What a run's fingerprint hashes besides the files' texts
    (:meth:`anpo.futures.experiment.FuturesModel.fingerprint_extra`): an instance file edited
    between an interrupted run and its resumption was read by the rows computed after it."""
    return [path for _, path in instance_refs(world, folder)]


def instance_refs(
    world: World, folder: Path | None, own: str | None = None
) -> list[tuple[str, Path]]:
    """The alignment instance files ``world`` names (:func:`instance_files`), each with the
    path as the future file writes it: ``own``, the file's ``[alignment] instance`` as written
    (``world`` holds it as read; without ``own``, as read), then each drawn value as written.
    A run's manifest names the files so
    (:meth:`~anpo.futures.experiment.FuturesModel.input_files`)."""

    def is_file_ref(ref: str) -> bool:
        return bool(ref.strip()) and not ref.startswith("book:")

    read = world.alignment.instance
    found = [(own if own is not None else read, Path(read))] if is_file_ref(read) else []
    if not _draws_instance(world):
        return found
    base = {"alignment": world.alignment.model_dump(mode="json")}
    for u in world.uncertainties:
        if not isinstance(u.distribution, Choice):
            continue
        targets = []
        for t in u.targets:
            if parse_target(t)[0] != "alignment":
                continue
            try:
                targets.append(tuple(resolve_target(base, t)))
            except ValueError:  # pragma: no cover - check_uncertainties refused it already
                continue
        if ("alignment", "instance") not in targets:
            continue
        for v in u.distribution.values:
            if isinstance(v, str) and is_file_ref(v):
                found.append((v, Path(instance_source(v, folder))))
    return found


def drawn_world(world: World, values: Mapping[str, Any], folder: Path | None) -> World:
    """``world`` with an experiment's sampled ``values`` applied
    (:func:`anpo.scenario.uncertainty.apply`, re-validated), its ``[alignment] instance``,
    when an uncertain input draws it, read from the future file's folder ``folder``
    (:func:`instance_source`, the rule of the file's own value and of the load check): a
    drawn relative path was read from the working folder, and ``anpo explore run`` read
    another folder's files of those names where it found them."""
    from anpo.scenario.uncertainty import apply

    if not world.uncertainties:
        return world
    drawn = apply(world, {u.name: values[u.name] for u in world.uncertainties})
    if not _draws_instance(world):
        return drawn
    alignment = drawn.alignment.model_copy(
        update={"instance": instance_source(drawn.alignment.instance, folder)}
    )
    return drawn.model_copy(update={"alignment": alignment})


def _blame(
    fut: FutureFile, base: dict[str, Any], path: tuple[Any, ...], *more: tuple[Any, ...]
) -> tuple[Any, ...]:
    """The last change whose target covers the invalid field ``path``, else the last covering
    the first of ``more`` that one covers (the fields the problem comes from: the alliances,
    for a dyad's ally), else the last change, else base."""
    for field in (tuple(path), *more):
        for i in reversed(range(len(fut.changes))):
            try:
                target = _located(base, fut.changes[i].target)
            except ValueError:
                continue
            if field[: len(target)] == target or target[: len(field)] == field:
                return ("changes", i)
    return ("changes", len(fut.changes) - 1) if fut.changes else ("base", "scenario")


def _located(data: dict[str, Any], target: str) -> tuple[Any, ...]:
    """The path of ``target`` in ``data`` (:func:`locate`), or, for a key a ``remove`` took
    out of its table (:func:`_unset`), that table's path with the key."""
    try:
        return locate(data, target)
    except ValueError:
        steps = parse_target(target)
        if "." not in target or not isinstance(steps[-1], str):
            raise
        return (*locate(data, target.rsplit(".", 1)[0]), steps[-1])


def _check_alignment(
    spec: AlignmentSpec, fail: Any, read: Any = None, written: str | None = None
) -> Any:
    """The changed landscape of ``spec`` (:func:`_check_changed_landscape`; None when the
    instance itself is refused where it is solved), after checking that its instance reads
    (``read``, default :func:`anpo.align.io.read_source`) and has every anchor and every actor
    of its changes; else ``fail(path, message)`` is raised at the field refused. An instance
    that does not read is named as read and, when ``written`` (the file's own value) is read
    elsewhere (``~`` expanded, a relative path from the future file's folder), as written."""
    from anpo.align.io import read_source

    try:
        inst = (read or read_source)(spec.instance)
    except AnpoError as exc:
        # the file as read (a relative path from the future file's folder) with the problem:
        # 'no such file' alone named no path; '~/x.toml' read as '/home/me/x.toml' names both
        said = exc.one_line() if exc.file else exc.message
        if written is not None and written != spec.instance:
            said = f"{written!r}, read as {said}"
        raise fail(("alignment", "instance"), said) from None
    for j, who in enumerate(spec.anchors):
        try:
            inst.index(who)
        except AlignError as exc:
            raise fail(("alignment", "anchors", j), exc.message) from None
    for i, ch in enumerate(spec.changes):
        key = "pairs" if ch.pairs is not None else "among"
        for who in ch.actors():
            try:
                inst.index(who)
            except AlignError as exc:
                raise fail(("alignment", "changes", i, key), exc.message) from None
    return _check_changed_landscape(spec, inst, fail)


def _check_changed_landscape(spec: AlignmentSpec, inst: Any, fail: Any) -> Any:
    """The landscape after the future's propensity changes, applied in file order by
    :func:`anpo.futures.schema.apply_alignment_changes` (the loop
    :func:`anpo.futures.scorecard.alignment_result` solves the result of), blaming the change
    (its ``delta`` or ``value``, with its line) after which the landscape is no longer one
    :mod:`anpo.align` accepts (a propensity beyond ``±PROPENSITY_MAX`` of
    :mod:`anpo.align.formal`, an energy that could overflow): ``delta = 1e308`` validated, and
    ``anpo futures compare`` then failed with "propensity [0, 2] ... is 1e+308", naming neither
    the file nor the change. None when the instance itself is refused (it is refused where it
    is solved, as before)."""
    try:
        land = inst.landscape(2)
    except AnpoError:  # the instance itself is refused where it is solved, as before
        return None
    return apply_alignment_changes(
        inst,
        spec.changes,
        land,
        blame=lambda i, key, exc: fail(("alignment", "changes", i, key), exc.message),
    )


#: The lower and upper quantiles at which a log-normal's range is read by
#: :func:`_check_uncertain_alignment`: those :func:`anpo.scenario.uncertainty.check_uncertainties`
#: reads it at (its ends, 0 and infinity, are not values to check).
LOGNORMAL_TAIL = 1e-6

#: Most corners of the uncertain alignment inputs' ranges :func:`_check_uncertain_alignment`
#: checks one by one (2**8: eight inputs on numbers, about a second's reading for a future of
#: a dozen changes on the built-in instance); beyond it, those of :func:`_few_corners` (linear in the values).
MAX_CORNERS = 256

#: The fields of an ``[alignment]`` change that only say why (no draw of them reaches a model).
_WORDS = ("basis", "note")


class _Refused(Exception):
    """What :func:`_check_alignment` refuses at one corner: the path and the message."""

    def __init__(self, path: tuple[Any, ...], message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


def _extremes(dist: Any) -> list[tuple[Any, str, str]]:
    """The values of ``dist`` a corner takes, each with its name and the distribution's key
    that gives it: a continuous distribution's ends (its quantiles at 0 and 1, the smallest and
    largest draw; a log-normal's at :data:`LOGNORMAL_TAIL` and ``1 - LOGNORMAL_TAIL``), a
    choice of numbers its smallest and largest value, a choice of text or true/false every
    value (a factorial design draws every value of a choice, whatever its weight)."""
    if isinstance(dist, Choice):
        vals = list(dist.values)
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in vals):
            lo, hi = min(vals), max(vals)
            ends = [(lo, "its smallest value", "values"), (hi, "its largest value", "values")]
            return ends[:1] if lo == hi else ends
        return [(v, "one of its values", "values") for v in vals]
    if isinstance(dist, LogNormal):
        lo, hi = (float(x) for x in dist.ppf([LOGNORMAL_TAIL, 1.0 - LOGNORMAL_TAIL]))
        return [
            (lo, f"its {LOGNORMAL_TAIL:g} quantile", "distribution"),
            (hi, f"its 1 - {LOGNORMAL_TAIL:g} quantile", "distribution"),
        ]
    lo, hi = (float(x) for x in dist.ppf([0.0, 1.0]))
    return [(lo, "its low end", "low"), (hi, "its high end", "high")]


def _shown(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else repr(value)


def _reader() -> Any:
    """:func:`anpo.align.io.read_source` with each instance read once (for one file's checks:
    an instance file may change between two reads of the future)."""
    from anpo.align.io import read_source

    instances: dict[str, Any] = {}

    def read(source: str) -> Any:
        if source not in instances:
            instances[source] = read_source(source)
        return instances[source]

    return read


def _few_corners(ends: Sequence[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """The corners :func:`_check_uncertain_alignment` checks beyond :data:`MAX_CORNERS`: every
    input at its first value, then at its last, and each value of each input with the others
    at their first, then at their last (a choice of text has each of its values checked: past
    256 corners only the first and last were, and an unknown actor among the others loaded:
    review25); each corner once, in that order."""
    lows = tuple(0 for _ in ends)
    highs = tuple(len(e) - 1 for e in ends)
    seen: set[tuple[int, ...]] = set()
    order = [lows, highs]
    for k, e in enumerate(ends):
        for v in range(len(e)):
            order.extend(base[:k] + (v,) + base[k + 1 :] for base in (lows, highs))
    for idx in order:
        if idx not in seen:
            seen.add(idx)
            yield tuple(e[i] for e, i in zip(ends, idx, strict=True))


def _check_uncertain_alignment(
    world: World, doc: TomlInput, read: Any = None, folder: Path | None = None
) -> None:
    """Refuse a future whose uncertain inputs on ``[alignment]`` (a change's ``delta`` or
    ``value``, its actors, the anchors, the instance) can draw values :mod:`anpo.align`
    refuses, as :func:`_check_alignment` refuses the file's own values: a propensity past
    ``±PROPENSITY_MAX`` (:mod:`anpo.align.formal`), an energy that could overflow, an actor
    the instance does not have. Such a file loaded (``anpo validate`` said ok, ``anpo futures
    compare`` scored its central values), and only the experiments whose draws went that far
    failed, at run time (``anpo explore run`` counted them as failed experiments).
    The :class:`~anpo.errors.FutureError` names the file, the uncertain range (its
    ``low``/``high``/``values`` key and line where the file writes one), the draws, the
    change refused with its line, and the limit passed. A drawn relative instance path is
    read from ``folder``, the future file's (:func:`instance_source`), as each experiment
    reads it (:func:`drawn_world`), and a file it cannot read is named as read.

    Every corner of the inputs' ranges is checked (each input at each of its
    :func:`_extremes`, the others at theirs), and the check is exact for ranges of numbers:
    every propensity, after every change, is an affine function of the draws with coefficients
    0 or positive (a ``delta`` adds its draw, a ``value`` sets it, later deltas add theirs),
    so the largest and smallest value it can take, and the largest energy (a sum of the
    absolute values of such functions, convex), are all taken at corners (in floating point
    too for the propensities, sums of the draws whose rounding keeps their order; the
    energy's own sum up to its rounding); the computed draws
    are monotone in the uniform they come from (a quantile function in floating point), so
    no draw lies beyond the ends checked. A choice of text or true/false is checked at every
    value. Two exceptions make it a necessary check only: a log-normal is read at its
    :data:`LOGNORMAL_TAIL` quantiles, as the world's own check reads it (its draws are
    unbounded: a rarer draw may still pass a limit, and that experiment fails), and beyond
    :data:`MAX_CORNERS` corners only those of :func:`_few_corners` are checked (every input
    at its first value, then at its last, and each value of each input with the others at
    their first, then at their last): exact still for the propensity limit on numbers (the
    affine functions grow with every draw) and for each value of a text choice alone, not for
    the energy or for two text choices together."""
    feeding: list[tuple[int, Uncertainty, list[tuple[Any, ...]], list[tuple[Any, str, str]]]]
    feeding = []
    base = {"alignment": world.alignment.model_dump(mode="json")}
    for i, u in enumerate(world.uncertainties):
        paths = []
        for t in u.targets:
            if parse_target(t)[0] != "alignment":
                continue
            try:
                path = resolve_target(base, t)
            except ValueError:  # pragma: no cover - check_uncertainties refused it already
                continue
            if path[-1] not in _WORDS:
                paths.append(path)
        if paths:
            feeding.append((i, u, paths, _extremes(u.distribution)))
    if not feeding:
        return
    read = read or _reader()

    ends = [f[3] for f in feeding]
    count = math.prod(len(e) for e in ends)
    corners = itertools.product(*ends) if count <= MAX_CORNERS else _few_corners(ends)
    for corner in corners:
        data = copy.deepcopy(base)
        for (_, _, paths, _), (value, _, _) in zip(feeding, corner, strict=True):
            for p in paths:
                node: Any = data
                for step in p[:-1]:
                    node = node[step]
                drawn = applied_value(value, node[p[-1]])
                if tuple(p) == ("alignment", "instance") and isinstance(drawn, str):
                    drawn = instance_source(drawn, folder)  # as the experiment reads it
                node[p[-1]] = drawn
        try:
            spec = AlignmentSpec.model_validate(data["alignment"])
            _check_alignment(spec, _Refused, read)  # fail(path, message) is raised
        except ValidationError as exc:
            path, msg = describe_validation_error(exc, data["alignment"])
            problem = _Refused(("alignment", *path), msg)
        except _Refused as exc:
            problem = exc
        else:
            continue
        raise _blame_range(doc, feeding, corner, problem)


def _blame_range(
    doc: TomlInput,
    feeding: list[tuple[int, Uncertainty, list[tuple[Any, ...]], list[tuple[Any, str, str]]]],
    corner: tuple[tuple[Any, str, str], ...],
    problem: _Refused,
) -> FutureError:
    """The error of :func:`_check_uncertain_alignment` at the range of the first input (in the
    file's order) whose targets lie at or before the field refused (a change before the one
    refused, or the field itself), else the first input."""
    refused = problem.path

    def reaches(paths: list[tuple[Any, ...]]) -> bool:
        for p in paths:
            if refused[:2] == p[:2] == ("alignment", "changes") and len(refused) > 2:
                if p[2] <= refused[2]:
                    return True
            elif tuple(refused[: len(p)]) == p or tuple(p[: len(refused)]) == refused:
                return True
        return False

    k = next((n for n, f in enumerate(feeding) if reaches(f[2])), 0)
    i, u, _, _ = feeding[k]
    key = corner[k][2]
    path: tuple[Any, ...] = ("uncertainties", i, "distribution")
    if key != "distribution" and (*path, key) in doc.positions:
        path = (*path, key)
    draws = ", ".join(
        f"{f[1].name} = {_shown(v)} ({what})"
        for f, (v, what, _) in zip(feeding, corner, strict=True)
    )
    line = doc.line(refused)
    at = f" (line {line})" if line is not None and refused[:2] == ("alignment", "changes") else ""
    if isinstance(corner[k][0], str | bool):  # a choice of text or true/false
        what = "holds a value the alignment model refuses"
        remedy = "that draws it fails: remove the value"
    else:
        what = "reaches past a limit of the alignment model"
        remedy = "that draws that far fails: narrow the range"
    return doc.error(
        FutureError,
        path,
        f"the range of {u.name!r} {what}: with {draws}, {dotted(refused)}{at} gives: "
        f"{problem.message}; every experiment {remedy}",
    )


def _check_law(world: World, fail: Any) -> None:
    from anpo.law.engine import situations

    try:
        situations(world.law.date)
    except LawError as exc:
        raise fail(("law", "date"), exc.message) from None


def load_future(path: str | Path) -> tuple[FutureFile, World]:
    """Read, validate and apply a future file (the base scenario and alignment instance paths
    relative to the file). Raises :class:`FutureError` naming the file, or naming ``path`` when it
    is no file path (a dict, an int) or is empty."""
    p = as_path(path, "path", error=FutureError)
    try:
        text = read_text(p)
    except AnpoError as exc:
        raise FutureError(exc.message, file=p) from None
    return parse_future_text(text, source=str(p), base_dir=p.parent)


def load_book() -> list[World]:
    """Every future of the built-in book, applied."""
    return [load_future(p)[1] for p in future_files()]


def refuse_shared_ids(
    ids: Sequence[str], sources: Sequence[str | Path], texts: Sequence[str] | None = None
) -> None:
    """A :class:`~anpo.errors.FutureError` at the ``[future] id`` of the first future whose id
    an earlier one has (``ids[k]`` read from ``sources[k]``, whose text is ``texts[k]`` when
    given): a future's id is its column in the scorecard (the JSON's values are keyed by it) and
    its case in an exploration, so two futures of one id cannot be told apart."""
    first: dict[str, str] = {}
    for k, (fid, src) in enumerate(zip(ids, sources, strict=True)):
        if fid not in first:
            first[fid] = str(src)
            continue
        try:
            text = texts[k] if texts is not None else read_text(Path(src))
            line = parse_toml(text, str(src), FutureError).line(("future", "id"))
        except AnpoError:  # pragma: no cover - the file was read and parsed already
            line = None
        same = Path(first[fid]).resolve() == Path(src).resolve()
        raise FutureError(
            f"future {fid!r} is given twice"
            if same
            else f"future id {fid!r} is also the id of {first[fid]}: give each future its own "
            "id (its column in the scorecard, its case in an exploration)",
            file=str(src),
            line=line,
            field="future.id",
        )


def resolve(names: list[str] | None) -> list[Path]:
    """Future files by id (the book's, bare or written ``book:ID`` as ``anpo validate`` and
    ``anpo explore run`` take it: ``book:status-quo`` was an "unknown future"; ``book:futures``
    is the whole book) or path; all of the book when ``names`` is empty."""
    book = future_files()
    if isinstance(names, (str, Path)):  # 'status-quo' was read letter by letter: "unknown 's'"
        raise FutureError(
            f"give a list of future ids or paths, e.g. [{str(names)!r}]", field="names"
        )
    if not names:
        return book
    if not isinstance(names, (list, tuple)):  # 3 or an object was a bare 'not iterable'
        raise FutureError(f"give a list of future ids or paths, got {names!r}", field="names")
    by_id = {p.stem: p for p in book}  # a book file is named after its future's id
    out = []
    for n in names:
        if not isinstance(n, (str, Path)):  # 3 or None was pathlib's bare TypeError
            raise FutureError(f"a future is an id or a path, got {n!r}", field="names")
        n = str(n)
        if n == "book:futures":
            out.extend(book)
        elif n.removeprefix("book:") in by_id:
            out.append(by_id[n.removeprefix("book:")])
        elif Path(n).is_file():
            out.append(Path(n))
        elif n.endswith(".toml") or "/" in n or "\\" in n:  # a path, not an id: say so
            raise FutureError(
                "file not found" if not Path(n).exists() else "is not a file", file=Path(n)
            )
        else:
            raise FutureError(
                f"unknown future {n!r} (the book: {', '.join(by_id)}; bare or as book:ID)"
            )
    return out
