"""``anpo burden``: burden-sharing tests, membership, Japan's case and contribution equilibria."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from anpo.burden import YEARS
from anpo.burden.hypothesis import ALTERNATIVES, DEFAULT_ALTERNATIVE, describe_alternative
from anpo.cli._common import (
    caught_data_warnings,
    echo_data_warnings,
    one_of,
    print_json,
    stdout_console,
)
from anpo.errors import BurdenError
from anpo.report.format import (
    fmt_about,
    fmt_number,
    fmt_share,
    is_missing,
    upper_first,
    year_ranges,
)

burden_app = typer.Typer(
    name="burden",
    help="Burden sharing: exploitation tests (Olson & Zeckhauser), Japan's host-nation support, "
    "Nash contributions.",
    no_args_is_help=True,
)

AllianceOpt = Annotated[
    str, typer.Option("--alliance", "-a", help="nato or us_asia (alias: asia).")
]
SipriOpt = Annotated[
    Path | None,
    typer.Option("--sipri", help="SIPRI Military Expenditure Database workbook (.xlsx)."),
]
NmcOpt = Annotated[
    Path | None,
    typer.Option("--nmc", help="COW National Material Capabilities CSV (population for controls)."),
]
HomeOpt = Annotated[
    Path | None,
    typer.Option("--home", help="Data catalog directory (default: ANPO_HOME or the user dir)."),
]
NoCatalogOpt = Annotated[
    bool, typer.Option("--no-catalog", help="Do not look for data in the catalog.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only, to stdout.")]
YearOpt = Annotated[int, typer.Option("--year", "-y", min=1800, max=2100, help="Year (1800-2100).")]
RuleOpt = Annotated[
    str,
    typer.Option("--rule", help="Membership in a year: 'any' day in force, or at 'year_end'."),
]


def register(app: typer.Typer) -> None:
    """Add the ``burden`` command group to the main app."""
    app.add_typer(burden_app, name="burden")


def _check_home(home: Path | None, no_catalog: bool) -> None:
    """A --home given (and not overruled by --no-catalog) must hold a catalog: one that does
    not, or a folder that does not exist, is an error naming it, not a catalog without the
    data (nothing is created there)."""
    if home is not None and not no_catalog:
        from anpo.data.catalog import Catalog

        Catalog.open(home).require(field="--home")


def _load(
    sipri: Path | None,
    nmc: Path | None,
    home: Path | None,
    no_catalog: bool,
    need_population: bool,
    gdp: Path | None = None,
) -> tuple[Any, Any, Any]:
    from anpo.burden.panel import read_user_table
    from anpo.burden.sources import add_hint, load_nmc, load_sipri

    _check_home(home, no_catalog)
    s = load_sipri(sipri, home, use_catalog=not no_catalog)
    n = load_nmc(nmc, home, use_catalog=not no_catalog) if (need_population or nmc) else None
    g = read_user_table(gdp, "GDP table") if gdp is not None else None
    if s is None and not (n is not None and g is not None):
        raise BurdenError(
            "no military-expenditure data: pass --sipri PATH (the SIPRI workbook) or register it "
            f"with {add_hint('sipri')}"
        )
    if need_population and n is None:
        raise BurdenError(
            f"this control needs population: pass --nmc PATH or register NMC with {add_hint('nmc')}"
        )
    return s, n, g


@burden_app.command("test")
def test_cmd(
    alliance: AllianceOpt = "nato",
    year: Annotated[
        str, typer.Option("--year", "-y", help="Year (1995) or range (1990-1995).")
    ] = "1995",
    control: Annotated[
        list[str] | None,
        typer.Option(
            "--control",
            "-c",
            help="Variable held fixed (partial rank correlation): gdp_per_capita, population "
            "or any panel column. Repeatable.",
        ),
    ] = None,
    alternative: Annotated[
        str,
        typer.Option(
            "--alternative",
            help="two-sided (the default everywhere in anpo: rho != 0), greater (one-sided, "
            "the exploitation hypothesis rho > 0) or less.",
        ),
    ] = DEFAULT_ALTERNATIVE,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="t (default: Student t, as in the published tables), auto, exact or permutation.",
        ),
    ] = "t",
    seed: Annotated[
        int,
        typer.Option(
            "--seed",
            min=0,
            help=(
                "Seed of the permutation method (>= 0); year Y draws its own orderings, from "
                "NumPy's default_rng(\\[seed, Y])."
            ),
        ),
    ] = 0,
    statistic: Annotated[
        str,
        typer.Option(
            "--statistic",
            help="spearman (default: Spearman's rho, as in the published tables) or kendall "
            "(Kendall's tau-b, simple test only, exact p without ties).",
        ),
    ] = "spearman",
    sipri: SipriOpt = None,
    nmc: NmcOpt = None,
    # dup-ok: typer option declarations, alike only in shape to other commands' options.
    gdp: Annotated[
        Path | None,
        typer.Option("--gdp", help="CSV with ccode, year, gdp (current US$ million)."),
    ] = None,
    controls_csv: Annotated[
        Path | None,
        typer.Option(
            "--controls-csv",
            help="CSV with ccode (and year) plus control columns, e.g. exposed_borders.",
        ),
    ] = None,
    home: HomeOpt = None,
    no_catalog: NoCatalogOpt = False,
    rule: RuleOpt = "any",
    as_json: JsonOpt = False,
) -> None:
    """Exploitation test: rank correlation of GDP with military spending / GDP among members."""
    from anpo._io.years import parse_years
    from anpo._progress import progress_bar
    from anpo.burden.membership import alliance as get_alliance
    from anpo.burden.panel import (
        GDP_FROM_SIPRI,
        NAMED_CONTROLS,
        build_panel,
        exploitation_by_year,
        read_user_table,
    )
    from anpo.burden.stats import check_test_options

    controls = list(control or [])
    alt = one_of(alternative, ALTERNATIVES, "--alternative")
    test_method = one_of(method, ("auto", "exact", "t", "permutation"), "--method")
    member_rule = one_of(rule, ("any", "year_end"), "--rule")
    stat = one_of(statistic, ("spearman", "kendall"), "--statistic")
    try:
        check_test_options(test_method, stat, controls)
    except BurdenError as exc:
        if exc.field == "controls":  # the library's argument is the repeatable --control
            exc.field = "--control"
        raise
    al = get_alliance(alliance)
    years = parse_years(year, field="--year", lo=YEARS[0], hi=YEARS[1]) or []
    if min(years) < al.first_year:
        raise BurdenError(f"{al.name} starts in {al.first_year}; got {min(years)}", field="year")
    need_pop = any(c in NAMED_CONTROLS for c in controls)
    s, n, g = _load(sipri, nmc, home, no_catalog, need_pop, gdp)
    extra = read_user_table(controls_csv, "controls table") if controls_csv is not None else None
    # dup-ok: keyword arguments of a call, alike only in shape to other commands' calls.
    with echo_data_warnings():  # years after the membership list's as-of year, said once
        panel = build_panel(
            al.key,
            sipri=s,
            nmc=n,
            gdp=g,
            years=years,
            rule=member_rule,
            extra=extra,
        )
    with progress_bar(
        "exploitation tests", total=len(years), enabled=False if as_json else None
    ) as bar:
        res = exploitation_by_year(
            panel,
            years,
            controls,
            alternative=alt,
            method=test_method,
            seed=seed,
            statistic=stat,
            progress=bar,
        )
    coef = "tau" if stat == "kendall" else "rho"
    if not (res["status"] == "ok").any():
        by_status: dict[str, list[int]] = {}
        for year, status in zip(res["year"].tolist(), res["status"].tolist(), strict=True):
            by_status.setdefault(str(status), []).append(int(year))
        raise BurdenError(
            "no exploitation test could be computed: "
            + "; ".join(f"{year_ranges(ys)}: {st}" for st, ys in by_status.items()),
            # every year asked lacks data or has too few members with data: the years are what
            # is wrong (1949 has 2 NATO members with data)
            field="--year"
            if all(st.startswith(("no data", "skipped")) for st in by_status)
            else None,
        )
    sources = {k: v for k, v in (panel.attrs.get("sources") or {}).items() if v is not None}
    if as_json:
        rows = []
        for rec in res.to_dict(orient="records"):
            sub = panel[panel["year"] == rec["year"]]
            rec["members_used"] = [
                c
                for c, ok in zip(
                    sub["country"],
                    sub[["gdp_usd_m", "burden", *controls]].notna().all(axis=1),
                    strict=True,
                )
                if ok
            ]
            rec["excluded"] = [e for e in str(rec["excluded"]).split("; ") if e]
            rec["controls"] = controls
            rows.append(rec)
        print_json(
            {
                "alliance": al.key,
                "alliance_name": al.name,
                "model": "Olson & Zeckhauser (1966) exploitation test: "
                + ("Kendall's tau-b" if stat == "kendall" else "Spearman rank correlation")
                + " of GDP with military expenditure / GDP"
                + ("; partial rank correlation (Sandler & Murdoch 2000)" if controls else ""),
                "statistic": stat,
                "coefficient": "Kendall's tau-b (in 'rho')"
                if stat == "kendall"
                else "Spearman's rho",
                "gdp_definition": GDP_FROM_SIPRI if g is None else "user GDP table",
                "alternative": alternative,
                "alternative_description": describe_alternative(alternative, coef),
                "rule": rule,
                "results": rows,
                "sources": sources,
            }
        )
        return
    import pandas as pd
    from rich.table import Table

    console = stdout_console()
    title = f"Exploitation test ({'Kendall' if stat == 'kendall' else 'Spearman'}), {al.name}" + (
        f", holding {', '.join(controls)} fixed" if controls else ""
    )
    table = Table(title=title)
    for col in ("year", "members", "used", coef, "p-value", "df", "p by / status"):
        table.add_column(col, justify="left" if col == "p by / status" else "right")
    methods: set[str] = set()
    for rec in res.to_dict(orient="records"):
        if rec["status"] == "ok":
            methods.add(rec["method"])
            m = rec["method"]
            status = (
                "exact"
                if "exact" in m
                else (
                    "permutation"
                    if "Monte Carlo" in m
                    else ("normal approx." if "normal" in m else "t-approx.")
                )
            )
        else:
            status = rec["status"]
        df_txt = (
            "–" if rec["df"] is None or rec["df"] is pd.NA or stat == "kendall" else str(rec["df"])
        )
        table.add_row(
            str(rec["year"]),
            str(rec["members"]),
            str(rec["n"]),
            fmt_number(rec["rho"]),
            fmt_number(rec["p_value"], "prob"),
            df_txt,
            status,
        )
    console.print(table)
    for m in sorted(methods):
        console.print(f"p-value: {m}")
    console.print(
        # the description names the sidedness (--alternative) once: 'two-sided, alternative
        # rho != 0', not 'two-sided (two-sided, ...)'
        f"hypothesis: {describe_alternative(alternative, coef)}; "
        f"GDP: {GDP_FROM_SIPRI if g is None else 'user GDP'}"
    )
    for rec in res.to_dict(orient="records"):
        if rec["excluded"]:
            console.print(f"{rec['year']} excluded (no data, not zero): {rec['excluded']}")
    for k, v in sources.items():
        console.print(f"source {k}: {v.get('dataset', '')} {v.get('version', '')}")


@burden_app.command("members")
def members_cmd(
    alliance: AllianceOpt = "nato",
    year: YearOpt = 2001,
    rule: RuleOpt = "any",
    as_json: JsonOpt = False,
) -> None:
    """Members of an alliance in a year, with accession dates and sources."""
    from anpo.burden.membership import alliance as get_alliance
    from anpo.burden.membership import members

    al = get_alliance(alliance)
    # a year after the list's as-of year lists the members of the last recorded change: the
    # table cannot know later accessions or exits. members() says so (a DataWarning and
    # attrs["note"]), shown once here as the command's note
    with caught_data_warnings():
        frame = members(al.key, year, rule=one_of(rule, ("any", "year_end"), "--rule"))
    future = frame.attrs.get("note")
    if as_json:
        print_json(
            {
                "alliance": al.key,
                "year": year,
                "rule": rule,
                "members": frame.to_dict(orient="records"),
                "sources": list(al.sources),
                "note": future,
            }
        )
        return
    from rich.table import Table

    table = Table(title=f"{al.name}, {year} ({len(frame)} members)")
    for col in ("country", "ccode", "joined", "left", "source"):
        table.add_column(col)
    for rec in frame.to_dict(orient="records"):
        table.add_row(
            rec["country"],
            str(rec["ccode"]),
            rec["joined"].isoformat(),
            rec["left"].isoformat() if rec["left"] is not None else "",
            rec["source"],
        )
    console = stdout_console()
    console.print(table)
    # what the dates are (the treaties' signature years, e.g. U.S.-Japan 1951, are not them)
    console.print(
        "joined: the day the treaty or accession entered into force for the member (not its "
        "signature); left: the last day its obligation was in force (blank: still in force); "
        + (
            f"a member in {year}: in force on at least one day of it."
            if rule == "any"
            else f"a member in {year}: in force on 31 December {year}."
        )
    )
    if future:
        typer.echo(f"note: {future}", err=True)


@burden_app.command("shares")
def shares_cmd(
    alliance: AllianceOpt = "nato",
    year: YearOpt = 2001,
    sipri: SipriOpt = None,
    home: HomeOpt = None,
    no_catalog: NoCatalogOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Each ally's share of alliance military spending against its share of alliance GDP."""
    from anpo.burden.membership import alliance as get_alliance
    from anpo.burden.panel import build_panel, burden_shares

    # dup-ok: the JSON answer below is alike only in shape to members_cmd's (alliance, year,
    # then this command's own fields); each command states what it computed.
    al = get_alliance(alliance)
    s, _, _ = _load(sipri, None, home, no_catalog, False)
    with echo_data_warnings():  # a year after the membership list's as-of year, said once
        t = burden_shares(build_panel(al.key, sipri=s, years=[year]), year)
    excluded = t.attrs.get("excluded", [])
    # what the shares are shares of: the members with both figures, in current US$
    basis = (
        f"shares of the {len(t)} members with both figures "
        f"({len(t)} of {len(t) + len(excluded)} members in {year}); military expenditure and "
        "GDP in US$ at current prices and market exchange rates (SIPRI; GDP = current-US$ "
        "spending / share of GDP); ratio = share of the alliance's spending / share of the "
        "alliance's GDP, above 1 = more than its economic weight"
    )
    # dup-ok: the JSON answer, alike only in shape to the members command's (other fields).
    if as_json:
        print_json(
            {
                "alliance": al.key,
                "year": year,
                "basis": basis,
                "shares": t.to_dict(orient="records"),
                "excluded": excluded,
            }
        )
        return
    from rich.table import Table

    table = Table(
        title=f"{al.name}, {year}: each member's share of the alliance's spending and GDP"
    )
    for col in ("country", "share of alliance milex", "share of alliance GDP", "ratio"):
        table.add_column(col, justify="left" if col == "country" else "right")
    for rec in t.to_dict(orient="records"):
        table.add_row(
            rec["country"],
            fmt_share(rec["share_of_milex"], 3),
            fmt_share(rec["share_of_gdp"], 3),
            _ratio_text(rec["ratio"]),
        )
    console = stdout_console()
    console.print(table)
    console.print(upper_first(basis) + ".")
    if excluded:
        console.print(f"excluded (no data, not zero): {', '.join(excluded)}")


