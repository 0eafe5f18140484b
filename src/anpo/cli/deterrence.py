"""``anpo defense`` (interception calculator) and ``anpo stability FILE``."""

from __future__ import annotations

from pathlib import Path

import typer


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


def defense(
    rvs: int = typer.Option(..., "--rvs", help="attacking re-entry vehicles N"),
    sspk: float = typer.Option(..., "--sspk", help="single-shot kill probability k"),
    shots: int = typer.Option(1, "--shots", help="interceptors per RV (salvo)"),
    interceptors: int | None = typer.Option(
        None,
        "--interceptors",
        help="finite inventory spread evenly over the RVs (overrides --shots)",
    ),
    reliability: float = typer.Option(1.0, "--reliability", help="reliability of common elements"),
    mode: str = typer.Option("raid", "--mode", help="reliability convention: raid or rv"),
    decoys: int = typer.Option(0, "--decoys", help="decoys per RV (with --interceptors)"),
    discrimination: float = typer.Option(1.0, "--discrimination", help="P(decoy recognised)"),
    sls: str | None = typer.Option(None, "--sls", help="shoot-look-shoot FIRST,SECOND shots"),
    goal: float | None = typer.Option(
        None, "--goal", help="also give shots per RV needed for P0 >= GOAL"
    ),
    m: list[int] = typer.Option([1, 5, 10], "-m", help="report P(at least m leak)"),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output"),
) -> None:
    """Interception arithmetic (Wilkening 1999): P(no leaker), expected leakers, P(>= m leak)."""
    from anpo.cli._common import print_json
    from anpo.deterrence import defense as d

    sls_shots = _parse_sls(sls)
    if sls_shots is not None:
        layer = d.Layer(
            interceptors=interceptors if interceptors is not None else rvs * sum(sls_shots),
            sspk=sspk,
            shots=sls_shots[0],
            doctrine="shoot-look-shoot",
            second_shots=sls_shots[1],
            reliability=reliability,
            reliability_mode=mode,
            discrimination=discrimination,
        )
        res = d.layered_engagement(rvs, [layer], decoys_per_rv=decoys)
        kind = "shoot-look-shoot"
    elif decoys:
        if interceptors is None:
            interceptors = rvs * shots
        res = d.decoy_engagement(rvs, decoys, discrimination, interceptors, sspk, reliability, mode)
        kind = "inventory with decoys"
    elif interceptors is not None:
        res = d.inventory_engagement(rvs, interceptors, sspk, reliability, mode)
        kind = "finite inventory"
    else:
        res = d.engagement(rvs, sspk, shots, reliability, mode)
        kind = "salvo"
    out = {
        "engagement": kind,
        "rvs": rvs,
        "reliability_mode": mode,
        "p_no_leak": float(res.p_no_leak),
        "expected_leakers": float(res.expected_leakers),
        "p_at_least": {str(mm): float(res.p_at_least(mm)) for mm in m},
        "leaker_pmf": [float(x) for x in res.leaker_pmf],
    }
    if sls_shots is not None:
        kill, used = d.shoot_look_shoot(sspk, *sls_shots)
        out["sls_kill_probability"] = float(kill)
        out["sls_expected_interceptors_per_rv"] = float(used)
    if goal is not None:
        out["shots_required_for_goal"] = int(d.shots_required(rvs, sspk, goal))
    if json_out:
        print_json(out)
        return
    typer.echo(f"{kind} engagement of {rvs} RVs (reliability {reliability}, per {mode})")
    typer.echo(f"  P(no leaker)       {out['p_no_leak']:.6f}")
    typer.echo(f"  expected leakers   {out['expected_leakers']:.6f}")
    for mm, p in out["p_at_least"].items():
        typer.echo(f"  P(>= {mm} leak)      {p:.6f}")
    if "sls_kill_probability" in out:
        typer.echo(
            f"  SLS per-RV kill {out['sls_kill_probability']:.6f}, "
            f"interceptors per RV {out['sls_expected_interceptors_per_rv']:.6f}"
        )
    if goal is not None:
        typer.echo(f"  shots per RV for P0 >= {goal}: {out['shots_required_for_goal']}")


