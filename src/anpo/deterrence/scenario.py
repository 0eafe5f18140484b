"""The deterrence section of a scenario file (pydantic; the scenario model extends it).

The deterrence keys sit at the top level of a scenario file: ``[[forces]]``, ``[[counterforce]]``,
``[[defenses]]`` (each with ``[[defenses.layers]]``), ``[[damage]]``, ``[settings]``,
``[[dyads]]`` and ``[[variants]]``, next to the file's header (``[scenario]``, ``[[actors]]``,
``[[alliances]]``). :class:`DeterrenceScenario` declares them and :class:`Case` is one variant of
it applied; :class:`anpo.scenario.schema.Scenario` (the whole file) adds the other capabilities'
sections. Every figure sits next to a free-text ``source``; unknown keys are errors. The exchange
conventions and the defaults of ``[settings]`` are Kent & Thaler's [kent1989].
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

from anpo._checks import first_repeat, repeats
from anpo._io.citations import check_citation, check_optional_citation, citation_problem
from anpo._io.inputs import NoCoercedNumbers, RaisesAnpoError, dotted
from anpo.deterrence.bounds import (
    MAX_COUNTERFORCE_WARHEADS_PER_LAUNCHER,
    MAX_GRID_POINTS,
    MAX_M_VALUES,
    MAX_WARHEADS_PER_LAUNCHER,
)
from anpo.deterrence.layer import Layer, MissileClass
from anpo.errors import InputError

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
Source = Annotated[
    str,
    Field(
        min_length=3,
        description="public source of the figures, or 'anpo assumption: ...' (a placeholder "
        "such as 'TBD' is refused: anpo._io.citations)",
    ),
    BeforeValidator(check_citation),
]
OptionalSource = Annotated[str, BeforeValidator(check_optional_citation)]


def _printed_line(value: str) -> str:
    """A name, title or label as the tables, the report and the terminal print it: a control
    character (an escape, a newline, a tab, NUL; a line or paragraph separator; a bidirectional
    override: :func:`anpo.align.io.control_character`) is refused, as an alignment instance's
    names are. An actor named ``"United\\u001b[31m States"`` validated, and ``anpo stability``
    wrote the escape sequence to the terminal (a colour change, or with an OSC sequence a new
    window title)."""
    from anpo.align.io import control_character

    if bad := control_character(value):
        raise ValueError(
            f"contains a control character ({bad}); names, titles and labels are printed on "
            "one line: remove it"
        )
    return value


#: A one-line text a reader sees (names, titles, labels): no control character.
Line = Annotated[str, AfterValidator(_printed_line)]
Basing = Literal["silo", "road-mobile", "sea", "bomber"]


class _Base(RaisesAnpoError, NoCoercedNumbers):
    """A scenario file's model: built directly, or validated with ``model_validate``, a bad
    value is an :class:`~anpo.errors.InputError` (:class:`~anpo._io.inputs.RaisesAnpoError`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Meta(_Base):
    """``[scenario]``: what this file is."""

    id: Id
    title: Line
    year: int = Field(ge=1945, le=2100)
    date: dt.date = Field(
        description="the day within ``year`` at which the file's facts stand (a TOML date); "
        "a label: no computation reads it"
    )
    description: str = ""
    seed_question: str = Field("", description="the question from the seed this scenario serves")

    @field_validator("date")
    @classmethod
    def _in_year(cls, v: dt.date, info: ValidationInfo) -> dt.date:
        """``date`` must fall in ``year``: a file saying 2025 and dated 2024-07-10 was accepted,
        leaving the reader to guess which one the facts describe."""
        year = info.data.get("year")
        if year is not None and v.year != year:
            raise ValueError(f"a day in the scenario's year {year} is expected")
        return v


class Actor(_Base):
    """A state (``[[actors]]``)."""

    id: Id
    name: Line
    ccode: int | None = Field(None, ge=1, le=999, description="Correlates of War state code")
    role: Literal["patron", "ally", "rival", "rogue", "other"] = "other"
    source: OptionalSource = ""


class Alliance(_Base):
    """A treaty alliance (``[[alliances]]``): the patron extends deterrence to the members."""

    id: Id
    name: Line
    patron: Id
    members: list[Id] = Field(min_length=1)
    since: int | None = Field(None, ge=1800, le=2100)
    source: Source


def _missile_class_unless_bomber(schema: JsonDict) -> None:
    """JSON Schema of ``[[forces]]``: ``missile_class`` is required for every basing but
    ``bomber``, as :meth:`ForceComponent._bomber_class` accepts (the book's bomber entries omit
    it; without this, ``anpo schema`` refused them)."""
    required = schema.get("required")
    if isinstance(required, list) and "missile_class" in required:
        required.remove("missile_class")
        schema["if"] = {"properties": {"basing": {"const": "bomber"}}}
        schema["else"] = {"required": ["missile_class"]}


class ForceComponent(_Base):
    """A nuclear force component of one actor (``[[forces]]``).

    ``survivable_fraction`` is the share of launchers that survives a counterforce strike whatever
    the attacker spends (SSBNs at sea, dispersed road-mobiles, alert bombers), a whole number of
    launchers (the fraction of them, rounded half up); the rest are vulnerable aim points. A
    larger ``survivable_fraction`` does not always raise the first-strike stability index: the
    striker re-plans and may put the warheads it saves on the side's value (see
    :func:`anpo.deterrence.stability.dyad`). ``reaches`` lists the actors whose territory the
    component can strike.
    ``baseline = false`` components exist only in variants that add them (``add_forces``).
    ``missile_class`` (ICBM, IRBM, MRBM, SRBM) decides which defense layers can engage the
    component's warheads; ``"none"`` means no ballistic missile (bomber weapons), which no
    missile-defense layer engages. It is required for every basing but ``bomber``, where it
    defaults to ``"none"``.
    """

    model_config = ConfigDict(json_schema_extra=_missile_class_unless_bomber)

    id: Id
    actor: Id
    name: Line
    basing: Basing
    missile_class: MissileClass | Literal["none"]
    launchers: int = Field(ge=0, le=1_000_000)
    warheads_per_launcher: int = Field(ge=1, le=MAX_WARHEADS_PER_LAUNCHER)
    survivable_fraction: Probability
    posture: Literal["alert", "launch-under-attack"] = "alert"
    reaches: list[Id] = Field(min_length=1)
    decoys_per_rv: int = Field(0, ge=0)
    baseline: bool = True
    source: Source

    @model_validator(mode="before")
    @classmethod
    def _bomber_class(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and data.get("basing") == "bomber"
            and "missile_class" not in data
        ):
            return {**data, "missile_class": "none"}
        return data

    @property
    def warheads(self) -> int:
        return self.launchers * self.warheads_per_launcher


class Counterforce(_Base):
    """``[[counterforce]]``: probability that one of ``striker``'s warheads destroys one vulnerable
    launcher of the given basing (reliability and accuracy folded in: an input, not an
    engineering calculation)."""

    striker: Id
    basing: Basing
    kill_probability: Probability
    source: Source


DefenseLayer = Layer
"""A layer of a missile-defense architecture: the one layer type, :class:`anpo.deterrence.layer.Layer`
(scenario files must give its ``covers``, ``engages`` and ``source``; checked on loading)."""


class Architecture(_Base):
    """A missile-defense architecture (``[[defenses]]``); layers engage in the order given."""

    id: Id
    owner: Id
    name: Line
    layers: list[DefenseLayer] = Field(min_length=1)
    source: Source


class DamageCurve(_Base):
    """Warheads arriving -> fraction of the actor's value destroyed (``[[damage]]``).

    ``model = "exponential"``: ``D(w) = 1 - exp(-w ln 5 / w80)`` (anpo's documented default, not
    Kent & Thaler's own curve). ``model = "table"``: piecewise-linear through ``points``
    (``[[warheads, fraction], ...]``, starting at ``[0, 0]``, non-decreasing).
    """

    actor: Id
    model: Literal["exponential", "table"] = "exponential"
    w80: float | None = Field(
        None,
        ge=1e-3,
        description="warheads arriving that destroy 80% of value (>= 0.001: a steeper curve "
        "is a step, and 1e-320 overflowed w ln 5 / w80)",
    )
    points: list[tuple[float, Probability]] | None = None
    source: Source

    @model_validator(mode="after")
    def _shape(self) -> DamageCurve:
        if self.model == "exponential" and self.w80 is None:
            raise ValueError("the exponential curve needs w80")
        if self.model == "table":
            pts = self.points or []
            if len(pts) < 2 or pts[0] != (0.0, 0.0):
                raise ValueError("a table needs at least two points starting at [0, 0]")
            if any(b[0] <= a[0] or b[1] < a[1] for a, b in zip(pts, pts[1:], strict=False)):
                raise ValueError("points must increase in warheads and not decrease in damage")
        return self


#: Ranges of the scenario inputs whose cost grows with them (the schema gives the rest): the
#: exchange, reaction curve and uncertainty draws are sized by these, so they are checked when
#: the file is read, not discovered as a memory error minutes later. (section, field) -> max.
LIMITS: dict[tuple[str, str], int] = {
    ("forces", "launchers"): 1_000_000,
    ("forces", "warheads_per_launcher"): MAX_WARHEADS_PER_LAUNCHER,
    ("forces", "decoys_per_rv"): 1_000,
    ("layers", "interceptors"): 1_000_000,
    ("layers", "shots"): 1_000,
    ("layers", "second_shots"): 1_000,
    ("settings", "uncertainty_draws"): 20_000,
    ("settings", "reaction_m"): 100_000,
    ("settings", "interceptor_grid"): 1_000_000,
    ("settings", "m_values"): 100_000,
}


def _below_one(schema: dict[str, Any]) -> None:
    """JSON Schema of a probability goal: below 1, as :func:`check_limits` requires (a file
    the schema accepts is one ``anpo validate`` accepts)."""
    schema.pop("maximum", None)
    schema["exclusiveMaximum"] = 1.0


class Settings(_Base):
    """``[settings]``: conventions of the exchange and of the seed's questions."""

    survivable_use: Probability = Field(
        0.9, description="share of survivable forces a striker commits"
    )
    lua_fraction: Probability = Field(0.9, description="share of LUA forces that get away")
    max_warheads_per_launcher: int | None = Field(
        None,
        ge=1,
        le=MAX_COUNTERFORCE_WARHEADS_PER_LAUNCHER,
        description="cap on counterforce warheads per launcher (default: up to the striker's "
        "budget)",
    )
    # Kent & Thaler's cost C = D_own^e + s (1 - D_other^e) [kent1989, App. C] with e = 0.75 and
    # s = 0.3. Past these bounds the cost stops reading the damages: as e grows, every partial
    # damage's D^e goes to 0 and every cost to s (cost_exponent = 1e308 gave every cost 0.3 and
    # a first-strike stability of 1 for U.S.-China and U.S.-Russia; 10 already gave 1 for
    # U.S.-China), and a huge s drowns own damage (1e308: stability 1 for both dyads).
    cost_exponent: float = Field(
        0.75,
        gt=0,
        le=1.0,
        description="exponent e of Kent & Thaler's cost D_own^e + s (1 - D_other^e) "
        "(R-3765 App. C: 0.75): above 0 and at most 1. Their cost is concave in damage (the "
        "first damage costs most, 0.75 < 1), 1 is the linear limit; above 1 the first damage "
        "costs least and, as e grows, every damage short of total destruction costs nothing, "
        "so every cost tends to the surcharge and the stability index to 1 whatever the forces",
    )
    cost_surcharge: float = Field(
        0.3,
        ge=0,
        le=1.0,
        description="surcharge s for failing to damage the other side in Kent & Thaler's cost "
        "(R-3765 App. C: 0.3): 0 to 1. Own damage weighs most in their cost, so the other "
        "side's surviving value weighs at most as much as one's own destruction; a larger s "
        "drowns own damage and the stability index tends to 1 whatever the forces",
    )
    # m warheads arriving: "at least 0" is certain, so an m of 0 asks nothing; at most
    # MAX_M_VALUES of them, as anpo defense -m and the web API take (no bound before: 2,000
    # values validated, each a row of every variant's tables)
    m_values: list[Annotated[int, Field(ge=1)]] = Field(
        default=[1, 5, 10],
        min_length=1,
        max_length=MAX_M_VALUES,
        description="m of P(at least m warheads arrive) in the tables; m = 1 is computed too "
        f"(1 to {MAX_M_VALUES} values, as anpo defense -m takes: "
        "anpo.deterrence.bounds.MAX_M_VALUES)",
    )
    reaction_m: int = Field(1, ge=1, description="warheads that must arrive (reaction curve)")
    # 1 is refused when the file is read (check_limits, with its reason); the schema says so
    reaction_q: float = Field(
        0.9,
        gt=0.0,
        le=1.0,
        description="probability goal (reaction curve), above 0 and below 1",
        json_schema_extra=_below_one,
    )
    # an empty grid would leave the reaction curve with no point to compute; each point is one
    # more search for every variant and dyad, so at most MAX_GRID_POINTS, the web API's bound
    # (no bound before: 500 points validated)
    interceptor_grid: list[Annotated[int, Field(ge=0)]] = Field(
        default=[0, 20, 44, 64, 100, 150, 250, 400, 600],
        min_length=1,
        max_length=MAX_GRID_POINTS,
        description="interceptor inventories of the first layer defending the defender that "
        "can engage the rival's growth component, at which the reaction curve is computed "
        f"(1 to {MAX_GRID_POINTS} points: anpo.deterrence.bounds.MAX_GRID_POINTS)",
    )
    uncertainty_draws: int = Field(
        100,
        ge=10,
        description=f"Latin-hypercube draws (at most {LIMITS[('settings', 'uncertainty_draws')]:,}:"
        " scenario.load.LIMITS) of the [[uncertainties]] for the deterrence bands "
        "(anpo.deterrence.bands)",
    )
    source: OptionalSource = "Kent & Thaler, RAND R-3765 (1989): reported conventions"

    @model_validator(mode="before")
    @classmethod
    def _removed(cls, data: Any) -> Any:
        if isinstance(data, dict) and "uncertainty_spread" in data:
            raise ValueError(
                "uncertainty_spread was removed: give the uncertain inputs distributions in "
                "[[uncertainties]] (beta for probabilities, log-normal or triangular for counts)"
            )
        return data

    @field_validator("m_values", "interceptor_grid")
    @classmethod
    def _sorted(cls, v: list[int]) -> list[int]:
        """The values in increasing order, each once. Their order means nothing (a table row
        per m, a reaction-curve point per inventory, each shown in increasing order), so an
        unsorted list is sorted; a value listed twice was counted once without a word, and
        a user who meant two different values was not told: it is refused (review19 F2)."""
        repeat = first_repeat(v)
        if repeat is not None:
            x, first, j = repeat
            raise ValueError(f"{x} is listed twice (at [{first}] and [{j}]); list it once")
        return sorted(v)


class Dyad(_Base):
    """A pair whose exchange the questions compute (``[[dyads]]``).

    ``defender`` strikes the ``rival``'s forces first when the rival's deterrent is measured; the
    exposure of the defender's homeland and of the ``ally`` (if any) is reported.
    """

    defender: Id
    rival: Id
    ally: Id | None = None
    label: Line = ""
    growth: Id | None = Field(
        None,
        description="force component the rival grows in the reaction curve (default: its most "
        "survivable component reaching the territory)",
    )
    ally_strike_share: Probability = Field(
        0.0,
        description="extended deterrence: share of the rival's launchers that can reach the "
        "patron that it also fires at the ally (its forces that reach only the ally always are)",
    )

    @property
    def key(self) -> str:
        """The dyad's ``label``, else ``DEFENDER-RIVAL``: what keys its rows, band plans and the
        ``--dyad`` filter (two dyads with one key are refused when the file is loaded)."""
        return self.label or f"{self.defender}-{self.rival}"


class Variant(_Base):
    """A variant of the world (``[[variants]]``): which defenses are active, force options."""

    id: Id
    title: Line
    label: Line = Field(
        "",
        description="a short name for prose and key findings (e.g. 'NMD capability 3'); the "
        "title is used when it is empty",
    )
    description: str = ""
    defenses: list[Id] = Field(default_factory=list)
    add_forces: list[Id] = Field(default_factory=list)
    remove_forces: list[Id] = Field(default_factory=list)

    @property
    def shown(self) -> str:
        """The variant as prose names it: its short ``label``, else its ``title``."""
        return self.label or self.title


class DeterrenceScenario(_Base):
    """The scenario file without the other capabilities' sections: its header (``schema_version``,
    ``[scenario]``, ``[[actors]]``, ``[[alliances]]``) and the deterrence keys, which sit at the
    top level of the file. :class:`anpo.scenario.schema.Scenario` (the whole file) extends it with
    ``[[contributions]]``, ``[align]``, ``[burden]`` and ``[[uncertainties]]``; the deterrence
    models read only what this class declares.
    """

    schema_version: Literal[1] = 1
    scenario: Meta
    actors: list[Actor] = Field(min_length=1)
    alliances: list[Alliance] = Field(default_factory=list)
    forces: list[ForceComponent] = Field(default_factory=list)
    counterforce: list[Counterforce] = Field(default_factory=list)
    defenses: list[Architecture] = Field(default_factory=list)
    damage: list[DamageCurve] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
    dyads: list[Dyad] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)

    # ------------------------------------------------------------------ helpers
    def actor(self, actor_id: str) -> Actor:
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def kill_probability(self, striker: str, basing: str) -> float:
        """The ``[[counterforce]]`` kill probability of ``striker`` against ``basing``."""
        for c in self.counterforce:
            if c.striker == striker and c.basing == basing:
                return c.kill_probability
        raise InputError(
            f"no [[counterforce]] entry with striker = {striker!r} and basing = {basing!r}",
            field="counterforce",
        )

    def variant_list(self) -> list[Variant]:
        """The declared variants, or one implicit variant with every defense active."""
        if self.variants:
            return list(self.variants)
        return [
            Variant(id="base", title=self.scenario.title, defenses=[d.id for d in self.defenses])
        ]

    def cases(self) -> list[Case]:
        """One :class:`Case` per variant."""
        return [Case(scenario=self, variant=v) for v in self.variant_list()]


