"""Reading scenario files: TOML parsing, validation, cross-references, one-line errors.

Every problem is reported as a :class:`anpo.errors.ScenarioError` naming the file, the line and
the field (``forces[2].launchers``), e.g.::

    book.toml:41: forces[2].survivable_fraction: Input should be less than or equal to 1
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from anpo._io.inputs import TomlInput, dotted, first_problem
from anpo._io.inputs import parse_toml as _parse_toml
from anpo._io.inputs import read_text as _read_text
from anpo.deterrence.scenario import LIMITS as LIMITS  # re-exported: the file's limits
from anpo.deterrence.scenario import MAX_ACTOR_WARHEADS as MAX_ACTOR_WARHEADS
from anpo.deterrence.scenario import check_limits
from anpo.errors import ScenarioError
from anpo.scenario.schema import Scenario
from anpo.scenario.uncertainty import check_uncertainties


def parse_toml(text: str, source: str) -> TomlInput:
    """TOML ``text`` parsed (:func:`anpo._io.inputs.parse_toml`), errors as
    :class:`ScenarioError`."""
    return _parse_toml(text, source, ScenarioError)


def parse_scenario_text(text: str, source: str = "<string>") -> Scenario:
    """Parse and validate scenario TOML ``text``; ``source`` names it in errors (file, line,
    column where it helps, and field)."""
    doc = parse_toml(text, source)
    scen = doc.validate(Scenario, ScenarioError)
    problems = check_references(scen) or check_uncertainties(scen) or check_limits(scen)
    if problems:
        path, msg = first_problem(problems)
        raise doc.error(ScenarioError, path, msg)
    return scen


def check_references(scen: Scenario) -> list[tuple[tuple[Any, ...], str]]:
    """Cross-reference problems as ``(path, message)``: unknown actors, forces, defenses, ids
    used twice."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    actor_ids = [a.id for a in scen.actors]
    known = set(actor_ids)

    def dupes(ids: list[str], key: str) -> None:
        seen: set[str] = set()
        for i, x in enumerate(ids):
            if x in seen:
                problems.append(((key, i, "id"), f"id {x!r} is used twice"))
            seen.add(x)

    def actor_ref(value: str | None, path: tuple[Any, ...]) -> None:
        if value is not None and value not in known:
            problems.append((path, f"unknown actor {value!r} (actors: {', '.join(actor_ids)})"))

    dupes(actor_ids, "actors")
    dupes([f.id for f in scen.forces], "forces")
    dupes([d.id for d in scen.defenses], "defenses")
    dupes([v.id for v in scen.variants], "variants")
    for i, al in enumerate(scen.alliances):
        actor_ref(al.patron, ("alliances", i, "patron"))
        for j, mem in enumerate(al.members):
            actor_ref(mem, ("alliances", i, "members", j))
    for i, f in enumerate(scen.forces):
        actor_ref(f.actor, ("forces", i, "actor"))
        for j, r in enumerate(f.reaches):
            actor_ref(r, ("forces", i, "reaches", j))
    for i, c in enumerate(scen.counterforce):
        actor_ref(c.striker, ("counterforce", i, "striker"))
    group_reliability: dict[str, tuple[float, tuple[Any, ...]]] = {}
    for i, d in enumerate(scen.defenses):
        actor_ref(d.owner, ("defenses", i, "owner"))
        for j, layer in enumerate(d.layers):
            where = ("defenses", i, "layers", j)
            for key, why in (
                ("covers", "the actors whose territory the layer defends"),
                ("engages", "the missile classes it can intercept: ICBM, IRBM, MRBM, SRBM"),
                ("source", "the public source of its figures"),
            ):
                if key not in layer.model_fields_set:
                    problems.append((where + (key,), f"required field is missing ({why})"))
            if "source" in layer.model_fields_set and len(layer.source) < 3:
                problems.append((where + ("source",), "give the public source of the figures"))
            if "covers" in layer.model_fields_set and not layer.covers:
                problems.append((where + ("covers",), "name at least one actor"))
            for k, cov in enumerate(layer.covers):
                actor_ref(cov, where + ("covers", k))
            if layer.common_mode is not None:
                seen_rel = group_reliability.setdefault(
                    layer.common_mode, (layer.common_mode_reliability, where)
                )
                if seen_rel[0] != layer.common_mode_reliability:
                    problems.append(
                        (
                            where + ("common_mode_reliability",),
                            f"common_mode group {layer.common_mode!r} has "
                            f"common_mode_reliability {seen_rel[0]:g} in "
                            f"{dotted(seen_rel[1])}; layers of one group share one value",
                        )
                    )
    for i, curve in enumerate(scen.damage):
        actor_ref(curve.actor, ("damage", i, "actor"))
    labels: dict[str, int] = {}
    for i, dy in enumerate(scen.dyads):
        # a dyad's label keys its rows, plans and --dyad filter: two alike would be merged
        label = dy.key
        if label in labels:
            problems.append(
                (
                    ("dyads", i, "label"),
                    f"dyad label {label!r} is used twice (dyads[{labels[label]}] has it); give "
                    "each dyad its own label",
                )
            )
        labels.setdefault(label, i)
        actor_ref(dy.defender, ("dyads", i, "defender"))
        actor_ref(dy.rival, ("dyads", i, "rival"))
        actor_ref(dy.ally, ("dyads", i, "ally"))
        if dy.growth is not None:
            comp = next((f for f in scen.forces if f.id == dy.growth), None)
            if comp is None:
                problems.append((("dyads", i, "growth"), f"unknown force component {dy.growth!r}"))
            elif comp.actor != dy.rival:
                problems.append(
                    (("dyads", i, "growth"), f"{dy.growth!r} is not a force of {dy.rival!r}")
                )
        if dy.defender == dy.rival:
            problems.append((("dyads", i, "rival"), "defender and rival must differ"))
        for who, key in ((dy.defender, "defender"), (dy.rival, "rival"), (dy.ally, "ally")):
            if who is not None and who in known and not any(c.actor == who for c in scen.damage):
                problems.append(((("dyads", i, key)), f"actor {who!r} needs a [[damage]] curve"))
        problems.extend(_missing_counterforce(scen, i))
    defense_ids = {d.id for d in scen.defenses}
    force_ids = {f.id for f in scen.forces}
    names: dict[str, int] = {}
    for i, v in enumerate(scen.variants):
        # a variant's name (label, else title) is what the prose, figures and tables show a
        # reader: two alike could not be told apart (the extended figure drew them on one row)
        if v.shown in names:
            problems.append(
                (
                    ("variants", i, "label" if v.label else "title"),
                    f"variant name {v.shown!r} is used twice (variants[{names[v.shown]}] has "
                    "it); give each variant its own label",
                )
            )
        names.setdefault(v.shown, i)
        for j, defense_id in enumerate(v.defenses):
            if defense_id not in defense_ids:
                problems.append((("variants", i, "defenses", j), f"unknown defense {defense_id!r}"))
        for key in ("add_forces", "remove_forces"):
            for j, force_id in enumerate(getattr(v, key)):
                if force_id not in force_ids:
                    problems.append(
                        (("variants", i, key, j), f"unknown force component {force_id!r}")
                    )
    return problems