def stability(
    file: Path = typer.Argument(..., help="scenario TOML file"),  # noqa: B008
    variant: list[str] = typer.Option([], "--variant", help="only these variants"),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output"),
) -> None:
    """The seed's questions for each variant and dyad of a scenario file."""
    import pandas as pd

    from anpo.cli._common import print_frame, print_json
    from anpo.deterrence.questions import answer_case, decoupling_table, reaction_table, seed_table
    from anpo.errors import ScenarioError
    from anpo.scenario import load_scenario

    scen = load_scenario(file)
    cases = scen.cases()
    if variant:
        known = [c.variant.id for c in cases]
        unknown = [v for v in variant if v not in known]
        if unknown:
            raise ScenarioError(
                f"unknown variant {unknown[0]!r} (variants: {', '.join(known)})",
                file=file,
                field="--variant",
            )
        cases = [c for c in cases if c.variant.id in variant]
    answers = [a for c in cases for a in answer_case(c)]
    if not answers and not json_out:
        typer.echo(f"{file}: no [[dyads]] defined: nothing to compute (add a [[dyads]] table)")
        return
    table = seed_table(answers)
    reaction = (
        pd.concat([reaction_table(a) for a in answers], ignore_index=True)
        if answers
        else pd.DataFrame()
    )
    decoupling = decoupling_table(answers)
    if json_out:
        print_json({"questions": table, "reaction_curve": reaction, "decoupling": decoupling})
        return
    cols = [c for c in table.columns if c not in ("scenario", "year")]
    print_frame(table[cols], title=f"{scen.scenario.title}: the seed's questions")
    if not reaction.empty:
        piv = reaction.pivot_table(
            index=["variant", "dyad"], columns="interceptors", values="launchers_needed"
        ).reset_index()
        piv.columns = [str(c) for c in piv.columns]
        print_frame(piv, title="Reaction curve: rival launchers needed vs defender interceptors")
    if not decoupling.empty:
        print_frame(
            decoupling.drop(columns=["scenario"]), title="Decoupling: P(at least 1 arrives)"
        )


def bands(
    file: Path = typer.Argument(..., help="scenario TOML file with [[uncertainties]]"),  # noqa: B008
    variant: list[str] = typer.Option([], "--variant", help="only these variants"),  # noqa: B008
    dyad: list[str] = typer.Option([], "--dyad", help="only these dyads (labels)"),  # noqa: B008
    draws: int | None = typer.Option(
        None, "--draws", help="Latin-hypercube draws (default: the file's uncertainty_draws)"
    ),
    seed: int = typer.Option(20010710, "--seed", help="master seed"),
    reaction: bool = typer.Option(
        True, "--reaction/--no-reaction", help="also band the reaction curves (slowest part)"
    ),
    json_out: bool = typer.Option(False, "--json", help="JSON output: every measure"),
) -> None:
    """Uncertainty bands: the file's [[uncertainties]] drawn together, every measure recomputed;
    point estimate, median and 5-95% band."""
    from anpo.cli._common import print_frame, print_json
    from anpo.deterrence.bands import bands as compute
    from anpo.errors import InputError, ScenarioError
    from anpo.scenario import load_scenario

    scen = load_scenario(file)
    if draws is not None and draws < 2:
        raise ScenarioError("must be at least 2", file=file, field="--draws")
    try:
        table = compute(
            scen,
            draws=draws,
            seed=seed,
            variants=variant or None,
            dyads=dyad or None,
            reaction=reaction,
        )
    except InputError as exc:
        flag = {"variants": "--variant", "draws": "--draws"}.get(exc.field or "", exc.field)
        raise ScenarioError(exc.message, file=file, field=flag) from None
    if json_out:
        print_json({"bands": table})
        return
    if table.empty:
        typer.echo(f"{file}: no [[dyads]] defined: nothing to compute (add a [[dyads]] table)")
        return
    arrive = table[(table["measure"] == "p_arrive") & (table["x"] == 1.0)]
    cols = ["variant", "dyad", "where", "point", "p05", "p50", "p95"]
    print_frame(
        arrive[cols],
        title=f"{scen.scenario.title}: P(at least 1 warhead arrives), "
        f"{int(table['draws'].iloc[0])} draws",
    )
    costs = table[table["measure"].isin(["cost_first", "cost_second"])]
    print_frame(costs[["variant", "dyad", "measure", "where", "point", "p05", "p50", "p95"]])


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``anpo`` application."""
    app.command("defense")(defense)
    app.command("stability")(stability)
    app.command("bands")(bands)