#: Most warheads one actor may have over all its force components (added ones included):
#: about twice the largest arsenal ever (the Soviet stockpile of 1986, ~45,000 warheads).
MAX_ACTOR_WARHEADS = 100_000


def check_scenario(scen: DeterrenceScenario) -> list[tuple[tuple[Any, ...], str]]:
    """The problems of a scenario built in memory (a future's, a draw's), as ``(path,
    message)``: those of :func:`check_references`, else :func:`check_alliances`, else
    :func:`check_limits`, the checks a scenario file's loading runs besides its uncertainties
    (:func:`anpo.scenario.load.parse_scenario_text`)."""
    return check_references(scen) or check_alliances(scen) or check_limits(scen)


def check_references(scen: DeterrenceScenario) -> list[tuple[tuple[Any, ...], str]]:
    """Cross-reference problems as ``(path, message)``: unknown actors, forces, defenses, ids
    used twice (checked when a scenario file is read: :func:`anpo.scenario.load.parse_scenario_text`,
    and after uncertainties are applied: :func:`anpo.scenario.uncertainty.apply`)."""
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
            if r == f.actor:
                problems.append(
                    (("forces", i, "reaches", j), f"a force of {r!r} cannot strike {r!r} itself")
                )
    # a second entry for one striker and basing, or one actor, was silently ignored (the
    # first one is read): editing it changed nothing
    pairs: dict[tuple[str, str], int] = {}
    for i, c in enumerate(scen.counterforce):
        actor_ref(c.striker, ("counterforce", i, "striker"))
        first = pairs.setdefault((c.striker, c.basing), i)
        if first != i:
            problems.append(
                (
                    ("counterforce", i, "basing"),
                    f"striker {c.striker!r} against basing {c.basing!r} is given twice "
                    f"(counterforce[{first}] has it); keep one entry",
                )
            )
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
            if "source" in layer.model_fields_set:
                if problem := citation_problem(layer.source):
                    problems.append((where + ("source",), problem))
                elif len(layer.source) < 3:
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
    curves: dict[str, int] = {}
    for i, curve in enumerate(scen.damage):
        actor_ref(curve.actor, ("damage", i, "actor"))
        first = curves.setdefault(curve.actor, i)
        if first != i:
            problems.append(
                (
                    ("damage", i, "actor"),
                    f"actor {curve.actor!r} has a second [[damage]] curve (damage[{first}] is "
                    "its first); keep one",
                )
            )
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
        if dy.ally is not None and dy.ally in (dy.defender, dy.rival):
            # the ally's exposure and the patron's price of defending it were computed for the
            # defender's own homeland or the rival's, and printed as an ally's (no error)
            role = "defender" if dy.ally == dy.defender else "rival"
            problems.append(
                (
                    ("dyads", i, "ally"),
                    f"the ally {dy.ally!r} is the dyad's {role}; name a third actor, or leave "
                    "ally out",
                )
            )
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
        # an id listed twice counted once, and a component both added and removed was removed:
        # either edit changed nothing a reader could see, so the file is refused where it says so
        for key in ("defenses", "add_forces", "remove_forces"):
            for item, first, j in repeats(getattr(v, key)):
                problems.append(
                    (
                        ("variants", i, key, j),
                        f"{item!r} is listed twice ({key}[{first}] has it); list it once",
                    )
                )
        removed = set(v.remove_forces)
        for j, force_id in enumerate(v.add_forces):
            if force_id in removed:
                problems.append(
                    (
                        ("variants", i, "add_forces", j),
                        f"{force_id!r} is in both add_forces and remove_forces; keep one",
                    )
                )
    return problems


