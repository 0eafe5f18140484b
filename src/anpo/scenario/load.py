"""Reading scenario files: TOML parsing, validation, cross-references, one-line errors.

Every problem is reported as a :class:`anpo.errors.ScenarioError` naming the file, the line and
the field (``forces[2].launchers``), e.g.::

    book.toml:41: forces[2].survivable_fraction: Input should be less than or equal to 1
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from anpo._toml import first_non_finite, toml_locations
from anpo._toml import line_for as _line_for
from anpo.errors import ScenarioError
from anpo.scenario.model import Scenario
from anpo.scenario.uncertainty import check_uncertainties


def dotted(path: tuple[Any, ...]) -> str:
    """``("forces", 2, "launchers")`` -> ``forces[2].launchers``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def parse_toml(text: str, source: str) -> tuple[dict[str, Any], dict[tuple[Any, ...], int]]:
    """TOML ``text`` as a dict and the line of every key path, or a one-line
    :class:`ScenarioError` (file and line) for bad TOML or a non-finite number."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise ScenarioError(f"invalid TOML: {msg}", file=source, line=line) from None
    locs = toml_locations(text)
    bad = first_non_finite(data)
    if bad is not None:
        raise ScenarioError(
            "not a finite number (inf and nan are not accepted)",
            file=source,
            line=_line_for(locs, bad),
            field=dotted(bad),
        )
    return data, locs


def describe_validation_error(exc: ValidationError, data: Any) -> tuple[tuple[Any, ...], str]:
    """The first problem of a pydantic error as ``(path in data, one-line message)``."""
    err = exc.errors()[0]
    path = data_path(data, err["loc"])
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = f"unknown key {path[-1]!r}"
    elif err["type"] == "missing":
        msg = "required field is missing"
    if err["type"] not in ("extra_forbidden", "missing") and "input" in err:
        shown = repr(err["input"])
        if len(shown) <= 40:
            msg += f" (got {shown})"
    more = len(exc.errors()) - 1
    if more:
        msg += f" (and {more} more problem{'s' if more > 1 else ''})"
    return path, msg


def first_problem(problems: list[tuple[tuple[Any, ...], str]]) -> tuple[tuple[Any, ...], str]:
    """The first ``(path, message)`` of a list, the message counting the others."""
    path, msg = problems[0]
    if len(problems) > 1:
        msg += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    return path, msg


def parse_scenario_text(text: str, source: str = "<string>") -> Scenario:
    """Parse and validate scenario TOML ``text``; ``source`` names it in errors."""
    data, locs = parse_toml(text, source)
    try:
        scen = Scenario.model_validate(data)
    except ValidationError as exc:
        path, msg = describe_validation_error(exc, data)
        raise ScenarioError(
            msg, file=source, line=_line_for(locs, path), field=dotted(path)
        ) from None
    problems = check_references(scen) or check_uncertainties(scen) or check_limits(scen)
    if problems:
        path, msg = first_problem(problems)
        raise ScenarioError(msg, file=source, line=_line_for(locs, path), field=dotted(path))
    return scen


def data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of a pydantic error location that exists in the input ``data``: validator
    names (``function-after[...]``) and the tags of unions discriminated by ``kind``
    (``uncertainties[0].distribution.triangular.low`` -> ``uncertainties[0].distribution.low``)
    are dropped; the last step is kept even when absent (a missing key)."""
    out: list[Any] = []
    cur: Any = data
    for k, part in enumerate(loc):
        last = k == len(loc) - 1
        if isinstance(part, str) and part.startswith("function-"):
            continue
        if isinstance(cur, dict) and cur.get("kind") == part:
            continue  # the tag of a union discriminated by ``kind``
        if isinstance(cur, dict):
            if part in cur:
                out.append(part)
                cur = cur[part]
            elif last or not isinstance(part, str):
                out.append(part)
                cur = None
            continue
        if isinstance(cur, list) and isinstance(part, int) and -len(cur) <= part < len(cur):
            out.append(part)
            cur = cur[part]
            continue
        out.append(part)
        cur = None
    return tuple(out)


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
    for i, dy in enumerate(scen.dyads):
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
    for i, v in enumerate(scen.variants):
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


