"""``anpo defense`` (interception calculator), ``anpo stability FILE``, ``anpo extended FILE`` and
``anpo bands FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from anpo.cli._common import MAX_WORK
from anpo.deterrence.bounds import MAX_M_VALUES

if TYPE_CHECKING:
    from anpo._progress import Bar
    from anpo.deterrence.questions import DyadAnswer
    from anpo.scenario.schema import Case, Scenario


def _parse_sls(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        first, second = (int(x) for x in text.split(","))
    except ValueError:
        from anpo.errors import InputError

        raise InputError(
            "expected two whole numbers 'FIRST,SECOND', e.g. 2,2", field="--sls"
        ) from None
    return first, second


#: ``anpo defense``'s interceptors per RV and P(decoy recognised) when --shots (or --sls) and
#: --discrimination are not given; their help texts read them.
DEFAULT_SHOTS = 1
DEFAULT_DISCRIMINATION = 1.0


def _sci(x: float) -> str:
    """A limit as the help texts write it: ``5e9`` (not Python's ``5e+09``).

    >>> _sci(5e9), _sci(1e12)
    ('5e9', '1e12')
    """
    mantissa, exponent = f"{x:e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}"


#: The scenario argument's help: every command reads ``book:NAME`` too (``load_scenario``).
_FILE_HELP = "scenario TOML file, or book:NAME for a built-in one (anpo scenarios lists them)"
_FILE_HELP_BANDS = (
    "scenario TOML file with \\[\\[uncertainties]], or book:NAME for a built-in one "
    "(anpo scenarios lists them)"
)

#: Library parameter names -> the flags of ``anpo defense``.
_DEFENSE_FLAGS = {
    "rvs": "--rvs",
    "sspk": "--sspk",
    "shots_per_rv": "--shots",
    "interceptors": "--interceptors",
    "reliability": "--reliability",
    "reliability_mode": "--mode",
    "decoys_per_rv": "--decoys",
    "discrimination": "--discrimination",
    "p_no_leak": "--goal",
    "first": "--sls",
    "second": "--sls",
}


def _layer_interceptor_limit() -> int:
    """The largest inventory a :class:`anpo.deterrence.layer.Layer` accepts (its field's bound)."""
    return _layer_bound("interceptors")


def _layer_bound(field: str) -> int:
    """The largest value of a whole-number field a :class:`anpo.deterrence.layer.Layer` accepts
    (``interceptors``: the bound the layer itself checks)."""
    from annotated_types import Le

    from anpo.deterrence.layer import Layer

    bound = next(m.le for m in Layer.model_fields[field].metadata if isinstance(m, Le))
    assert isinstance(bound, int)
    return bound


#: Elementary operations per outcome (0..N leakers) of a salvo's leaker distribution and what
#: ``anpo defense`` reads from it (SciPy's binomial pmf, the per-raid reliability mixture, the
#: tails, the trimmed JSON pmf): measured 360-430 ns of CPU per outcome (user + system) at
#: ``--rvs 10,000,000`` over the four modes (raid or rv, reliability 1 or 0.9, --json), with the
#: calibration of :func:`defense_work` (1e9 operations a second): 450 covers the costliest.
DEFENSE_OPS_PER_OUTCOME = 450
#: More operations per outcome for ``--full-pmf``: every entry of the distribution converted and
#: written as JSON, measured 960-1,090 ns per outcome (1e6 and 1e7 RVs).
FULL_PMF_OPS_PER_OUTCOME = 1_100


def defense_work(
    rvs: int,
    interceptors: int | None,
    decoys: int,
    discrimination: float,
    sls: tuple[int, int] | None,
    full_pmf: bool = False,
) -> float:
    """Elementary operations the exact engagement of ``anpo defense`` needs (an upper bound
    used to refuse, before any allocation, what would take minutes or exhaust memory; calibrated
    so that 1e9 is about one second on one core).

    Salvo: binomial pmfs over ``N + 1`` outcomes (:data:`DEFENSE_OPS_PER_OUTCOME` per outcome,
    measured; it was 500, which put the documented ``--rvs 10,000,000`` at 5.0000005e9, over the
    default limit of 5e9, for 2.9 s of CPU, audit29). Finite inventory: one convolution of two
    such pmfs, about ``10 (N + 1)^2``. Shoot-look-shoot: a convolution per surviving count,
    ``(N + 1)^3 / 3``. Decoys: for every number of unrecognised decoys with non-negligible
    probability (the binomial's mean +- 38 standard deviations) and every split of the extra
    interceptors (hypergeometric, at most ``N + 1``), a convolution and a fixed Python cost
    (about 3e5). ``full_pmf``: the JSON's whole distribution, :data:`FULL_PMF_OPS_PER_OUTCOME`
    more per outcome.

    >>> defense_work(10_000_000, None, 0, 1.0, None) <= 5e9
    True
    """
    n1 = rvs + 1.0
    pmf_out = FULL_PMF_OPS_PER_OUTCOME * n1 if full_pmf else 0.0
    if sls is not None:
        return n1**3 / 3 + 3e5 * n1 + pmf_out
    if decoys:
        total = rvs * decoys
        q = 1.0 - discrimination
        spread = 77 * (total * q * (1 - q)) ** 0.5 + 1
        return min(total + 1.0, spread) * n1 * (10 * n1**2 + 3e5) + pmf_out
    if interceptors is not None:
        return 10 * n1**2 + DEFENSE_OPS_PER_OUTCOME * n1 + pmf_out
    return DEFENSE_OPS_PER_OUTCOME * n1 + pmf_out


def _full_pmf_rvs(limit: float) -> int:
    """The largest ``--rvs`` of a salvo with ``--full-pmf`` within ``limit`` operations
    (:func:`defense_work`), for the help.

    >>> _full_pmf_rvs(5e9)
    3225805
    """
    return int(limit // (DEFENSE_OPS_PER_OUTCOME + FULL_PMF_OPS_PER_OUTCOME)) - 1


#: The largest raid ``anpo defense`` takes (``--rvs``), and so the largest ``-m``: the web API's
#: m goes to its own largest raid (:data:`anpo.web.limits.MAX_RVS`, 2,000) the same way.
DEFENSE_MAX_RVS = 10_000_000


def defense(
    rvs: int = typer.Option(
        ...,
        "--rvs",
        min=0,
        max=DEFENSE_MAX_RVS,
        help=f"attacking re-entry vehicles N (0-{DEFENSE_MAX_RVS:,})",
    ),
    sspk: float = typer.Option(..., "--sspk", help="single-shot kill probability k (0-1)"),
    shots_given: int | None = typer.Option(
        None,
        "--shots",
        min=1,
        max=1_000_000,
        # 1-64: anpo.deterrence.layer.MAX_SHOTS, typed here and in --sls (that module imports
        # pydantic, which the CLI's start does not; tests/test_cli_help_defaults.py checks it)
        help="interceptors per RV (salvo; 1-1,000,000, as a salvo layer's shots in the web API; "
        "more is refused, exit 2; not with --sls, whose FIRST,SECOND are "
        f"the shots of each look, 1-64 each) \\[default: {DEFAULT_SHOTS}]",
    ),
    interceptors: int | None = typer.Option(
        None,
        "--interceptors",
        min=0,
        max=10**12,
        help="finite inventory spread evenly over the RVs, all of it fired (overrides --shots, "
        "unlike a scenario file's or the web API's layer, which fires at most its shots at one "
        "RV; 0-1e12, and with --sls 0-1,000,000, a shoot-look-shoot layer's limit)",
    ),
    reliability: float = typer.Option(
        1.0, "--reliability", help="reliability of common elements (0-1)"
    ),
    mode: str = typer.Option("raid", "--mode", help="reliability convention: raid or rv"),
    decoys: int = typer.Option(
        0,
        "--decoys",
        min=0,
        max=1_000,
        help="decoys per RV (an inventory engagement: --interceptors, else --rvs x --shots "
        "interceptors; 0-1,000)",
    ),
    discrimination_given: float | None = typer.Option(
        None,
        "--discrimination",
        help="P(decoy recognised) (0-1; with --decoys, without which it changes nothing) "
        f"\\[default: {DEFAULT_DISCRIMINATION:g}]",
    ),
    sls: str | None = typer.Option(
        None, "--sls", help="shoot-look-shoot FIRST,SECOND shots (each 1-64, a layer's limit)"
    ),
    goal: float | None = typer.Option(
        None,
        "--goal",
        help="also give the shots per RV a salvo needs for P0 >= GOAL at the given reliability "
        "(0-1, < 1)",
    ),
    m: list[int] = typer.Option(  # noqa: B008
        [1, 5, 10],
        "-m",
        min=1,
        max=DEFENSE_MAX_RVS,
        help=f"report P(at least m leak) (1-{DEFENSE_MAX_RVS:,}, the largest --rvs, as the web "
        "API's m goes to its largest raid; more is refused, exit 2; P(at least 0) is 1 whatever "
        f"the defense); repeat for more, at most {MAX_M_VALUES} values, as the web API takes "
        "(more is refused, exit 2)",
    ),
    max_work: float = typer.Option(
        MAX_WORK,
        "--max-work",
        min=1,
        help="refuse an engagement estimated to need more elementary operations than this "
        f"(default {_sci(MAX_WORK)}, about five seconds)",
    ),
    full_pmf: bool = typer.Option(
        False,
        "--full-pmf",
        help="JSON: the leaker distribution over 0..N, negligible tails too (writing it costs "
        f"about {FULL_PMF_OPS_PER_OUTCOME:,} operations per RV more: a salvo of up to "
        f"{_full_pmf_rvs(MAX_WORK):,} RVs at the default --max-work)",
    ),
    json_out: bool = typer.Option(False, "--json", help="JSON output"),
) -> None:
    """Interception arithmetic (Wilkening 1999): P(no leaker), expected leakers, P(>= m leak).

    With --json the leaker distribution is given over its non-negligible support: entry i of
    leaker_pmf is P(leaker_pmf_start + i leakers), and entries below 1e-15 at either end are
    left out unless --full-pmf.

    A probability a float cannot hold (P(no leaker) of 15,000 RVs at SSPK 0.1 is 1e-15000, a
    float 0; its complement a float 1) is computed in log space too: it prints as the bound
    with its magnitude, "< 0.0001% (1e-15000, computed in log space)", and its complement as
    "> 99.9999%"; "0.0000%" and "100.0000%" are an impossible and a certain event only. The
    JSON keeps the floats and adds their base-10 logarithms: p_no_leak_log10,
    expected_leakers_log10, p_at_least_log10 and p_fewer_than_log10 (of P(fewer than m leak),
    1 - P(at least m)) for each m, null for an impossible event; sls_survival_log10 with --sls.
    A shoot-look-shoot engagement without an interceptor for every shot or with decoys it
    engages has no closed form: its leaker distribution is computed in log space as a whole,
    with the same fields, when that is cheap (about 3e7 operations: hundreds of RVs, or tens
    with decoys); a larger one has no *_log10 fields, and a probability its float holds as 0
    or 1 prints as the bound without a magnitude ("< 0.0001%") unless the event is impossible
    or certain, which is decided exactly.
    """
    from anpo._progress import progress_bar
    from anpo.cli._common import check_work, flag_names, print_json, trim_pmf
    from anpo.deterrence import defense as d
    from anpo.report.format import fmt_number

    if full_pmf and not json_out:
        # the table has no distribution to widen: the flag was dropped without a word
        from anpo.errors import InputError

        raise InputError(
            "gives the JSON's leaker distribution over 0..N; add --json", field="--full-pmf"
        )
    if len(m) > MAX_M_VALUES:
        # the web API's bound (its m list): the command took any number of -m values
        from anpo.errors import InputError

        raise InputError(
            f"takes at most {MAX_M_VALUES} values of m, got {len(m)}; ask for the others in "
            "another run",
            field="-m",
        )
    sls_shots = _parse_sls(sls)
    if sls_shots is not None and shots_given is not None:
        # --sls sets the shots of both looks: a --shots beside it was dropped without a word
        from anpo.errors import InputError

        raise InputError(
            f"--shots {shots_given} and --sls {sls} both set the shots per RV; give one "
            "(--sls FIRST,SECOND are the shots of the first and the second look)",
            field="--shots/--sls",
        )
    shots = DEFAULT_SHOTS if shots_given is None else shots_given
    # the layer's own bound (shots, second_shots: MAX_SHOTS), said here naming --sls: the
    # layer's checks named its fields 'shots' and 'second_shots', and this check said 1,000,000
    from anpo.deterrence.layer import MAX_SHOTS

    looks = [MAX_SHOTS, MAX_SHOTS]
    bad_look = next(
        (i for i, n in enumerate(sls_shots or ()) if not 1 <= n <= looks[i]), None
    )  # the layer's own checks named --shots, or nothing
    if bad_look is not None:
        from anpo.errors import InputError

        raise InputError(
            f"the {('first', 'second')[bad_look]} look takes 1 to {looks[bad_look]} shots, "
            f"got {sls!r}",
            field="--sls",
        )
    if sls_shots is not None and interceptors is None:
        # the inventory is implicit (--rvs x the two looks' shots): over the layer's limit, name
        # the flags typed, not the --interceptors the layer would name
        limit = _layer_interceptor_limit()
        if rvs * sum(sls_shots) > limit:
            from anpo.errors import InputError

            raise InputError(
                f"with --sls and no --interceptors the inventory is --rvs x (FIRST + SECOND) = "
                f"{rvs:,} x {sum(sls_shots)} = {rvs * sum(sls_shots):,} interceptors, over a "
                f"shoot-look-shoot layer's limit of {limit:,}; give fewer --rvs or shots, or an "
                "--interceptors of at most that",
                field="--rvs/--sls",
            )
    discrimination = (
        DEFAULT_DISCRIMINATION if discrimination_given is None else discrimination_given
    )
    if discrimination_given is not None and not decoys and not json_out:
        # no decoy to recognise: the answer is the one without the flag, which the user is told
        typer.echo(
            "note: --discrimination changes nothing without --decoys (no decoy to recognise)",
            err=True,
        )
    if not 0.0 <= discrimination <= 1.0:  # (the library checks it too; needed for the estimate)
        from anpo.errors import InputError

        raise InputError(
            f"must be a probability in [0, 1], got {discrimination!r}", field="--discrimination"
        )
    check_work(
        defense_work(rvs, interceptors, decoys, discrimination, sls_shots, full_pmf),
        "this engagement",
        limit=max_work,
    )
    # the inventory the engagement spends, and whether the user typed it (the decoy and
    # shoot-look-shoot engagements make one from --rvs and the shots when --interceptors is not
    # given, which the output says: 'inventory with decoys' named no count)
    inventory: int | None = interceptors
    implicit = ""
    with (
        # a spinner: the first run after an install compiles the models (numba)
        progress_bar("computing the engagement", enabled=False if json_out else None),
        flag_names(_DEFENSE_FLAGS),
    ):
        if sls_shots is not None:
            if inventory is None:
                inventory, implicit = rvs * sum(sls_shots), "--rvs x (FIRST + SECOND)"
            layer = d.Layer(
                interceptors=inventory,
                sspk=sspk,
                shots=sls_shots[0],
                doctrine="shoot-look-shoot",
                second_shots=sls_shots[1],
                reliability=reliability,
                reliability_mode=mode,  # type: ignore[arg-type]  # Layer refuses others (InputError)
                discrimination=discrimination,
            )
            res = d.layered_engagement(rvs, [layer], decoys_per_rv=decoys)
            kind = "shoot-look-shoot"
        elif decoys:
            if inventory is None:
                inventory, implicit = rvs * shots, "--rvs x --shots"
            res = d.decoy_engagement(
                rvs, decoys, discrimination, inventory, sspk, reliability, mode
            )
            kind = "inventory with decoys"
        elif interceptors is not None:
            res = d.inventory_engagement(rvs, interceptors, sspk, reliability, mode)
            kind = "finite inventory"
        else:
            res = d.engagement(rvs, sspk, shots, reliability, mode)
            kind = "salvo"
        start, pmf = (
            (0, [float(x) for x in res.leaker_pmf]) if full_pmf else trim_pmf(res.leaker_pmf)
        )
        out: dict[str, Any] = {
            "engagement": kind,
            "rvs": rvs,
            "reliability_mode": mode,
            **({} if inventory is None else {"interceptors": inventory}),
            "p_no_leak": float(res.p_no_leak),
            "expected_leakers": float(res.expected_leakers),
            "p_at_least": {str(mm): float(res.p_at_least(mm)) for mm in m},
            "leaker_pmf_start": start,
            "leaker_pmf": pmf,
        }
        if res.log_leakers is not None:
            # the magnitudes a float loses (0.1**15000 is 0.0, 1 - 1e-15000 is 1.0), computed in
            # log space: -inf (JSON null) only for an impossible event
            # (each tail once: m = 1 is P(no leaker)'s too)
            tails = {mm: res.log10_p_at_least(mm) for mm in {1, *m}}
            out["p_no_leak_log10"] = tails[1][1]
            out["expected_leakers_log10"] = res.expected_leakers_log10
            out["p_at_least_log10"] = {str(mm): tails[mm][0] for mm in m}
            out["p_fewer_than_log10"] = {str(mm): tails[mm][1] for mm in m}
        if sls_shots is not None:
            # per RV, the reliability is the tracking, drawn once per RV for both salvos
            track = reliability if mode == "rv" else 1.0
            kill, used = d.shoot_look_shoot(sspk, *sls_shots, tracking=track)
            out["sls_kill_probability"] = float(kill)
            sls_logs = _sls_logs10(sspk, sum(sls_shots), track)
            out["sls_survival_log10"] = sls_logs[0]
            out["sls_expected_interceptors_per_rv"] = float(used)
            # per raid, the reliability is the whole layer's, once: the per-RV figures are
            # those of the working layer, which the output says rather than leave them unlabelled
            out["sls_given_layer_works"] = mode == "raid" and reliability < 1.0
            # the per-RV figures assume every RV gets its FIRST + SECOND shots: an inventory
            # that never runs out, not the engagement's above, which fires fewer where it is
            # short (10 interceptors for 10 RVs at 2,2: one each; review9 F1)
            out["sls_unlimited_inventory"] = True
            # decoys as the engagement counts them: each unrecognised decoy is an object the
            # layer engages like an RV (its FIRST shots, SECOND more if it survives), so with an
            # unlimited inventory an RV's kill is the same and its decoys draw the same expected
            # shots each: per RV, 1 + decoys (1 - discrimination) objects' worth
            unrecognised = decoys * (1.0 - discrimination)
            out["sls_unrecognised_decoys_per_rv"] = float(unrecognised)
            out["sls_expected_interceptors_per_rv_with_decoys"] = float(used) * (1.0 + unrecognised)
        if goal is not None:
            # no RV, nothing to intercept: zero shots meet any goal
            needed = d.shots_required(rvs, sspk, goal, reliability, mode) if rvs else 0
            out["shots_required_for_goal"] = int(needed)
            # what the count is: a salvo's (Wilkening eq. 5), whatever the engagement above
            out["shots_required_model"] = "salvo of independent shots"
    if json_out:
        print_json(out)
        return
    inv = (
        ""
        if inventory is None
        else f", {inventory:,} interceptors" + (f" ({implicit})" if implicit else "")
    )
    rv_text = "1 RV" if rvs == 1 else f"{rvs:,} RVs"
    typer.echo(f"{kind} engagement of {rv_text}{inv} (reliability {reliability}, per {mode})")
    nan = float("nan")
    logs = "p_no_leak_log10" in out
    # without logs, which events are possible at all (an engagement too large for its log pmf:
    # its support, decided exactly), so that a float 0 of a possible event reads as the bound
    can = {mm: res.possible_tails(mm) for mm in {1, *m}}
    lines = [
        (
            "P(no leaker)",
            _fixed_logs(
                out["p_no_leak"],
                True,
                out["p_no_leak_log10"] if logs else nan,
                tails[1][0] if logs else nan,
                possible=can[1][::-1],
            ),
        ),
        (
            "expected leakers",
            _fixed_logs(
                out["expected_leakers"],
                False,
                out["expected_leakers_log10"] if logs else nan,
                possible=(can[1][0], None),
            ),
        ),
    ]
    lines += [
        (
            f"P(>= {mm} leak)",
            _fixed_logs(
                p,
                True,
                out["p_at_least_log10"][mm] if logs else nan,
                out["p_fewer_than_log10"][mm] if logs else nan,
                possible=can[int(mm)],
            ),
        )
        for mm, p in out["p_at_least"].items()
    ]
    width = max(len(label) for label, _ in lines)
    for label, text in lines:  # one column of numbers, whatever the labels' widths
        typer.echo(f"  {label:<{width}}  {text}")
    if "sls_kill_probability" in out and sls_shots is not None:
        works = " if the layer works (per raid)" if out["sls_given_layer_works"] else ""
        # the inventory given on the command line may be short of every RV's shots: its own
        # interceptors per RV beside the unlimited-inventory figures
        # (with decoys, the implicit --rvs x (FIRST + SECOND) is short of the decoys' shots too)
        # decoys draw shots only when some go unrecognised (at --discrimination 1 every one is
        # recognised: '0 unrecognised per RV' and 'for 10 RVs and their decoys' said otherwise)
        unrecognised = out["sls_unrecognised_decoys_per_rv"] > 0
        given = (
            f"; the engagement above has {inventory:,} "
            f"interceptor{'' if inventory == 1 else 's'} for {rv_text}"
            + (" and their unrecognised decoys" if unrecognised else "")
            if (interceptors is not None or decoys) and inventory is not None
            else ""
        )
        with_decoys = (
            f" ({_fixed(out['sls_expected_interceptors_per_rv_with_decoys'], False)} with its "
            f"decoys: {_fixed(out['sls_unrecognised_decoys_per_rv'], False)} unrecognised per RV "
            "on average, each engaged as an RV is; the kill is the same)"
            if unrecognised
            else ""
        )
        typer.echo(
            f"  SLS per RV with unlimited interceptors ({sls_shots[0]}+{sls_shots[1]} shots "
            f"each): kill {_fixed_logs(out['sls_kill_probability'], True, *sls_logs[::-1])}, interceptors per RV "
            f"{_fixed(out['sls_expected_interceptors_per_rv'], False)}{with_decoys}{works}{given}"
        )
    if goal is not None:
        # the count is a salvo's (Wilkening eq. 5, with the reliability): say so under another
        # engagement, whose own shots (a look, an inventory, decoys) it does not model
        how = (
            ""
            if kind == "salvo"
            else " in a salvo of independent shots" + (", decoys not counted" if decoys else "")
        )
        typer.echo(
            f"  shots per RV for P0 >= {fmt_number(goal, 'percent')}{how}: "
            f"{out['shots_required_for_goal']}"
        )


def _refuse_unknown(asked: list[str], known: list[str], what: str, file: Path, flag: str) -> None:
    """Raise :class:`~anpo.errors.ScenarioError` naming the first of ``asked`` (the ``flag``'s
    values) that the scenario ``file`` does not have, with the ones it has."""
    from anpo.errors import ScenarioError

    unknown = [a for a in asked if a not in known]
    if unknown:
        raise ScenarioError(
            f"unknown {what} {unknown[0]!r} ({what}s: {', '.join(known) or 'none'})",
            file=file,
            field=flag,
        )


def _cases(file: Path, variant: list[str]) -> tuple[Scenario, list[Case]]:
    from anpo.scenario import load_scenario

    scen = load_scenario(file)
    cases = scen.cases()
    if variant:
        _refuse_unknown(variant, [c.variant.id for c in cases], "variant", file, "--variant")
        cases = [c for c in cases if c.variant.id in variant]
    return scen, cases


def _answers(
    cases: list[Case], bar: Bar, total: int, *, with_lua: bool = True, with_extended: bool = True
) -> list[DyadAnswer]:
    """Every dyad's answers of each case (:func:`anpo.deterrence.questions.answer_case` with
    ``with_lua`` and ``with_extended``); the progress ``bar`` is told which variant is being
    computed and advances by one of ``total`` steps per case."""
    from anpo.deterrence.questions import answer_case

    answers = []
    for i, case in enumerate(cases, start=1):
        bar.describe(f"variant {case.variant.id}")
        answers.extend(answer_case(case, with_lua=with_lua, with_extended=with_extended))
        bar(i, total)
    return answers


def _variant_names(scen: Scenario) -> dict[str, str]:
    """Each variant id of ``scen`` -> its name with the id beside it (:func:`named`), as the
    human-readable tables show it: the reader knows "NMD capability 3", ``--variant`` takes
    ``nmd-c3``."""
    from anpo.cli._common import named

    return {v.id: named(v.shown, v.id) for v in scen.variant_list()}


def _shown_variants(frame: Any, scen: Scenario) -> Any:
    """``frame`` with its ``variant`` ids replaced by :func:`_variant_names` (a display copy;
    the JSON output keeps the ids)."""
    names = _variant_names(scen)
    return frame.assign(variant=[names.get(str(v), str(v)) for v in frame["variant"]])


def _own_measures_note(own: Any, names: dict[str, str]) -> str:
    """The line under ``anpo stability``'s table saying which of its measures are each variant's
    own (:func:`anpo.deterrence.questions.own_stability`): those with launch under attack where
    a side of the dyad has launchers on that posture and the other side deliverable warheads
    (:func:`anpo.deterrence.questions.lua_sides`), grouped by the sides; empty where none has.

    >>> import pandas as pd
    >>> own = pd.DataFrame({"variant": ["mad", "low", "low"], "dyad": ["A-B", "A-B", "A-C"],
    ...     "postures": ["", "with launch under attack by B", "with launch under attack by B"]})
    >>> print(_own_measures_note(own, {"low": "Low"}))
      Each variant's own measures (its forces' postures) are those with launch under attack where a side has launchers on that posture and the other deliverable warheads: with launch under attack by B: Low (A-B, A-C)
    """
    groups: dict[str, dict[str, list[str]]] = {}
    for rec in own.to_dict("records"):
        if rec["postures"]:
            by = groups.setdefault(str(rec["postures"]), {})
            by.setdefault(names.get(str(rec["variant"]), str(rec["variant"])), []).append(
                str(rec["dyad"])
            )
    if not groups:
        return ""
    parts = [
        f"{words}: " + "; ".join(f"{v} ({', '.join(d)})" for v, d in by.items())
        for words, by in groups.items()
    ]
    return (
        "  Each variant's own measures (its forces' postures) are those with launch under "
        "attack where a side has launchers on that posture and the other deliverable warheads: "
        + "; ".join(parts)
    )


def stability(
    file: Path = typer.Argument(..., help=_FILE_HELP),  # noqa: B008
    variant: list[str] = typer.Option([], "--variant", help="only these variants"),  # noqa: B008
    reaction: bool = typer.Option(
        True, "--reaction/--no-reaction", help="also the reaction curves (slowest part)"
    ),
    json_out: bool = typer.Option(False, "--json", help="JSON output"),
) -> None:
    """First-strike stability and the seed's questions for each variant and dyad of a scenario.

    For each dyad: each side's expected cost of striking first and of being struck first, its
    first-strike incentive, the Kent-Thaler index where both sides can reach the other (else
    null with the reason), without and with launch under attack (a note names the sides whose
    forces are on that posture: the variant's own measures are then those with it), and P(at
    least m of the rival's warheads arrive) after the defender's first strike. JSON:
    {"stability": rows, "questions": rows, "reaction_curve": rows}; a stability row's
    own_convention says which measures are the variant's own ("lua": the _lua fields); a
    reaction_curve row whose goal no force up to max_launchers launchers meets has goal_met
    false and launchers_needed and warheads_needed null.

    "0%" and "100%" (JSON 0.0 and 1.0) are an impossible and a certain event only: where the
    engine's float of P(at least m) is 0 or 1 (it drops states below 1e-16, and floats
    underflow), the possible arrival counts decide it exactly, and a possible event is
    "< 0.1%" (JSON 5e-324, the smallest positive float: a sign, not a magnitude), one not
    certain "> 99.9%" (JSON 0.9999999999999999).
    """
    import pandas as pd

    from anpo._progress import progress_bar
    from anpo.cli._common import named, print_frame, print_json
    from anpo.deterrence.questions import (
        LEVEL_NOTE,
        REACTION_MAX_LAUNCHERS,
        own_stability,
        reaction_notes,
        reaction_table,
        reaction_undefined,
        seed_table,
        stability_table,
        unreached_strike_note,
    )
    from anpo.report.countries import with_article
    from anpo.report.format import fmt_number

    scen, cases = _cases(file, variant)
    # one step per case, then (with the curves) one per dyad answer: a case answers each dyad
    steps = len(cases) * (1 + len(scen.dyads) if reaction else 1)
    frames: list[pd.DataFrame] = []
    with progress_bar("stability", total=steps, enabled=False if json_out else None) as bar:
        answers = _answers(cases, bar, steps, with_extended=False)
        if answers and reaction:
            for i, a in enumerate(answers, start=1):
                bar.describe(f"reaction curve: {a.case.variant.id}, {a.label}")
                frames.append(reaction_table(a))
                bar(len(cases) + i, steps)
    if not answers and not json_out:
        typer.echo(f"{file}: no [[dyads]] defined: nothing to compute (add a [[dyads]] table)")
        return
    stab = stability_table(answers)
    table = seed_table(answers)
    frames = [f for f in frames if not f.empty]
    react = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if json_out:
        print_json({"stability": stab, "questions": table, "reaction_curve": _reaction_json(react)})
        return
    title = scen.scenario.title
    stab = _shown_variants(stab, scen)
    table = _shown_variants(table, scen)
    cols = [
        "variant",
        "dyad",
        "c1_defender",
        "c2_defender",
        "incentive_defender",
        "c1_rival",
        "c2_rival",
        "incentive_rival",
        "fss",
        "incentive_defender_lua",
        "incentive_rival_lua",
        "fss_lua",
    ]
    print_frame(
        stab[cols],
        title=f"{title}: first-strike stability (expected Kent-Thaler costs; the costs, "
        "incentives and index without launch under attack, then the incentives and index with it)",
        kinds=_resolved(stab[cols]),
        plain=True,
    )
    if note := _own_measures_note(own_stability(stab), _variant_names(scen)):
        typer.echo(note)
    for rec in stab.to_dict("records"):
        # a row with an index has no reason (None, or NaN once pandas mixed it with text)
        if isinstance(rec["fss_reason"], str) and rec["fss_reason"]:
            typer.echo(
                f"  {rec['variant']}, {rec['dyad']}: no index: {rec['fss_reason']} (a side "
                "without deliverable warheads cannot strike first: its C1, the other's C2 and "
                "both incentives are undefined, –)"
            )
    # readers get the territory's name, not its actor id
    table = table.drop(columns=["territory"]).rename(columns={"territory_name": "territory"})
    cols = [c for c in table.columns if c not in ("scenario", "year")]
    cols = [c for c in cols if not c.startswith("fss")]
    print_frame(
        table[cols],
        title=f"{title}: the rival's retaliation after a first strike",
        kinds=_resolved(table[cols]),
        plain=True,
        glossary={"role": "Role"},
    )
    names = _variant_names(scen)
    actors = {x.id: x.name for x in scen.actors}
    # how the first strike treated the forces that reach only the ally, once per dyad and text
    # with the variants it holds in: the ally's rows moved with an unrelated force (audit27)
    struck: dict[tuple[str, str], list[str]] = {}
    for a in answers:
        if (how := unreached_strike_note(a)) is not None:
            struck.setdefault((a.label, how), []).append(
                names.get(a.case.variant.id, a.case.variant.id)
            )
    every = list(dict.fromkeys(names.get(c.variant.id, c.variant.id) for c in cases))
    for (label, how), where in struck.items():
        which = "every variant" if len(every) > 1 and where == every else ", ".join(where)
        typer.echo(f"  {label} ({which}): {how}")
    for a in answers:
        # the stability table calls this first strike undefined; the rows above are the rival's
        # whole force, which the user is told rather than read 'surviving a first strike'
        if a.defender in a.stability.unarmed:
            typer.echo(
                f"  {names.get(a.case.variant.id, a.case.variant.id)}, {a.label}: "
                f"{with_article(actors.get(a.defender, a.defender))} has no deliverable "
                "warheads, so there is "
                f"no first strike on {actors.get(a.rival, a.rival)}: the survivors "
                f"are {actors.get(a.rival, a.rival)}'s whole force"
            )
    undefined = [
        f"  {names.get(a.case.variant.id, a.case.variant.id)}, {a.label}: reaction curve "
        f"undefined: {why}"
        for a in (answers if reaction else [])
        if (why := reaction_undefined(a)) is not None
    ]
    if not react.empty:
        piv = _shown_variants(_reaction_pivot_terminal(react), scen)
        forces = {f.id: named(f.name, f.id) for f in scen.forces}
        piv["growth_component"] = [forces.get(str(g), str(g)) for g in piv["growth_component"]]
        unmet = bool((react["launchers_needed"] < 0).any())
        settings = scen.settings
        caption = (
            f"Goal: P(at least {settings.reaction_m} "
            + ("warhead arrives" if settings.reaction_m == 1 else "warheads arrive")
            + f") >= {fmt_number(settings.reaction_q, 'percent')}"
            " after the defender's first strike. Columns: interceptors of the first layer "
            "covering the defender that can engage the growth component (in a variant without "
            "one, the file's first such layer). "
            + (f"{caveats}. " if (caveats := reaction_notes(react, names)) else "")
            + LEVEL_NOTE
        )
        if unmet:
            caption += f" –: no force up to {REACTION_MAX_LAUNCHERS:,} launchers meets the goal."
        print_frame(
            piv,
            title="Reaction curve: launchers of the rival's growth component needed (existing ones "
            "included) vs the defender's interceptors",
            caption=caption,
            plain=True,
        )
    for line in undefined:
        typer.echo(line)


def _reaction_json(react: Any) -> Any:
    """The reaction curve's rows for ``--json``: where no force up to the search limit meets
    the goal, ``launchers_needed`` and ``warheads_needed`` are null, not the library's -1 (a
    count a reader took for one; the terminal prints a dash, the web API null), with
    ``goal_met`` and the limit searched, ``max_launchers``."""
    from anpo.deterrence.questions import REACTION_MAX_LAUNCHERS
    from anpo.deterrence.reaction import needed_or_none

    if react.empty:
        return react
    out = react.astype({"launchers_needed": object, "warheads_needed": object})
    for col in ("launchers_needed", "warheads_needed"):
        out[col] = [needed_or_none(v) for v in react[col]]
    met = (react["launchers_needed"] >= 0).to_numpy()
    return out.assign(goal_met=met, max_launchers=REACTION_MAX_LAUNCHERS)


def _resolved(frame: Any, costs: bool = False) -> dict[str, Any]:
    """Print kinds for a deterrence table: every float column is a model output shown at the
    model's resolution, as in the report: probabilities and damage fractions ``"resolved"``
    (``< 0.001``, ``> 0.999``), Kent-Thaler costs and incentives ``"cost"`` (no ``> 0.999``
    bound: a cost runs to 1.3), by column name
    (:func:`anpo.deterrence.questions.display_kind`) or, with ``costs``, every float column (a
    table of cost bands); JSON keeps the computed values."""
    from anpo.deterrence.questions import display_kind

    return {
        str(c): "cost" if costs else display_kind(str(c))
        for c in frame.columns
        if frame[c].dtype.kind == "f"
    }


def _reaction_pivot_terminal(react: Any) -> Any:
    """The terminal's reaction table (``anpo stability``): the rows of
    :func:`anpo.deterrence.questions.reaction_table` for every dyad of one scenario file, one
    row per variant and dyad, one column per interceptor count, whole launcher counts (Int64).
    ``-1`` (no force up to the search limit meets the goal) becomes a missing value, printed as
    an en dash that the table's caption explains (a terminal column stays numeric).

    Not the report's table (:func:`anpo.deterrence.report._reaction_pivot_report`: one dyad over
    the book's years, rows by growth component, the words 'none up to 20,000' in the cell)."""
    import pandas as pd

    vals = react.assign(
        launchers_needed=react["launchers_needed"].where(react["launchers_needed"] >= 0)
    )
    # the force the rival grows and what it holds of it: '0 needed' reads as 'its other forces
    # already meet the goal' only beside the launchers it has
    index = ["variant", "dyad", "growth_component", "current_launchers"]
    # and the defender's strike level on it, the counterforce assumption of the counts
    index += [c for c in ("counterforce_level",) if c in react.columns]
    piv = vals.pivot(index=index, columns="interceptors", values="launchers_needed")
    # rows in the order the rows came (the file's variants), as the other tables: pivot sorts
    order = list(dict.fromkeys(vals[index].itertuples(index=False, name=None)))
    piv = piv.reindex(pd.MultiIndex.from_tuples(order, names=index)).reset_index()
    piv.columns = [str(c) for c in piv.columns]
    for col in piv.columns[len(index) :]:
        piv[col] = piv[col].astype("Int64")
    return pd.DataFrame(piv)


def extended(
    file: Path = typer.Argument(..., help=_FILE_HELP),  # noqa: B008
    variant: list[str] = typer.Option([], "--variant", help="only these variants"),  # noqa: B008
    json_out: bool = typer.Option(
        False,
        "--json",
        help="JSON output, for m = 1 and every m of the file's m_values (P(at least m warheads "
        "arrive)); the table shows the smallest of the file's m_values",
    ),
) -> None:
    """Extended deterrence: the patron's price of honouring its guarantee, with and without the
    variant's missile defenses, and the ally's exposure.

    The rival strikes the ally; the patron honours the guarantee by striking the rival's forces;
    the rival retaliates against the patron's homeland (Wilkening & Watman 1995; Powell 2003).
    The exposure and the price print "0%" and "100%" (JSON 0.0 and 1.0) for an impossible and
    a certain event only, decided exactly where the engine's float is 0 or 1 (a possible event
    is "< 0.1%", JSON 5e-324, as in `anpo stability`).
    """
    from anpo._progress import progress_bar
    from anpo.cli._common import print_frame, print_json
    from anpo.deterrence.questions import (
        EXTENDED_SUMMARY,
        extended_headers,
        extended_table,
        extended_title,
        undefined_rows,
    )
    from anpo.deterrence.report import response_plan_change
    from anpo.report.format import fmt_number

    scen, cases = _cases(file, variant)
    with progress_bar(
        "extended deterrence", total=len(cases), enabled=False if json_out else None
    ) as bar:
        answers = _answers(cases, bar, len(cases), with_lua=False)
    table = extended_table(answers, m=None)
    if not table.empty:
        # why the price moves with the defenses where the patron's response moves with them,
        # said as the report's finding says it (user audit29: a defense raised the price with no
        # reason given); "" where the two responses are the same
        plans = {(a.case.variant.id, a.label): response_plan_change(a) for a in answers}
        table["response_plan_change"] = [
            plans.get((str(v), str(d)), "")
            for v, d in zip(table["variant"], table["dyad"], strict=True)
        ]
    # an empty table says why, in JSON as in text (an empty row list read as a failed run)
    empty = "no [[dyads]] with an ally: nothing to compute (give a dyad an ally)"
    if json_out:
        print_json({"extended": table, **({"reason": empty} if table.empty else {})})
        return
    if table.empty:
        typer.echo(f"{file}: {empty}")
        return
    # one m in the table, the smallest of the file's m_values (1 by default): the title names it
    one = _shown_variants(table[table["m"] == min(scen.settings.m_values)], scen)
    cols = [
        "variant",
        "dyad",
        *EXTENDED_SUMMARY,
        "patron_price_reserve_intact",
        "patron_damage",
        "patron_damage_undefended",
    ]
    m = int(one["m"].iloc[0])
    # which probability each price and exposure is, and that the damage columns are expected
    # shares of value: the title named one P for every column (review9 F5)
    print_frame(
        one[cols],
        title=f"{scen.scenario.title}: extended deterrence ({extended_title(m)})",
        kinds=_resolved(one[cols]),
        plain=True,
        glossary=extended_headers(m),
    )
    # a row without an attack on the ally has no measures (undefined_rows), said with its reason
    void: list[bool] = undefined_rows(one).tolist() if len(one) else []
    # each dyad's note once, naming the variants it holds in ("every variant" when all): the
    # same two lines were printed for each of a book's variants
    said: dict[tuple[str, str], list[str]] = {}
    for rec, undefined in zip(one.to_dict("records"), void, strict=True):
        texts = [rec["notes"]] if rec["notes"] else []
        if rec["response_plan_change"] and fmt_number(
            rec["patron_price"], "resolved-percent"
        ) != fmt_number(rec["patron_price_undefended"], "resolved-percent"):
            # only where the two prices differ as printed (review29: both could read "> 99.9%")
            texts.append(
                f"{rec['response_plan_change']}: why the patron's price differs from its "
                "undefended price"
            )
        if undefined:
            texts.append(f"undefined (–): {rec['undefined_reason']}")
        for text in texts:
            said.setdefault((str(rec["dyad"]), text), []).append(str(rec["variant"]))
    every = list(dict.fromkeys(str(v) for v in one["variant"])) if len(one) else []
    for (dyad, text), where in said.items():
        which = "every variant" if len(every) > 1 and where == every else ", ".join(where)
        typer.echo(f"  {dyad} ({which}): {text}")


def _bands_provenance(file: Path) -> dict[str, Any]:
    """``anpo bands --json``'s ``anpo_version`` and ``inputs`` (the scenario file as given,
    ``book:NAME`` for the book's, and its SHA-256: :func:`anpo._io.provenance.json_provenance`);
    the JSON named the scenario only by the id in its rows (audit34 finding 5)."""
    from anpo._io.provenance import input_entry, json_provenance, scenario_file

    return json_provenance([input_entry("scenario", file, scenario_file(file))])


def bands(
    file: Path = typer.Argument(..., help=_FILE_HELP_BANDS),  # noqa: B008
    variant: list[str] = typer.Option([], "--variant", help="only these variants"),  # noqa: B008
    dyad: list[str] = typer.Option([], "--dyad", help="only these dyads (labels)"),  # noqa: B008
    draws: int | None = typer.Option(
        None,
        "--draws",
        help="Latin-hypercube draws, 2-20,000 (default: the file's uncertainty_draws)",
    ),
    # bands.DEFAULT_SEED, typed here so that the CLI starts without NumPy (tests check they agree)
    seed: int = typer.Option(20010710, "--seed", min=0, help="master seed (>= 0)"),
    reaction: bool = typer.Option(
        True, "--reaction/--no-reaction", help="also band the reaction curves (slowest part)"
    ),
    # questions.REACTION_MAX_LAUNCHERS and scenario.LIMITS, typed here so that the CLI starts
    # without NumPy (tests/test_cli_help_defaults.py checks they agree)
    max_launchers: int | None = typer.Option(
        None,
        "--max-launchers",
        help="reaction-curve search limit (default 20,000; 1-1,000,000, the most launchers a "
        "force component may hold): a draw needing more launchers "
        "counts as beyond it (right-censored), never dropped",
    ),
    # bands.MAX_BAND_WORK, typed here so that the CLI starts without NumPy (tests check they agree)
    max_work: int = typer.Option(
        50_000,
        "--max-work",
        min=1,
        help="refuse a run estimated to need more model evaluations than this, counted before "
        "any is made: (draws + 1) x variants x dyads x (1 + the interceptor grid's points with "
        "the reaction curves) (default 50,000; 100 draws of every variant of "
        "book:us-japan-2001 are about 33,000)",
    ),
    json_out: bool = typer.Option(
        False,
        "--json",
        help="JSON output: every measure, each row's convention (the exchange it is of) and "
        "what each convention means (conventions)",
    ),
) -> None:
    r"""Uncertainty bands: the file's \[\[uncertainties]] drawn together, every measure recomputed;
    point estimate, median and 5–95% band."""
    from anpo._progress import progress_bar
    from anpo.cli._common import check_work, print_frame, print_json
    from anpo.deterrence.bands import band_work, check_draws
    from anpo.deterrence.bands import bands as compute
    from anpo.errors import InputError, ScenarioError
    from anpo.scenario import load_scenario

    if draws is not None:
        # the flag's range, checked before the file is read (and whether or not it declares
        # uncertainties): the problem is the flag's, not the file's
        check_draws(draws, "--draws")
    scen = load_scenario(file)
    if not scen.uncertainties:
        # a valid file with nothing uncertain: nothing to band, as a file without dyads has
        # nothing to compute (not an error); an unknown --variant or --dyad still is one
        _cases(file, variant)
        _refuse_unknown(dyad, [dy.key for dy in scen.dyads], "dyad", file, "--dyad")
        empty = (
            "no [[uncertainties]] declared: no bands to compute (add distributions for the "
            "file's uncertain inputs; anpo stability gives the point estimates)"
        )
        if json_out:
            print_json(
                {
                    "bands": [],
                    "seed": seed,
                    "conventions": CONVENTIONS,
                    "reason": empty,
                    **_bands_provenance(file),
                }
            )
        else:
            typer.echo(f"{file}: {empty}")
        return
    n = draws if draws is not None else scen.settings.uncertainty_draws
    check_work(
        band_work(scen, n, variants=variant or None, dyads=dyad or None, reaction=reaction),
        f"{n:,} draws",
        limit=max_work,
        unit="model evaluations",
    )
    try:
        with progress_bar("uncertainty bands", enabled=False if json_out else None) as bar:
            table = compute(
                scen,
                draws=draws,
                seed=seed,
                variants=variant or None,
                dyads=dyad or None,
                reaction=reaction,
                max_launchers=max_launchers,
                progress=bar.describe,
                count=bar,
            )
    except InputError as exc:
        flag = {
            "variants": "--variant",
            "draws": "--draws",
            "dyads": "--dyad",
            "max_launchers": "--max-launchers",
        }.get(exc.field or "", exc.field)
        raise ScenarioError(exc.message, file=file, field=flag) from None
    # dup-ok: JSON, or a message when there is nothing to show: alike in shape to the extended
    # command's output, with its own message.
    if json_out:
        # the seed reproduces the draws; conventions: which exchange each row is of, in words
        # anpo's version and the scenario file's source and SHA-256: what the bands are of
        print_json(
            {"bands": table, "seed": seed, "conventions": CONVENTIONS, **_bands_provenance(file)}
        )
        return
    if table.empty:
        typer.echo(f"{file}: no [[dyads]] defined: nothing to compute (add a [[dyads]] table)")
        return
    no_curve = _reaction_undefined_lines(scen, table) if reaction else []
    names = {a.id: a.name for a in scen.actors}  # readers get names, not actor ids
    table = _shown_variants(table, scen).assign(where=[names.get(w, w) for w in table["where"]])
    arrive = table[(table["measure"] == "p_arrive") & (table["x"] == 1.0)]
    cols = ["variant", "dyad", "where", "point", "p05", "p50", "p95"]
    print_frame(
        arrive[cols],
        title=f"{scen.scenario.title}: P(at least 1 warhead arrives), "
        f"{int(table['draws'].iloc[0])} draws, seed {seed}",
        # probabilities in percent, as the report and the web give them
        kinds={c: "resolved-percent" for c in _resolved(arrive[cols])},
        plain=True,
        glossary={**_BAND_HEADERS, "where": "Territory"},
        # which exchange these are of: said under this table (it stood under the costs' table,
        # whose convention note it contradicted), as the report's PLAIN_NOTE is its arrivals'
        caption=PLAIN_CAPTION,
    )
    costs = table[table["measure"].isin(["cost_first", "cost_second"])]
    cols = ["variant", "dyad", "measure", "where", "convention", "point", "p05", "p50", "p95"]
    undefined = bool(costs["point"].isna().any())
    # a cost undefined in some draws (a side left without deliverable warheads by a draw) had
    # its percentiles taken over the other draws without a word: the share is shown
    from anpo.deterrence.bands_report import partly_defined_mask

    partial = bool(partly_defined_mask(costs).any())
    costs = costs.assign(measure=costs["measure"].map(_COST_NAMES))
    kinds = _resolved(costs[cols], costs=True)
    if partial:
        cols = [*cols, "defined"]
        kinds["defined"] = "percent"
    why = (
        "a side without deliverable warheads cannot strike first (its cost of striking first "
        "and the other side's of being struck first)"
    )
    caption = [f"–: undefined: {why}"] if undefined else []
    # the costs are each variant's own measure (anpo.deterrence.questions.own_convention)
    caption.append(
        "Convention: lua, the exchange with launch under attack (a side of the dyad has "
        "launchers on that posture, the other deliverable warheads: the variant's own measure, as anpo stability and the report "
        "quote it); plain, without it"
    )
    if partial:
        caption.append(
            f"Draws where defined: the share of draws in which the cost is defined (in the "
            f"others it is undefined: {why}); the percentiles are over those draws"
        )
    print_frame(
        costs[cols],
        title=f"{scen.scenario.title}: expected Kent-Thaler costs of a first strike, "
        f"{int(table['draws'].iloc[0])} draws, seed {seed}",
        kinds=kinds,
        plain=True,
        glossary={
            **_BAND_HEADERS,
            "where": "Side",
            "defined": "Draws where defined",
            "convention": "Convention",
        },
        caption="\n".join(caption) or None,
    )
    reac = table[table["measure"] == "launchers_needed"]
    if not reac.empty:
        _print_reaction_bands(reac)
    for line in no_curve:
        typer.echo(line)
    note = few_draws_note(int(table["draws"].iloc[0]))
    if note:
        typer.echo(note)


#: Which exchange ``anpo bands``' tables of P(at least 1 warhead arrives) and of the reaction
#: curves are of, said under each: the report's captions of both tables say it
#: (:data:`anpo.deterrence.bands_report.PLAIN_NOTE`).
PLAIN_CAPTION = (
    "Of the exchange without launch under attack (the rival's forces riding out the defender's "
    "first strike), as its point estimate, also where a force is on that posture"
)

#: ``anpo bands --json``'s ``conventions``: what each value of the rows' ``convention`` column
#: means, in the words of the tables' captions (:data:`PLAIN_CAPTION`, the costs' convention
#: note; the report's :data:`~anpo.deterrence.bands_report.PLAIN_NOTE` and ``LUA_NOTE``).
CONVENTIONS: dict[str, str] = {
    "plain": "the exchange without launch under attack (the rival's forces riding out the "
    "defender's first strike): the rows of P(at least m warheads arrive) and of the reaction "
    "curves, as their point estimates, also where a force is on that posture; the costs and "
    "incentives of a variant where no side of the dyad launches under attack (launchers on "
    "that posture reaching an opponent that has deliverable warheads)",
    "lua": "the exchange with launch under attack: the costs and incentives of a variant where "
    "a side of the dyad has launchers on that posture and its opponent deliverable warheads "
    "(the variant's own measure, as anpo "
    "stability and the report quote it)",
}


#: Fewest draws with at least one draw expected beyond the 5th and the 95th percentile
#: (1 / 0.05); below it :func:`few_draws_note` warns.
FEW_DRAWS = 20


def few_draws_note(n: int) -> str:
    """A note under the band tables when ``n`` draws are too few for a 5th or 95th percentile
    to lie between draws: below 20, fewer than one draw is expected beyond each, and the
    percentile is interpolated next to the smallest or largest draw (with 2 draws the point
    estimate fell outside its own band). Empty for 20 draws or more.

    >>> few_draws_note(20)
    ''
    >>> few_draws_note(2)[:60]
    'note: 2 draws: fewer than one draw is expected beyond the 5t'
    """
    if n >= FEW_DRAWS:
        return ""
    return (
        f"note: {n} draws: fewer than one draw is expected beyond the 5th and the 95th "
        "percentile, so both are interpolated next to the smallest and the largest draw; "
        f"{FEW_DRAWS} draws or more give percentiles with draws beyond them"
    )


def _reaction_undefined_lines(scen: Scenario, table: Any) -> list[str]:
    """One line per variant and dyad of the bands ``table`` (variant ids) that has no reaction
    curve, with the reason :func:`anpo.deterrence.questions.reaction_undefined` gives at the
    point estimate (the reasons are the file's structure, the same in every draw)."""
    from anpo.deterrence.questions import answer_case, reaction_undefined

    has = table["measure"] == "launchers_needed"
    done = set(zip(table.loc[has, "variant"], table.loc[has, "dyad"], strict=True))
    missing: dict[str, list[str]] = {}
    for v, d in zip(table["variant"], table["dyad"], strict=True):
        if (v, d) not in done and d not in missing.setdefault(str(v), []):
            missing[str(v)].append(str(d))
    names = _variant_names(scen)
    lines = []
    for case in scen.cases():
        wanted = missing.get(case.variant.id)
        if not wanted:
            continue
        for a in answer_case(case, with_lua=False, with_extended=False, dyads=wanted):
            why = reaction_undefined(a)
            if why is not None:
                lines.append(
                    f"  {names.get(case.variant.id, case.variant.id)}, {a.label}: reaction "
                    f"curve undefined: {why}"
                )
    return lines


#: The band tables' headers in words (the statistics, as the report's band tables name them).
_BAND_HEADERS: dict[str, str] = {
    "point": "Point estimate",
    "p05": "5th percentile",
    "p50": "Median",
    "p95": "95th percentile",
    "measure": "Measure",
    "rival": "Rival",
    "interceptors": "Interceptors",
}

#: The Kent-Thaler costs the band table lists, in words (the report's 'striking first').
_COST_NAMES: dict[str, str] = {
    "cost_first": "cost striking first (C1)",
    "cost_second": "cost struck first (C2)",
}


def _print_reaction_bands(reac: Any) -> None:
    """The banded reaction curves: launchers needed per interceptor count, a value beyond the
    search limit printed ``> LIMIT`` (right-censored draws are kept, never dropped)."""
    import math

    import numpy as np

    from anpo.cli._common import print_frame
    from anpo.deterrence.bands_report import beyond_text, with_limits
    from anpo.report.format import fmt_number

    stats = ["point", "p05", "p50", "p95"]
    shown = with_limits(reac, stats).rename(columns={"x": "interceptors", "where": "rival"})
    cols = ["variant", "dyad", "rival", "interceptors", *stats, "above_limit"]
    limit = int(reac["limit"].max())
    beyond = bool((reac["above_limit"] > 0).any() or reac["point_above_limit"].any())
    caption = (
        f"Draws above the search limit: share of the draws where no force up to {limit:,} "
        "launchers meets the goal; they count as needing more, so a percentile among them reads "
        f"'{beyond_text(limit)}'"
        if beyond
        else f"every draw meets the goal within the search limit of {limit:,} launchers"
    )
    # which exchange the curves are of, as under the arrivals' table and in the report's caption
    # of its reaction-curve bands (PLAIN_NOTE): the table said nothing of it
    caption = f"{PLAIN_CAPTION}.\n{caption[0].upper()}{caption[1:]}"
    # a percentile between two draws' whole launcher counts is interpolated (11.5 launchers is
    # no force): say so, with the first such value the table shows
    values = reac[["p05", "p50", "p95"]].to_numpy(dtype=float).ravel()
    between = [v for v in values if np.isfinite(v) and v != round(v)]
    if between:
        v = between[0]
        caption += (
            f"; a percentile falling between two draws is interpolated ({fmt_number(v)}: between "
            f"{math.floor(v):,} and {math.ceil(v):,} launchers)"
        )
    print_frame(
        shown[cols],
        plain=True,
        glossary={**_BAND_HEADERS, "above_limit": "Draws above the search limit"},
        title="Reaction curve bands: launchers of the rival's growth component needed (existing "
        "ones included) vs the defender's interceptors",
        kinds={"interceptors": "int", "above_limit": "percent"},
        caption=caption,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``anpo`` application."""
    app.command("defense")(defense)
    app.command("stability")(stability)
    app.command("extended")(extended)
    app.command("bands")(bands)


def _sls_logs10(sspk: float, shots: int, tracking: float) -> tuple[float, float]:
    """``(log10 survival, log10 kill)`` of an RV under shoot-look-shoot with ``shots`` (FIRST +
    SECOND) shots in all and per-RV ``tracking``: the kill ``rho (1 - (1-k)^(n1+n2))``
    [wilkening1999], in log space (:mod:`anpo.deterrence.logprob`, one RV's salvo with the
    reliability per RV): the kill's float is 1.0 when the survival is below about 1e-16, and
    0.0 when it is below the float range (SSPK 1e-400); both magnitudes are kept (``-inf``:
    certain kill, certain survival).

    >>> [round(x, 9) for x in _sls_logs10(0.9999, 100, 1.0)], _sls_logs10(1.0, 2, 1.0)
    ([-400.0, 0.0], (-inf, 0.0))
    """
    import math

    from anpo.deterrence import logprob

    one = logprob.LogLeakers(
        logprob.salvo_terms(1, logprob.log_salvo_kill(sspk, shots), tracking, "rv"), 1
    )
    leak, kill = one.log_tails(1)
    return leak / math.log(10.0), kill / math.log(10.0)


def _fixed_logs(
    x: float,
    prob: bool,
    log10_x: float,
    log10_rest: float = float("nan"),
    possible: tuple[bool | None, bool | None] = (None, None),
) -> str:
    """:func:`_fixed` of a number whose float may have lost it: ``log10_x`` is the base-10
    logarithm of ``x`` computed in log space, ``log10_rest`` that of ``1 - x`` for a
    probability (NaN: not known; ``-inf``: exactly 0). A float 0.0 whose logarithm is finite
    (``0.1**15000``) reads as the bound at the last decimal with the magnitude the log space
    kept (``"< 0.0001% (1e-15000, computed in log space)"``), never ``"0.0000%"``; a float 1.0
    whose complement is not 0 (``1 - 1e-15000``) reads ``"> 99.9999%"``, never
    ``"100.0000%"`` (nor a float sum's 1.0000000000000002). An event the log space makes
    impossible (``-inf``) or certain (its complement ``-inf``) prints as an exact 0 or 1 even
    when the float's sum is off by noise (``1 - 1e-16`` for a sure leak read ``"> 99.9999%"``).
    Without logarithms (NaN), ``possible`` says whether ``x`` and ``1 - x`` are positive
    (:meth:`anpo.deterrence.defense.EngagementResult.possible_tails`, decided exactly; None: not
    known): a possible event's float 0 reads as the bound without a magnitude. Every other
    value prints as :func:`_fixed` prints it.

    >>> _fixed_logs(0.0, True, -15000.0), _fixed_logs(1.0, True, 0.0, -15000.0)
    ('< 0.0001% (1e-15000, computed in log space)', '> 99.9999%')
    >>> _fixed_logs(0.0, False, -399.0), _fixed_logs(0.0, True, float("-inf"))
    ('< 0.000001 (1e-399, computed in log space)', '0.0000%')
    >>> _fixed_logs(0.52446, True, -0.28), _fixed_logs(1 - 1e-16, True, 0.0, float("-inf"))
    ('52.4460%', '100.0000%')
    >>> nan = float("nan")
    >>> _fixed_logs(0.0, True, nan, nan, (True, True)), _fixed_logs(0.0, True, nan, nan)
    ('< 0.0001%', '0.0000%')
    """
    import math

    from anpo.deterrence.logprob import log10_text, shown_value

    shown = shown_value(
        x, log10_x, log10_rest, prob=prob, possible=possible[0], rest_possible=possible[1]
    )
    if x <= 0.0 and shown == math.ulp(0.0) and math.isfinite(log10_x):
        # the bound, with the magnitude log space kept
        return f"{_fixed(shown, prob)} ({log10_text(log10_x)}, computed in log space)"
    return _fixed(shown, prob)


def _fixed(x: float, prob: bool) -> str:
    """``x`` as the defense command prints its numbers, to the precision of six decimals: a
    probability (``prob``) as a percentage with four decimals ("52.4460%"), the scale the report,
    the web pages and the futures' scorecard give probabilities of warheads arriving, an expected
    count with six ("2.080000"). The report's formatter writes both
    (:func:`anpo.report.format.fmt_number` with ``decimals``; kinds ``"resolved-percent"`` and
    ``"cost"``, an expected count's as in the deterrence tables,
    :func:`anpo.deterrence.questions.display_kind`), so a value whose digits would print an
    end it does not reach reads as the bound at the last decimal: 1 - 1.1e-8 is
    "> 99.9999%", not "100.0000%", its complement "< 0.0001%" (20 shots at SSPK 0.6 against one
    RV), an expected count of 1.1e-8 "< 0.000001".

    >>> [_fixed(x, True) for x in (0.52446, 1.1e-8, 1 - 1.1e-8, 1.0, 0.0)]
    ['52.4460%', '< 0.0001%', '> 99.9999%', '100.0000%', '0.0000%']
    >>> [_fixed(x, False) for x in (2.08, 1.1e-8, 0.0)]
    ['2.080000', '< 0.000001', '0.000000']
    """
    from anpo.report.format import fmt_number

    if prob:
        return fmt_number(x, "resolved-percent", decimals=4)
    return fmt_number(x, "cost", decimals=6)