def check_alliances(scen: DeterrenceScenario) -> list[tuple[tuple[Any, ...], str]]:
    """Problems with who is guaranteed, as ``(path, message)``: an ``[[alliances]]`` member
    that is its patron, an alliance whose
    ``since`` is after the scenario's year, and a dyad's ``ally`` that is no member of an
    alliance of the dyad's defender in force in that year.

    An alliance is what the :class:`Alliance` docstring says: the patron extends deterrence to
    the members; a dyad's ``ally`` is the member whose exposure and price of defence the
    extended-deterrence table reports (:func:`anpo.deterrence.extended.extended`). The entries
    were checked only for known actor ids, so a file whose alliance named the patron itself, a
    rival, or began after the scenario's year, or had no alliance at all, gave the same table
    (audit30). A rival of the patron in the file's dyads may be a member: alliances and
    rivalries coexist in the record (the 1950 Sino-Soviet treaty was in force through the 1969
    border clashes; Greece and Turkey are both NATO members), and a dyad's ``ally`` is never
    its rival (:func:`check_references`), so no rival's exposure is reported as an ally's
    (review30: such a member was refused). Checked when a scenario file is read
    (:func:`anpo.scenario.load.parse_scenario_text`), at the ends of its uncertain ranges
    (:func:`anpo.scenario.uncertainty.check_uncertainties`), after uncertainties are applied
    (:func:`anpo.scenario.uncertainty.apply`), and on a future's resulting scenario and each of
    its draws (:func:`anpo.futures.load.parse_future_text`,
    :class:`anpo.futures.schema.World`; lib31: futures did not run it).
    """
    problems: list[tuple[tuple[Any, ...], str]] = []
    year = scen.scenario.year
    for i, al in enumerate(scen.alliances):
        for j, mem in enumerate(al.members):
            if mem == al.patron:
                problems.append(
                    (
                        ("alliances", i, "members", j),
                        f"{mem!r} is the alliance's patron; its members are the states the "
                        "patron guarantees: name them",
                    )
                )
        if al.since is not None and al.since > year:
            problems.append(
                (
                    ("alliances", i, "since"),
                    f"{al.since} is after the scenario's year {year}: the alliance is not in "
                    "force; leave it out, or correct since",
                )
            )
    for i, dy in enumerate(scen.dyads):
        if dy.ally is None:
            continue
        own = [al for al in scen.alliances if al.patron == dy.defender]
        if any(dy.ally in al.members and (al.since is None or al.since <= year) for al in own):
            continue
        listed = (
            ", ".join(
                f"{al.id} (members {', '.join(al.members)}"
                + (f", since {al.since})" if al.since is not None else ")")
                for al in own
            )
            or "none"
        )
        problems.append(
            (
                ("dyads", i, "ally"),
                f"dyad {dy.key!r}: the ally {dy.ally!r} is a member of no alliance of "
                f"{dy.defender!r} in force in {year} (alliances of {dy.defender!r}: {listed}); "
                f"add it to an [[alliances]] entry with patron = {dy.defender!r}, or leave ally "
                "out",
            )
        )
    return problems