@burden_app.command("japan")
def japan_cmd(
    year: Annotated[
        int,
        typer.Option(
            "--year",
            "-y",
            min=1800,
            max=2100,
            help=(
                "Fiscal year to read (the seed's 2001; a year without a budget figure reads "
                "the nearest one and says so; 1800-2100)."
            ),
        ),
    ] = 2001,
    facts: Annotated[
        Path | None,
        typer.Option("--facts", help="A Japan facts TOML file in the package's layout."),
    ] = None,
    sipri: SipriOpt = None,
    home: HomeOpt = None,
    no_catalog: NoCatalogOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Japan's host-nation support by fiscal year, its benchmarks and the reading (with sources).

    Without SIPRI data the reading leaves out the exploitation test and the SIPRI comparisons
    and says so.
    """
    from anpo._progress import progress_bar
    from anpo.burden.japan import (
        BASIS_LABEL,
        dod_benchmarks,
        dod_cost_sharing,
        hns_figures,
        hns_measures,
        hns_periods,
        load_japan_facts,
    )
    from anpo.burden.panel import build_panel, exploitation_by_year, sipri_wide
    from anpo.burden.reading import as_dict, japan_reading
    from anpo.burden.sources import data_label, load_sipri

    _check_home(home, no_catalog)
    with progress_bar("reading the data", enabled=False if as_json else None) as bar:
        f = load_japan_facts(facts) if facts is not None else None
        s = load_sipri(sipri, home, use_catalog=not no_catalog)
        w = sipri_wide(s) if s is not None else None
        hns = hns_measures(f)
        per = hns_periods(f)
        dod = dod_benchmarks(f, w)
        asia = nato = None
        if s is not None:
            bar.describe("exploitation tests, U.S.-Asia alliances")
            asia = exploitation_by_year(
                build_panel("us_asia", sipri=s), alternative=DEFAULT_ALTERNATIVE
            )
            bar.describe("exploitation tests, NATO")
            nato = exploitation_by_year(
                build_panel("nato", sipri=s), alternative=DEFAULT_ALTERNATIVE
            )
        bar.describe("the reading")
        reading = japan_reading(
            hns, per, dod, asia=asia, nato=nato, data_label=data_label(s), seed_year=year
        )
    if as_json:
        print_json(
            {
                # the year asked and the one the reading reads (the nearest with a budget
                # figure where the year asked has none; the answer says so first)
                "year_asked": reading.year_asked,
                "year_used": reading.year_used,
                "definition": hns.attrs["definition"],
                "alternative": DEFAULT_ALTERNATIVE,
                "alternative_description": describe_alternative(DEFAULT_ALTERNATIVE),
                "deflator": hns.attrs["deflator"],
                "fx": hns.attrs["fx"],
                "hns_by_fiscal_year": hns,
                "hns_figures": hns_figures(f),
                "hns_periods": per,
                "dod_cost_sharing": dod_cost_sharing(f),
                "dod_benchmarks": dod,
                "reading": as_dict(reading),
                "sipri": s.attrs.get("source") if s is not None else None,
            }
        )
        return
    from rich.table import Table

    console = stdout_console()
    t1 = Table(title="Japan's host-nation support, its own definition (billion yen, fiscal years)")
    for col in ("FY", "budget", "basis", "spent", "US$ bn", "of GDP", "of defense", "source"):
        t1.add_column(col, justify="left" if col in ("basis", "source") else "right")
    shown = hns[hns["hns_bn_yen"].notna() | hns["settled_bn_yen"].notna()]
    for rec in shown.to_dict(orient="records"):
        t1.add_row(
            str(rec["fy"]),
            # to the 0.1 bn yen the sources print (FY1999 275.6, not '276')
            fmt_about(rec["hns_bn_yen"], rec["approximate"], "tenths"),
            BASIS_LABEL.get(rec["basis"], "") if rec["basis"] else "–",
            fmt_number(rec["settled_bn_yen"], "tenths"),
            fmt_number(rec["hns_usd_bn"]),
            fmt_share(rec["share_of_gdp"]) if math.isfinite(rec["share_of_gdp"]) else "–",
            fmt_share(rec["share_of_defense"]) if math.isfinite(rec["share_of_defense"]) else "–",
            _figure_sources(rec),
        )
    for rec in per.to_dict(orient="records"):
        t1.add_row(
            f"{rec['fy_first']}-{rec['fy_last']}",
            f"{rec['total_bn_yen']:,.1f} total",
            "Special Measures Agreement",
            "–",
            "–",
            "–",
            "–",
            _clip(rec["source"], _SOURCE_WIDTH),
        )
    console.print(t1)
    console.print(
        "budget: billion yen of the year, on the basis named; spent: settled accounts; US$ bn, "
        "of GDP and of defense: the budget figure's ('–' in a year with a settled figure "
        "only); US$ bn at the fiscal-year (April-March) mean JPY/USD rate; of GDP: of the "
        "government's "
        "original nominal GDP estimate for the fiscal year; of defense: of the original "
        "defense-related budget, which already contains the support. source: of the budget "
        "figure, and after 'spent:' of the settled one."
    )
    if any(
        len(str(rec.get(col, ""))) > _SOURCE_WIDTH
        for frame in (shown, per)
        for rec in frame.to_dict(orient="records")
        for col in ("source", "settled_source")
    ):
        console.print(
            f"source: its first {_SOURCE_WIDTH} characters where longer (cut at '…'); `--json` "
            "gives every source in full."
        )
    missing = int(hns["hns_bn_yen"].isna().sum())
    console.print(
        f"{missing} of {len(hns)} fiscal years FY{int(hns['fy'].min())}-FY{int(hns['fy'].max())} "
        "have no public budget figure in anpo's sources and are left missing (`--json` lists "
        "every year with the reason)."
    )
    t2 = Table(title="U.S. cost-sharing figures (US$ bn; base: U.S. costs excluding military pay)")
    for col in (
        "country",
        "year",
        "support",
        "of which direct",
        "per service member (k$)",
        "offset",
        "of GDP",
    ):
        t2.add_column(col, justify="left" if col == "country" else "right")
    for rec in dod.to_dict(orient="records"):
        t2.add_row(
            rec["country"],
            str(rec["year"]),
            fmt_about(rec["support_usd_bn"], rec["approximate"]),
            fmt_number(rec["direct_usd_bn"]),
            fmt_about(rec["per_personnel_usd_k"], rec["approximate"]),
            _offset_text(rec["offset_share"], bool(rec["approximate"])),
            fmt_share(rec["share_of_gdp"]) if math.isfinite(rec["share_of_gdp"]) else "–",
        )
    console.print(t2)
    # the years whose rows give the direct support only, from the data
    direct_only = sorted(
        {
            int(rec["year"])
            for rec in dod.to_dict(orient="records")
            if not math.isfinite(rec["support_usd_bn"]) and math.isfinite(rec["direct_usd_bn"])
        }
    )
    only = (
        f"; the {', '.join(map(str, direct_only))} figures are direct support only"
        if direct_only
        else ""
    )
    console.print(
        "Support (direct: cash and in kind, without waived taxes and rents) and per service "
        "member: current US$ of the year, as the report printed them ('about': derived or "
        f"approximate{only}); offset: share of U.S. stationing costs excluding U.S. military "
        "pay that the host's support covers; of GDP: support / SIPRI-implied GDP (current US$) "
        "of the same year."
    )
    console.print(f"Answer: {reading.answer}")
    for sent in reading.show:
        console.print(f"- {sent}")
    console.print("What the data do not show:")
    for sent in reading.not_show:
        console.print(f"- {sent}")
    console.print(f"Caveat: {reading.caveat}")
    console.print(f"Deflator: {hns.attrs['deflator']}. Exchange rate: {hns.attrs['fx']}.")
    if s is None:
        console.print(
            "The exploitation test and the SIPRI comparisons need SIPRI data: --sipri PATH or "
            "`anpo data add`."
        )


#: How much of a figure's source the host-nation support table shows (the rest: ``--json``).
_SOURCE_WIDTH = 60


def _figure_sources(rec: Mapping[Hashable, Any]) -> str:
    """The source cell of a fiscal year in the host-nation support table: the budget figure's
    source, and on a line of its own the settled figure's (FY1996 has only a settled figure)."""
    lines = []
    if rec["source"]:
        lines.append(
            ("budget: " if rec["settled_source"] else "") + _clip(rec["source"], _SOURCE_WIDTH)
        )
    if rec["settled_source"]:
        lines.append("spent: " + _clip(rec["settled_source"], _SOURCE_WIDTH))
    return "\n".join(lines) or "–"


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending in '…' when it was cut.

    >>> _clip("Defense of Japan 2016", 10), _clip("short", 10)
    ('Defense o…', 'short')
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def _offset_text(share: float, approximate: bool) -> str:
    """An offset share at the precision the source printed it (0.745 -> '74.5%', 0.76 ->
    '76%', not '76.0%'), 'about' when the figure is approximate."""
    if not math.isfinite(share):
        return "–"
    digits = max(1, len(f"{round(share * 100, 6):g}".replace(".", "").lstrip("0")))
    return ("about " if approximate else "") + fmt_share(share, digits)


@burden_app.command("nash")
def nash_cmd(
    income: Annotated[str, typer.Option("--income", help="Comma-separated incomes (e.g. GDPs).")],
    a: Annotated[float, typer.Option("--a", help="Weight of alliance-wide defense.")] = 0.2,
    b: Annotated[
        float, typer.Option("--b", help="Weight of the private defense benefit (joint product).")
    ] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Nash equilibrium of voluntary contributions (Cobb-Douglas; numerical and closed form).

    The closed form is Bergstrom, Blume & Varian's (1986) for a pure public good (--b 0) and
    Cornes & Sandler's (1984) for the joint product with equal incomes; the joint product with
    unequal incomes has none: --json gives closed_form_total null and closed_form_reason says
    why.
    """
    import numpy as np

    from anpo.burden.equilibrium import (
        check_income_span,
        cobb_douglas,
        nash_contributions,
        nash_joint_product_symmetric_closed_form,
        nash_public_good_closed_form,
    )

    # one pass over the entries, the first at fault named; a blank --income is no entry at all
    # (refused below as no income)
    items = income.split(",") if income.strip() else []
    values = []
    for at, item in enumerate(items, 1):
        if not item.strip():
            # an empty entry is an ally without an income, not one ally fewer ("1,,2" was
            # solved for 2)
            raise BurdenError(
                f"entry {at} of {len(items)} is empty; give one income per ally; "
                f"got {income[:60]!r}",
                field="--income",
            )
        try:
            values.append(float(item))
        except ValueError:
            raise BurdenError(
                f"must be numbers separated by commas; got {income!r}", field="--income"
            ) from None
    inc = np.array(values)
    if not 1 <= inc.size <= 1000 or not np.all(np.isfinite(inc)) or np.any(inc <= 0):
        raise BurdenError(
            f"must be 1 to 1,000 positive, finite numbers separated by commas; got {income[:60]!r}",
            field="--income",
        )
    if b < 0 or a <= 0 or a + b >= 1:
        # the flag at fault: --b when b alone is out of range, --a when a alone is, both when
        # only their sum is (--b 2 was reported as --a)
        at_fault = "--b" if not 0 <= b < 1 else "--a" if not 0 < a < 1 else "--a/--b"
        raise BurdenError(
            f"need a > 0, b >= 0 and a + b < 1; got a = {a:g}, b = {b:g}", field=at_fault
        )
    joint = b > 0
    check_income_span(inc)
    # Cobb-Douglas contributions are homogeneous of degree 1 in the incomes: solving with
    # incomes relative to the largest and scaling back keeps the solver away from overflow
    # (1e308) and from its tolerances' floor (tiny incomes)
    scale = float(inc.max())
    num = nash_contributions(inc / scale, cobb_douglas(a, b), joint_product=joint)
    # the closed forms: [bergstrom1986] for a pure public good, [cornes1984] for the joint
    # product with identical allies only; with unequal incomes the joint product has none, and
    # the JSON's null says why (it was a bare null, the table silent)
    closed = None
    closed_reason = None
    if not joint:
        closed = nash_public_good_closed_form(inc / scale, a)
    elif np.all(inc == inc[0]):
        closed = nash_joint_product_symmetric_closed_form(inc.size, 1.0, a, b)
    else:
        closed_reason = (
            "no closed form: the joint-product model has one for identical allies only "
            "(equal incomes); the total is the numerical equilibrium"
        )
    out = {
        "model": num.model,
        "utility": f"{1 - a - b:g} ln y + {a:g} ln Q" + (f" + {b:g} ln x" if joint else ""),
        "income": inc.tolist(),
        "contributions": (num.contributions * scale).tolist(),
        "burden": num.burden.tolist(),
        "total": num.total * scale,
        "method": num.method,
        "closed_form_total": closed.total * scale if closed is not None else None,
        "closed_form_reason": closed_reason,
    }
    if as_json:
        print_json(out)
        return
    from rich.table import Table

    table = Table(title=f"Nash equilibrium, {num.model} ({out['utility']})")
    for col in ("ally", "income", "contribution", "share of income"):
        table.add_column(col, justify="right")
    for i, (inc_i, q, bd) in enumerate(zip(inc, out["contributions"], num.burden, strict=True)):
        table.add_row(str(i + 1), fmt_number(inc_i), fmt_number(q), fmt_number(bd, "percent"))
    console = stdout_console()
    console.print(table)
    console.print(
        f"total defense: {out['total']:.6g}"
        + (
            f" (closed form {out['closed_form_total']:.6g})"
            if closed is not None
            else f" ({closed_reason})"
        )
    )


def _ratio_text(ratio: float) -> str:
    """A spending/GDP share ratio as :func:`fmt_number` gives it, with more decimals where that
    would read exactly 1 for a ratio that is not: the caption reads "above 1 = more than its
    economic weight", and the United States' 1.0045 of 1949 read "1" (now "1.004")."""
    text = fmt_number(ratio)
    if is_missing(ratio) or ratio == 1.0 or text != "1":
        return text
    for d in range(2, 7):
        shown = f"{ratio:.{d}f}"
        if float(shown) != 1.0:
            return shown
    return "> 1.000000" if ratio > 1.0 else "< 1.000000"
