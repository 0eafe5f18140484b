"""Exploring scenario files: their ``[[uncertainties]]`` sampled, their variants as cases.

:class:`ScenarioModel` turns scenario files into an explorable model. Its inputs are the union of
the files' ``[[uncertainties]]`` (an input declared in several files must have the same
distribution in each); its cases are every (file, variant); an experiment applies the sampled
values to the file's scenario (:func:`anpo.scenario.uncertainty.apply`, re-validated) and
computes the outcomes with :func:`case_outcomes`: plain numbers from the capabilities' own
functions, named ``{defender}_{rival}_{measure}[_{territory}]`` in lower case, e.g.
``usa_chn_p_arrive_ge_1_jpn`` or ``usa_chn_fss``.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from anpo.errors import ExploreError, ScenarioError
from anpo.explore.model import FilesModel, Model

OUTCOMES_VERSION = "scenario-outcomes-2"  # 2: the expected warheads reaching each territory


def slug(text: str) -> str:
    """``text`` as a name part: lower case, each run of other characters than ``a-z0-9`` one
    ``_``, none at the ends (``"U.S. (Guam)"`` is ``"u_s_guam"``)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def dyad_outcomes(scen: Any, dyad: Any) -> list[str]:
    """The names of the outcomes :func:`case_outcomes` gives for one dyad of a scenario (any
    variant): P(at least m arrive) for m = 1 and the file's ``m_values``, and the expected
    arrivals, at the defender and at the dyad's ally; the rival's expected survivors; the
    stability index without and with launch under attack."""
    pre = f"{slug(dyad.defender)}_{slug(dyad.rival)}"
    ms = sorted({1, *scen.settings.m_values})
    out: list[str] = []
    for terr in [dyad.defender] + ([dyad.ally] if dyad.ally else []):
        t = slug(terr)
        out += [f"{pre}_p_arrive_ge_{m}_{t}" for m in ms] + [f"{pre}_arrivals_expected_{t}"]
    return out + [f"{pre}_survivors_expected", f"{pre}_fss", f"{pre}_fss_lua"]


def dyad_strikes(dyad: Any) -> set[tuple[str, str]]:
    """The (attacker, territory) strikes behind one dyad's outcomes (:func:`case_outcomes`,
    :func:`anpo.deterrence.questions.answer_case`): the defender's first strike on the rival
    and the rival's on the defender (the stability index; the rival's survivors), and the
    rival's surviving warheads at the defender and at the dyad's ally (the arrivals)."""
    strikes = {(dyad.defender, dyad.rival), (dyad.rival, dyad.defender)}
    if dyad.ally:
        strikes.add((dyad.rival, dyad.ally))
    return strikes


def case_outcomes(case: Any) -> dict[str, float]:
    """The outcomes of one scenario case (a scenario with one variant applied), as plain
    numbers: for every dyad and defended territory, the probabilities that at least ``m``
    warheads arrive after the defender's first strike and the expected number that arrive
    (``{defender}_{rival}_arrivals_expected_{territory}``); for every dyad, the rival's expected
    surviving warheads; for every dyad, the Kent-Thaler first-strike stability index without and with
    launch under attack. Computed by :func:`anpo.deterrence.questions.answer_case` ([kent1989];
    [wilkening1999], see that module)."""
    from anpo.deterrence.questions import answer_case, seed_table

    answers = answer_case(case)
    if not answers:
        return {}
    table = seed_table(answers)
    out: dict[str, float] = {}
    by_label = {a.label: a for a in answers}
    for rec in table.to_dict(orient="records"):
        ans = by_label[rec["dyad"]]
        pre = f"{slug(ans.defender)}_{slug(ans.rival)}"
        terr = slug(rec["territory"])
        for key, val in rec.items():
            if str(key).startswith("p_arrive_ge_"):
                out[f"{pre}_{key}_{terr}"] = float(val)
        # what a defense changes where P(at least m arrive) is already 1 at every m
        out[f"{pre}_arrivals_expected_{terr}"] = float(rec["arrivals_expected"])
        out[f"{pre}_survivors_expected"] = float(rec["survivors_expected"])
        # the index is undefined (None) where a side has no deliverable warheads
        out[f"{pre}_fss"] = math.nan if rec["fss"] is None else float(rec["fss"])
        out[f"{pre}_fss_lua"] = math.nan if rec["fss_lua"] is None else float(rec["fss_lua"])
    return out