def _missing_counterforce(scen: DeterrenceScenario, i: int) -> list[tuple[tuple[Any, ...], str]]:
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


def check_limits(scen: DeterrenceScenario) -> list[tuple[tuple[Any, ...], str]]:
    """Problems with the ranges of :data:`LIMITS` and :data:`MAX_ACTOR_WARHEADS`, and with
    probabilities that make a target unreachable (``reaction_q = 1``), as ``(path, message)``
    (checked when a scenario file is read: :func:`anpo.scenario.load.parse_scenario_text`)."""
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


class Case(BaseModel):
    """A scenario with one variant applied: the forces and defenses that are active."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    scenario: DeterrenceScenario
    variant: Variant

    @property
    def id(self) -> str:
        return f"{self.scenario.scenario.id}/{self.variant.id}"

    @property
    def title(self) -> str:
        return f"{self.scenario.scenario.year}: {self.variant.title}"

    def forces(self, actor: str | None = None) -> list[ForceComponent]:
        active = [
            f
            for f in self.scenario.forces
            if (f.baseline or f.id in self.variant.add_forces)
            and f.id not in self.variant.remove_forces
        ]
        return [f for f in active if actor is None or f.actor == actor]

    def architectures(self) -> list[Architecture]:
        return [d for d in self.scenario.defenses if d.id in self.variant.defenses]

    def layers_covering(self, territory: str) -> list[Layer]:
        """Active layers that defend ``territory``'s value, in declaration order."""
        return [
            ly
            for d in self.architectures()
            for ly in d.layers
            if ly.defends == "value" and territory in ly.covers
        ]

    def defending_layers(
        self, territory: str, classes: Collection[str] | None = None
    ) -> list[Layer]:
        """The layers of :meth:`layers_covering` that can destroy a warhead aimed at
        ``territory``: interceptors, a kill probability, reliability (its own and its
        ``common_mode`` group's) and a protected fraction of ``territory`` above 0, and, when
        ``classes`` is given, at least one of those missile classes among the ones it engages.

        A territory is *covered by missile defense* when this list is not empty: a layer left
        with no interceptors, or one that engages only missile classes that are not fired at the
        territory, covers it on paper only (the model's arrivals are the same without it)."""
        wanted = None if classes is None else set(classes)
        return [
            ly
            for ly in self.layers_covering(territory)
            if ly.interceptors > 0
            and ly.sspk > 0
            and ly.reliability > 0
            and ly.common_mode_reliability > 0
            and ly.fraction_for(territory) > 0
            and (wanted is None or any(ly.can_engage(c) for c in wanted))
        ]

    def silo_layers(self, territory: str) -> list[Layer]:
        """Active layers that defend the silos on ``territory`` against counterforce."""
        return [
            ly
            for d in self.architectures()
            for ly in d.layers
            if ly.defends == "silos" and territory in ly.covers
        ]

    def damage_curve(self, actor: str) -> DamageCurve | None:
        for d in self.scenario.damage:
            if d.actor == actor:
                return d
        return None

    def kill_probability(self, striker: str, basing: str) -> float:
        """The ``[[counterforce]]`` kill probability of ``striker`` against ``basing``.

        Raises :class:`anpo.errors.InputError` when the file has no such entry (files loaded
        with :func:`anpo.scenario.load_scenario` are checked for every entry a dyad needs).
        """
        return self.scenario.kill_probability(striker, basing)