def _missing_counterforce(scen: Scenario, i: int) -> list[tuple[tuple[Any, ...], str]]:
    """Counterforce entries dyad ``i`` needs but the file lacks.

    Each side of a dyad that has a force reaching the other (in any variant) strikes first in
    one of the dyad's exchanges, so it needs a ``[[counterforce]]`` entry for every basing of
    the other side's forces (in any variant). A missing entry is an error, never a silent 0.
    """
    dy = scen.dyads[i]
    have = {(c.striker, c.basing) for c in scen.counterforce}
    out: list[tuple[tuple[Any, ...], str]] = []
    for striker, victim, key in (
        (dy.defender, dy.rival, "defender"),
        (dy.rival, dy.defender, "rival"),
    ):
        if not any(f.actor == striker and victim in f.reaches for f in scen.forces):
            continue
        basings = sorted({f.basing for f in scen.forces if f.actor == victim})
        for basing in basings:
            if (striker, basing) not in have:
                out.append(
                    (
                        ("dyads", i, key),
                        f"{striker} can strike {victim} first in this dyad's exchange, but no "
                        f"[[counterforce]] entry has striker = {striker!r} and basing = "
                        f"{basing!r}; add one with its kill_probability and source",
                    )
                )
    return out


def read_text(path: str | Path) -> str:
    """A UTF-8 text file (a byte-order mark is accepted), or a one-line :class:`ScenarioError`
    saying why it cannot be read."""
    return _read_text(path, ScenarioError)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file, or ``book:NAME`` for a file of the built-in book
    (``book:us-japan-2001``). Raises :class:`ScenarioError` with file and line."""
    path = book_path(path)
    return parse_scenario_text(read_text(path), source=str(path))


def book_path(path: str | Path) -> Path:
    """The file a ``book:NAME`` reference names in the built-in book (any other path as given).
    Raises :class:`ScenarioError` listing the book when there is no such scenario."""
    ref = str(path)
    if not ref.startswith("book:"):
        return Path(path)
    by_name = {p.stem: p for p in book_files()}
    name = ref.removeprefix("book:")
    if name not in by_name:
        raise ScenarioError(
            f"no scenario {name!r} in the book (book: {', '.join(by_name)})", file=ref
        )
    return by_name[name]


def book_files() -> list[Path]:
    """The built-in scenario book, sorted by name."""
    root = resources.files("anpo.scenario") / "book"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml"))


def load_book() -> list[Scenario]:
    """Load every scenario of the built-in book."""
    return [load_scenario(p) for p in book_files()]