#: Ranges of the scenario inputs whose cost grows with them (the schema gives the rest): the
#: exchange, reaction curve and uncertainty draws are sized by these, so they are checked when
#: the file is read, not discovered as a memory error minutes later. (section, field) -> max.
LIMITS: dict[tuple[str, str], int] = {
    ("forces", "launchers"): 1_000_000,
    ("forces", "warheads_per_launcher"): 64,
    ("forces", "decoys_per_rv"): 1_000,
    ("layers", "interceptors"): 1_000_000,
    ("layers", "shots"): 1_000,
    ("layers", "second_shots"): 1_000,
    ("settings", "uncertainty_draws"): 20_000,
    ("settings", "reaction_m"): 100_000,
    ("settings", "interceptor_grid"): 1_000_000,
    ("settings", "m_values"): 100_000,
}
#: Most warheads one actor may have over all its force components (added ones included):
#: about twice the largest arsenal ever (the Soviet stockpile of 1986, ~45,000 warheads).
MAX_ACTOR_WARHEADS = 100_000


def check_limits(scen: Scenario) -> list[tuple[tuple[Any, ...], str]]:
    """Problems with the ranges of :data:`LIMITS` and :data:`MAX_ACTOR_WARHEADS`, and with
    probabilities that make a target unreachable (``reaction_q = 1``), as ``(path, message)``."""
    problems: list[tuple[tuple[Any, ...], str]] = []

    def over(path: tuple[Any, ...], value: Any, limit: int) -> None:
        if value is not None and value > limit:
            problems.append((path, f"{value:,} is above the limit of {limit:,}"))

    warheads: dict[str, int] = {}
    for i, f in enumerate(scen.forces):
        for key in ("launchers", "warheads_per_launcher", "decoys_per_rv"):
            over(("forces", i, key), getattr(f, key, None), LIMITS[("forces", key)])
        warheads[f.actor] = warheads.get(f.actor, 0) + f.launchers * f.warheads_per_launcher
    for actor, total in warheads.items():
        if total > MAX_ACTOR_WARHEADS:
            i = next(k for k, f in enumerate(scen.forces) if f.actor == actor)
            problems.append(
                (
                    ("forces", i, "launchers"),
                    f"{actor} has {total:,} warheads over its force components; at most "
                    f"{MAX_ACTOR_WARHEADS:,} are accepted",
                )
            )
    for i, d in enumerate(scen.defenses):
        for j, layer in enumerate(d.layers):
            for key in ("interceptors", "shots", "second_shots"):
                over(("defenses", i, "layers", j, key), getattr(layer, key, None),
                     LIMITS[("layers", key)])  # fmt: skip
    st = scen.settings
    for key in ("uncertainty_draws", "reaction_m"):
        over(("settings", key), getattr(st, key, None), LIMITS[("settings", key)])
    for key in ("interceptor_grid", "m_values"):
        values = getattr(st, key, None) or []
        if values:
            over(("settings", key), max(values), LIMITS[("settings", key)])
    q = getattr(st, "reaction_q", None)
    if q is not None and q >= 1.0:
        problems.append(
            (
                ("settings", "reaction_q"),
                "must be below 1: certainty that warheads arrive is a target no number of "
                "launchers reaches against a defense (use e.g. 0.99)",
            )
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
    p = Path(path)
    if not p.exists():
        raise ScenarioError("file not found", file=p)
    if p.is_dir():
        raise ScenarioError("is a directory, expected a .toml file", file=p)
    try:
        return p.read_text(encoding="utf-8-sig")  # a byte-order mark is accepted
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=p) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read: {exc.strerror}", file=p) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file. Raises :class:`ScenarioError` with file and line."""
    return parse_scenario_text(read_text(path), source=str(path))


def book_files() -> list[Path]:
    """The built-in scenario book, sorted by name."""
    root = resources.files("anpo.scenario") / "book"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml"))


def load_book() -> list[Scenario]:
    """Load every scenario of the built-in book."""
    return [load_scenario(p) for p in book_files()]