def _target_items(scen: Any) -> dict[str, tuple[str, str]]:
    """For each target of the file's uncertainties that lies in a missile-defense architecture
    or a force component, that table and the item's id (``("defenses", "gmd")``), found as
    :func:`anpo.scenario.uncertainty.apply` finds it (:func:`~anpo.scenario.uncertainty.locate`
    on the file's data: ``defenses[gmd]``, ``defenses["gmd"]``, ``defenses[id=gmd]``,
    ``defenses[0]`` alike)."""
    from anpo.scenario.uncertainty import locate

    data = scen.model_dump()
    out: dict[str, tuple[str, str]] = {}
    for u in scen.uncertainties:
        for target in u.targets:
            try:
                path = locate(data, target)
            except ValueError:  # validation refuses such a file; read, as anything else
                continue
            if len(path) >= 2 and path[0] in ("defenses", "forces"):
                out[target] = (path[0], str(data[path[0]][path[1]]["id"]))
    return out


def _case_reads(scen: Any, variant: Any, item: tuple[str, str] | None) -> bool:
    """Whether a variant's outcomes (:func:`case_outcomes`) read a field of ``item`` (from
    :func:`_target_items`; None: a field outside defenses and forces): not when it lies in a
    missile-defense architecture the variant does not activate or in a force component the
    variant does not field (``baseline = false`` and not added, or removed); every other field
    is read. Its analyses then leave the input out, as a future's leave out the inputs only
    other futures read (:func:`anpo.explore.engine.case_inputs`)."""
    from anpo.scenario.schema import Case

    if item is None:
        return True
    table, ident = item
    case = Case(scenario=scen, variant=variant)
    if table == "defenses":
        return any(d.id == ident for d in case.architectures())
    return any(f.id == ident for f in case.forces())


class ScenarioModel(FilesModel):
    """Scenario files as an explorable model (see the module docstring)."""

    OUTCOMES_VERSION = OUTCOMES_VERSION
    kind_of_file = "scenario"

    def __init__(
        self,
        texts: Sequence[str],
        sources: Sequence[str],
        held: Mapping[str, bytes] | None = None,
    ) -> None:
        super().__init__(texts, sources, held)
        scenarios = self.parsed
        self.name = "anpo.explore.scenario:" + ",".join(Path(s).name for s in self.sources)
        ids = [s.scenario.id for s in scenarios]
        self._case_index: list[tuple[int, str]] = []
        self.cases = []
        for k, scen in enumerate(scenarios):
            prefix = ids[k] if ids.count(ids[k]) == 1 else Path(self.sources[k]).stem
            for v in scen.variant_list():
                self._case_index.append((k, v.id))
                self.cases.append(f"{prefix}/{v.id}")
        self.params = self.union_params([s.uncertainties for s in scenarios])
        variants = [{v.id: v for v in scen.variant_list()} for scen in scenarios]
        items = [_target_items(scen) for scen in scenarios]
        self.inputs_by_case = {
            case: [
                u.name
                for u in scenarios[k].uncertainties
                if any(
                    _case_reads(scenarios[k], variants[k][v], items[k].get(t)) for t in u.targets
                )
            ]
            for case, (k, v) in zip(self.cases, self._case_index, strict=True)
        }

    def inert_inputs(self) -> dict[str, dict[str, str]]:
        """The inputs each case (a file's variant) reads whose draws cannot move any of its
        outcomes, with why: :func:`anpo.scenario.uncertainty.inert_uncertainties` of the file
        for that variant alone, with every actor's strikes on every territory its forces reach
        taken as computed (as ``anpo validate`` takes them; they include the strikes of
        :func:`case_outcomes`), and the inputs that cannot vary
        (:func:`anpo.scenario.uncertainty.constant_uncertainties`). An input on what the variant
        does not field is not said: the
        case does not read it (:attr:`inputs_by_case`), and its analyses leave it out already."""
        from anpo.scenario.uncertainty import constant_uncertainties, inert_uncertainties

        assert self.inputs_by_case is not None
        out: dict[str, dict[str, str]] = {}
        for case, (k, variant) in zip(self.cases, self._case_index, strict=True):
            read = set(self.inputs_by_case[case])
            # an input that cannot vary (constant_uncertainties) moves nothing either
            found = {
                **inert_uncertainties(self.parsed[k], variants=[variant]),
                **constant_uncertainties(self.parsed[k]),
            }
            if inert := {name: why for name, why in found.items() if name in read}:
                out[case] = inert
        return out

    def outcome_inputs(self) -> dict[str, dict[str, list[str]]]:
        """The inputs each outcome of each case reads (``{case: {outcome: [input, ...]}}``):
        an outcome of one dyad (:func:`dyad_outcomes`) reads every input its case reads
        (:attr:`inputs_by_case`) except those that only the exchanges of the file's other dyads
        read: the inputs :func:`anpo.scenario.uncertainty.inert_uncertainties` finds inert for
        the variant with only that dyad's strikes computed (:func:`dyad_strikes`: its two first
        strikes and the rival's warheads at the defender and the ally, as
        :func:`anpo.deterrence.questions.answer_case` computes each dyad apart from the others),
        and not inert with every strike computed (an input no outcome of the case can move is
        said by :meth:`inert_inputs` instead). An input on Russia's forces, say, is not read by
        a U.S.-China outcome. With one dyad every outcome reads every input of its case. The
        rule is :func:`~anpo.scenario.uncertainty.inert_uncertainties`'s, which judges an input
        only when it is sure (a file whose uncertainties set which forces exist or what reaches
        where judges none: then every outcome reads every input)."""
        from anpo.scenario.uncertainty import inert_uncertainties

        assert self.inputs_by_case is not None
        out: dict[str, dict[str, list[str]]] = {}
        for case, (k, variant) in zip(self.cases, self._case_index, strict=True):
            scen = self.parsed[k]
            read = self.inputs_by_case[case]
            anywhere = set(inert_uncertainties(scen, variants=[variant])) if read else set()
            by_outcome: dict[str, set[str]] = {}
            for dy in scen.dyads:
                elsewhere = (
                    set(inert_uncertainties(scen, variants=[variant], strikes=dyad_strikes(dy)))
                    - anywhere
                    if read and len(scen.dyads) > 1
                    else set()
                )
                for name in dyad_outcomes(scen, dy):
                    # two dyads of one pair share their outcomes' names: what either reads
                    by_outcome.setdefault(name, set()).update(n for n in read if n not in elsewhere)
            out[case] = {o: [n for n in read if n in got] for o, got in by_outcome.items()}
        return out

    @classmethod
    def from_files(cls, files: Sequence[str | Path]) -> ScenarioModel:
        """Read and validate scenario files (one-line errors naming file, line and field)."""
        if not files:
            raise ExploreError("give at least one scenario file")
        return cls(*cls.read(files, ScenarioError))

    def parse(self) -> list[Any]:
        """The scenarios of the files, a relative ``[align] instance`` path taken from the
        file's folder (:attr:`folders`), as :func:`anpo.scenario.load.load_scenario` takes it
        (it was left as written, to be read from whatever working folder a reader had; the
        outcomes of a scenario exploration read no ``[align]`` section)."""
        from anpo.scenario import parse_scenario_text

        return [
            parse_scenario_text(t, source=s, base_dir=Path(d))
            for t, s, d in zip(self.texts, self.sources, self.folders, strict=True)
        ]

    def case_file(self, case: int) -> Any:
        """The scenario file case ``case`` (one of its variants) applies the sampled values to."""
        return self.parsed[self._case_index[case][0]]

    def scenario_for(self, case: int, values: Mapping[str, Any]) -> Any:
        """The case's scenario with the sampled values applied (and its variant id)."""
        from anpo.scenario.uncertainty import apply

        k, variant = self._case_index[case]
        scen = self.parsed[k]
        if scen.uncertainties:
            scen = apply(scen, {u.name: values[u.name] for u in scen.uncertainties})
        return scen, variant

    def evaluate(
        self, case: int, values: Mapping[str, Any], rng: np.random.Generator | None
    ) -> Mapping[str, float]:
        from anpo.scenario.schema import Case

        scen, variant = self.scenario_for(case, values)
        var = next(v for v in scen.variant_list() if v.id == variant)
        return case_outcomes(Case(scenario=scen, variant=var))


def model_from_files(files: str | Path | Sequence[str | Path]) -> Model:
    """A :class:`ScenarioModel` over scenario files, or a
    :class:`~anpo.futures.experiment.FuturesModel` over future files (a ``[future]`` table);
    the two kinds are not mixed in one run. ``book:futures`` stands for the built-in futures
    book, ``book:NAME`` for a file of the built-in scenario book. One file may be given alone,
    as a string or a path, or in a list; anything else (a dict, an int) is an
    :class:`~anpo.errors.ExploreError` naming ``model`` (:func:`anpo.explore.run`'s name for it).
    """
    from anpo.futures.load import future_files, is_future_text
    from anpo.scenario.load import book_path

    if isinstance(files, str | os.PathLike):  # one file, not a sequence of one-letter names
        files = [files]
    elif isinstance(files, Mapping) or not isinstance(files, Iterable):
        raise ExploreError(
            "must be a model, a scenario or future file, or a list of them, "
            f"got {type(files).__name__}",
            field="model",
        )
    if not files:
        raise ExploreError("give at least one scenario or future file")
    paths: list[Path] = []
    for f in files:
        if str(f) == "book:futures":
            paths.extend(future_files())
        else:
            paths.append(book_path(f))
    # each file read once: its kind is told from the text the model is made of, and the
    # model hashes the bytes read (it was read to tell its kind, again to parse it, and a
    # third time to hash it)
    texts, sources, held = FilesModel.read(paths, ScenarioError)
    kinds = {is_future_text(t) for t in texts}
    if len(kinds) > 1:
        raise ExploreError("give scenario files or future files, not both in one run")
    if kinds == {True}:
        from anpo.futures.experiment import FuturesModel

        return FuturesModel(texts, sources, held)
    return ScenarioModel(texts, sources, held)
