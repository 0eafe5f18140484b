"""``anpo dyads`` (dyad-years with joins) and ``anpo roles`` (allies, rivals, rogue states)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

HOME_HELP = "Catalog directory (default: ANPO_HOME, else the user data directory)."


def _check_out(out: Path, force: bool) -> str:
    """The --out format (parquet or csv) after checking the file can be written."""
    from anpo.cli._common import check_output_file
    from anpo.errors import InputError

    suffixes = "".join(out.suffixes).lower()
    if not suffixes.endswith((".parquet", ".pq", ".csv", ".csv.gz")):
        raise InputError("must end in .parquet, .csv or .csv.gz", field="--out")
    check_output_file(out, force=force)
    return "parquet" if suffixes.endswith((".parquet", ".pq")) else "csv"


def _write_frame(
    frame: pd.DataFrame, out: Path, force: bool, provenance: dict[str, Any] | None = None
) -> None:
    """Write Parquet or CSV (by suffix) via a temporary file; never overwrite without force.
    The file gets the permissions of the user's umask.

    ``provenance`` (JSON-able) goes into the Parquet file's schema metadata under the key
    ``anpo`` (read it back with ``pyarrow.parquet.read_schema(path).metadata[b"anpo"]``)."""
    import json

    from anpo.cli._common import write_file_atomic

    kind = _check_out(out, force)
    suffixes = "".join(out.suffixes).lower()

    def write(tmp: Path) -> None:
        if kind == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            if provenance is not None:
                meta = dict(table.schema.metadata or {})
                meta[b"anpo"] = json.dumps(provenance, sort_keys=True).encode("utf-8")
                table = table.replace_schema_metadata(meta)
            pq.write_table(table, tmp)
        else:
            frame.to_csv(tmp, index=False, compression="gzip" if suffixes.endswith(".gz") else None)

    write_file_atomic(out, write, force=force)


def _source_of(data: pd.DataFrame) -> dict[str, str]:
    src = data.attrs.get("source") or {}
    return {k: str(src.get(k, "")) for k in ("dataset", "version", "sha256")}


def _provenance(
    command: str, sources: dict[str, Any], options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What an output file was computed from: anpo's version, the command, the options that
    change its values (``options``, when given: ``anpo similarity``'s scope, scale and ranking,
    ``anpo dyads``' years, joins, state system and direction) and,
    per dataset kind, the dataset's name, version and SHA-256."""
    from anpo import __version__

    out: dict[str, Any] = {"anpo_version": __version__, "command": command}
    if options:
        out["options"] = options
    out["sources"] = sources
    return out


def dyads(
    years: str = typer.Option(
        ..., "--years", help="Years: 2001, 1990-2001 or 1816,1914 (mixes allowed)."
    ),
    add: str = typer.Option(
        "",
        "--add",
        help="Joins, comma-separated: capabilities, alliances, cow_alliances, "
        "rivalries, disputes, contiguity, ideal_points, democracy, majors.",
    ),
    out: Path | None = typer.Option(  # noqa: B008
        None, "--out", help="Write to FILE (.parquet, .csv, .csv.gz)."
    ),
    system: str = typer.Option(
        "cow",
        "--system",
        help="State system: cow or gw (the Gleditsch-Ward list in the catalog; its microstates "
        "are dyads only if that file lists them: peacesciencer's gw_states does not, while its "
        "create_dyadyears(system='gw') includes them; the output says so).",
    ),
    undirected: bool = typer.Option(False, "--undirected", help="One row per pair."),
    force: bool = typer.Option(
        False, "--force", help="Overwrite --out if it exists (never a read-only file)."
    ),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON summary on stdout."),
) -> None:
    """Dyad-years (false dyads removed) with dataset variables joined from the catalog;
    outside a dataset's years its variables are missing, not 0."""
    from anpo._io.years import parse_years
    from anpo._progress import progress_bar
    from anpo.cli._common import echo_data_warnings, print_frame, print_json
    from anpo.data.catalog import Catalog, held_reads
    from anpo.relations.build import build_dyad_years, read_datasets

    year_list = parse_years(years, field="--years")
    joins = [a.strip() for a in add.split(",") if a.strip()]
    if out is not None:  # before any work
        _check_out(out, force)
    cat = Catalog.open(home)
    with echo_data_warnings():
        # the catalog is held only for the reads (one connection, the state names with them);
        # the build and --out come after, so a writer waits for the reads only
        with held_reads(cat):
            frames = read_datasets(cat.read_or_none, joins, system)
        with progress_bar("building dyad-years", enabled=False if json_out else None) as bar:
            frame = build_dyad_years(
                frames.get,
                years=year_list,
                add=joins,
                system=system,
                directed=not undirected,
                progress=bar.describe,
            )
            if out is not None:
                bar.describe(f"writing {out}")
                sources = frame.attrs.get("sources", {})
                # the options that change the rows and columns, as `anpo similarity` records
                # its own: two runs that differ in them no longer carry the same metadata
                options = {
                    "years": year_list,
                    "add": joins,
                    "system": system,
                    "directed": not undirected,
                }
                _write_frame(frame, out, force, _provenance("dyads", sources, options))
    summary: dict[str, Any] = {
        "rows": len(frame),
        "columns": list(frame.columns),
        **_years_summary(year_list, frame),
        "system": system,
        "directed": not undirected,
        "out": str(out) if out else None,
    }
    microstates = frame.attrs.get("gw_microstates") or ""
    if system == "gw":  # review18 F2: peacesciencer's G-W dyad-years hold the microstates
        summary["microstates"] = microstates or None
    unmatched = _unmatched_rivalries(frame)
    if unmatched:  # only with --add rivalries: each list's rivalry-years left out, and why
        summary["unmatched_rivalries"] = unmatched
    if json_out:
        print_json(summary)
        return
    if out is not None:
        typer.echo(f"wrote {len(frame):,} dyad-years x {frame.shape[1]} columns to {out}")
        if microstates:
            typer.echo(f"Note: {microstates}.")
    else:
        from anpo.relations.readable import dyad_table

        names = None
        gw = frames.get("gw_states") if system == "gw" else None  # read with the others
        if gw is not None and "statename" in gw.columns:
            names = {int(c): str(n) for c, n in zip(gw["gwcode"], gw["statename"], strict=True)}
        shown = dyad_table(frame.head(20), system, frame.attrs.get("coverage"), names)
        pairs = "each pair in both orders" if not undirected else "each pair once"
        typer.echo(_rows_shown(len(frame), len(shown.frame), "dyad-year", pairs) + ".")
        if microstates:
            typer.echo(f"Note: {microstates}.")
        print_frame(shown.frame)
        for line in shown.legend:
            typer.echo(line)


def _years_summary(years: Sequence[int] | None, frame: pd.DataFrame) -> dict[str, list[int]]:
    """The ``--json`` summary's years of ``anpo dyads`` and ``anpo similarity``: ``years``, the
    years asked, every one (as ``anpo roles --json``: [min, max] read as a range);
    ``years_built``, the years with rows; ``years_left_out``, the years asked that have none
    (review9 F4: a year past the state list's end was listed in "years" with no row and said
    only on stderr, where the ``warning:`` line says why).

    >>> import pandas as pd
    >>> _years_summary([2016, 2017], pd.DataFrame({"year": [2016, 2016]}))
    {'years': [2016, 2017], 'years_built': [2016], 'years_left_out': [2017]}
    """
    built = sorted({int(y) for y in frame["year"].unique()}) if "year" in frame else []
    return {
        "years": [int(y) for y in years or []],
        "years_built": built,
        "years_left_out": [int(y) for y in years or [] if int(y) not in built],
    }


def _unmatched_rivalries(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per rivalry list joined (``td``, ``tss``), the rivalry-years that match no system dyad
    (:func:`anpo.relations.add_rivalries`, ``attrs[f"{name}_rivalry_unmatched"]``): ``count``,
    ``note`` (the sentence of the ``warning:`` line, "" when none) and ``rows``."""
    import pandas as pd

    from anpo.relations.dyads import UNMATCHED_COLUMNS, unmatched_rivalries_note

    out: dict[str, dict[str, Any]] = {}
    sources = frame.attrs.get("sources", {})
    for key, rows in frame.attrs.items():
        name = str(key)
        if not name.endswith("_rivalry_unmatched"):
            continue
        name = name.removesuffix("_rivalry_unmatched")
        kind = f"{name}_rivalries"
        what = str(sources.get(kind, {}).get("dataset", "")) or f"the {kind} list"
        note = unmatched_rivalries_note(pd.DataFrame(rows, columns=list(UNMATCHED_COLUMNS)), what)
        out[name] = {"count": len(rows), "note": note, "rows": rows}
    return out


# dup-ok: typer option declarations (flag, default, help) alike only in shape to other commands'
# (e.g. data add's): each declares its own flags.
def similarity(
    years: str = typer.Option(
        ..., "--years", help="Years: 1914, 1815-2018 or 1914,2001 (mixes allowed)."
    ),
    out: Path | None = typer.Option(  # noqa: B008
        None, "--out", help="Write to FILE (.parquet, .csv, .csv.gz)."
    ),
    measures: str = typer.Option(
        "s_abs,s_sq,s_wabs,s_wsq,tau_b,kappa,pi,alignment",
        "--measures",
        help="Comma-separated measures; also pi_sq: Scott's pi with quadratic weights (Häge "
        "2011), beside the default nominal pi (fpsim's spi).",
    ),
    scope: str = typer.Option("global", "--scope", help="global or regional."),
    scale: str = typer.Option(
        "valued",
        "--scale",
        help="valued (0-3; ATOP's obligations ranked as --ranking says) or binary (any "
        "alliance 1, none 0).",
    ),
    ranking: str = typer.Option(
        "anpo",
        "--ranking",
        help="How the valued scale ranks ATOP's obligations. anpo: 3 defense or offense, 2 "
        "neutrality or non-aggression, 1 consultation only (the COW types' analogue). fpsim: 3 "
        "defense or offense, 2 neutrality or consultation, 1 non-aggression only (S. Miller's "
        "FPSIM data behind peacesciencer's add_fpsim(), after Chiba et al. 2022; "
        "github.com/svmiller/fpsim, 1-fpsim-alliances.R). Use fpsim to compare with add_fpsim() "
        "values: ties of consultation only or non-aggression only swap levels.",
    ),
    dyad: str | None = typer.Option(
        None, "--dyad", help="Only this pair of COW codes, e.g. 2,740."
    ),
    nonmembers: bool = typer.Option(
        False,
        "--nonmembers",
        help="Also compare states in an ATOP alliance that are not system members that year.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Overwrite --out if it exists (never a read-only file)."
    ),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
) -> None:
    """Similarity of alliance portfolios (S, tau-b, kappa, pi, alignment index) for every
    dyad of the years, from ATOP in the catalog (Signorino & Ritter 1999; Häge 2011)."""
    from anpo._io.years import parse_years
    from anpo._progress import progress_bar
    from anpo.cli._common import echo_data_warnings, one_of, print_json
    from anpo.data.catalog import Catalog, held_reads
    from anpo.errors import CatalogError, InputError
    from anpo.relations.portfolios import similarity_dyad_years

    year_list = parse_years(years, field="--years")
    measure_list = [m.strip() for m in measures.split(",") if m.strip()]
    if not measure_list:  # an empty table of pairs and years, not an error, before
        raise InputError("give at least one measure (comma-separated)", field="--measures")
    if out is not None:  # before any work
        _check_out(out, force)
    cat = Catalog.open(home)
    # the catalog is held only for the reads (one connection); the similarity is computed after
    with held_reads(cat):
        atop = cat.read_or_none("atop")
        states = cat.read_or_none("cow_states")
        nmc = cat.read_or_none("nmc")
    if atop is None:
        raise CatalogError("similarity needs ATOP: run `anpo data add atop5_1ddyr.csv`")
    atop_lo, atop_hi = int(atop["year"].min()), int(atop["year"].max())
    if year_list and not any(atop_lo <= y <= atop_hi for y in year_list):
        # said before any work, and alone (a warning about the state list's years came first)
        raise InputError(
            f"no dyad-years in the years asked: the ATOP data cover {atop_lo}-{atop_hi}",
            field="--years",
        )
    pair = None
    if dyad is not None:  # `--dyad ""` is refused, not taken for every dyad
        try:
            a, b = (int(v) for v in dyad.split(","))
        except ValueError:
            raise InputError("expected two COW codes 'A,B'", field="--dyad") from None
        if a == b:
            raise InputError(f"a dyad needs two different states, got {dyad!r}", field="--dyad")
        pair = (min(a, b), max(a, b))
    total = len(year_list) if year_list else None
    with (
        progress_bar("similarity", total=total, enabled=False if json_out else None) as bar,
        echo_data_warnings() as said,
    ):
        frame = similarity_dyad_years(
            atop,
            states=states,
            nmc=nmc,
            years=year_list,
            measures=measure_list,
            scope=one_of(scope, ("global", "regional"), "--scope"),
            scale=one_of(scale, ("valued", "binary"), "--scale"),
            progress=bar,
            nonmembers=nonmembers,
            ranking=one_of(ranking, ("anpo", "fpsim"), "--ranking"),
        )
    if frame.empty:
        raise InputError(
            f"no dyad-years in the years asked: the ATOP data cover {atop_lo}-{atop_hi}",
            field="--years",
        )
    if pair is not None:
        from anpo.report.countries import country_name

        first = int(frame["year"].min())

        def named(code: int) -> str:  # "Japan (740)"; a code the package does not know bare
            name = country_name(code, first)
            return f"state {code}" if name == str(code) else f"{name} ({code})"

        compared = set(frame["ccode1"]) | set(frame["ccode2"])
        absent = [c for c in pair if c not in compared]
        if absent:  # "0 dyad-years." said nothing of why
            raise InputError(
                f"{named(absent[0])} is not compared in the years asked (not a system member "
                "then, or not a COW code; --nonmembers adds ATOP members outside the system)",
                field="--dyad",
            )
        whole = frame
        frame = frame[(frame["ccode1"] == pair[0]) & (frame["ccode2"] == pair[1])]
        if frame.empty:  # both compared, never in the same year: a false dyad where both were
            raise InputError(
                f"{named(pair[0])} and {named(pair[1])} are no dyad in the years asked: never "
                "both members at the same time in them (a false dyad; `anpo dyads` leaves it "
                "out too)",
                field="--dyad",
            )
        _say_missing_dyad_years(whole, frame, pair, year_list, (atop_lo, atop_hi))
    if out is not None:
        used = {"atop": atop, "cow_states": states, "nmc": nmc}
        _write_frame(
            frame,
            out,
            force,
            _provenance(
                "similarity",
                {k: _source_of(v) for k, v in used.items() if v is not None},
                {
                    "scope": scope,
                    "scale": scale,
                    "ranking": ranking if scale == "valued" else None,
                },
            ),
        )
    if json_out:
        why = _similarity_undefined(frame, nmc)
        if pair is not None:
            import pandas as pd

            # each dyad-year with why its missing measures are missing
            recs = frame.to_dict(orient="records")
            for rec in recs:  # the data's columns, and why for a dyad-year with nulls only
                gone = {m: why[m]["reason"] for m in why if m in rec and pd.isna(rec[m])}
                if gone:
                    rec["undefined"] = gone
            print_json(recs)
        else:
            print_json(
                {
                    "rows": len(frame),
                    # as `anpo dyads --json`; why a year is left out: "warnings"
                    **_years_summary(year_list, frame),
                    "false_dyads_removed": int(frame.attrs.get("false_dyads_removed") or 0),
                    "scale": scale,
                    # the order of ATOP's obligations on the valued scale (--ranking)
                    "ranking": ranking if scale == "valued" else None,
                    "out": str(out) if out is not None else None,
                    "undefined": why,
                    "warnings": said,
                }
            )
    elif out is not None:
        typer.echo(f"wrote {len(frame):,} dyad-years to {out}")
    else:
        _print_similarity(frame, nmc, scope, scale, nonmembers, ranking)


def _say_missing_dyad_years(
    whole: pd.DataFrame,
    rows: pd.DataFrame,
    pair: tuple[int, int],
    years: Sequence[int] | None,
    atop_years: tuple[int, int],
) -> None:
    """``anpo similarity --dyad A,B``: a warning naming the years asked (within the ATOP data)
    that have no row for the pair, and why: a state not compared then (no system member) or the
    two never members at the same time. 1944-1953 for the U.S. and Japan gave four rows and
    said nothing of 1946-1951 (Japan under occupation, no COW member)."""
    from anpo.report.countries import country_name
    from anpo.report.format import year_ranges

    lo, hi = atop_years
    asked = sorted({int(y) for y in years or () if lo <= int(y) <= hi})
    missing = sorted(set(asked) - {int(y) for y in rows["year"]})
    if not missing:
        return
    present = whole[whole["year"].isin(missing)]
    by_year: dict[int, set[int]] = {}
    for y, c1, c2 in zip(present["year"], present["ccode1"], present["ccode2"], strict=True):
        by_year.setdefault(int(y), set()).update((int(c1), int(c2)))
    why: dict[str, list[int]] = {}
    for y in missing:
        codes = by_year.get(y, set())
        out = [c for c in pair if c not in codes]
        key = (
            " and ".join(f"{country_name(c, y)} ({c})" for c in out)
            + (" is" if len(out) == 1 else " are")
            + " not compared (no system member then)"
            if out
            else "the two were never members at the same time (a false dyad)"
        )
        why.setdefault(key, []).append(y)
    for key, ys in why.items():
        typer.echo(f"warning: no dyad-year for {year_ranges(ys)}: {key}", err=True)


def _similarity_undefined(frame: pd.DataFrame, nmc: pd.DataFrame | None) -> dict[str, Any]:
    """Measure -> ``{"rows": N, "reason": ...}`` for each measure of ``frame`` missing in some
    dyad-years: the JSON's word for what the table's legend says (the weighted S without
    capability weights, named by the NMC data's years; a chance-corrected measure undefined)."""
    from anpo.relations.readable import SIMILARITY_COLUMNS, capability_weight_reason

    out: dict[str, Any] = {}
    for m, col in SIMILARITY_COLUMNS.items():
        if m not in frame.columns:
            continue
        gone = frame[m].isna()
        if not gone.any():
            continue
        if m in ("s_wabs", "s_wsq"):
            span = None if nmc is None else (int(nmc["year"].min()), int(nmc["year"].max()))
            reason = capability_weight_reason(
                span, frame.loc[gone, "year"], has_nmc=nmc is not None
            )
        else:
            reason = col.missing or "no value for the pair"
        out[m] = {"rows": int(gone.sum()), "reason": reason}
    return out


def _rows_shown(total: int, shown: int, what: str, about: str = "") -> str:
    """``"36,290 dyad-years, ABOUT; the first 20 below (--out FILE writes them all ...)"``, or
    the count alone when every row is shown.

    >>> _rows_shown(36290, 20, "dyad-year", "each pair once")
    "36,290 dyad-years, each pair once; the first 20 below (--out FILE writes them all, with the data's column names)"
    >>> _rows_shown(1, 1, "dyad-year")
    '1 dyad-year'
    """
    from anpo.report.format import count_noun

    rows = count_noun(total, what) + (f", {about}" if about else "")
    if shown >= total:
        return rows
    return (
        f"{rows}; the first {shown} below (--out FILE writes them all, with the data's column "
        "names)"
    )


def _print_similarity(
    frame: pd.DataFrame,
    nmc: pd.DataFrame | None,
    scope: str,
    scale: str,
    nonmembers: bool,
    ranking: str = "anpo",
) -> None:
    """The terminal form of ``anpo similarity``: what the portfolios are (scale and scope in
    words), the first 30 rows for a reader (:func:`anpo.relations.readable.similarity_table`)
    and the legend of the missing values."""
    from anpo.cli._common import print_frame
    from anpo.relations.readable import similarity_table

    nmc_years = None
    if nmc is not None and len(nmc):
        cov = nmc.attrs.get("coverage")
        nmc_years = (
            (int(cov[0]), int(cov[1])) if cov else (int(nmc["year"].min()), int(nmc["year"].max()))
        )
    shown = similarity_table(frame.head(30), nmc_years, has_nmc=nmc is not None)
    from anpo.relations.portfolios import ranking_words

    levels = "1 any alliance, 0 none"
    if scale == "valued":
        levels = ranking_words(ranking)
        if ranking == "fpsim":
            levels += ": fpsim's ranking, as in peacesciencer's add_fpsim()"
    among = (
        "every system member of the year"
        if scope == "global"
        else "the members of the two states' home regions"
    )
    if nonmembers:
        among += " and the other states in an ATOP alliance that year"
    outside = frame.attrs.get("years_outside_state_list") or []
    if outside:
        from anpo.report.format import year_ranges

        among += (
            f" (in {year_ranges(list(outside))}, after the state list's years: only the "
            "states in an ATOP alliance)"
        )
    typer.echo(f"{_rows_shown(len(frame), len(shown.frame), 'dyad-year')}.")
    typer.echo(
        f"Alliance portfolios from ATOP on the {scale} scale ({levels}; each state at the top "
        f"with itself), compared over {among}. S: Signorino & Ritter's similarity, 1 for "
        "identical portfolios, -1 for opposite ones; kappa, pi and the alignment index are "
        "corrected for the agreement expected by chance." + _no_atop_sentence(frame)
    )
    removed = int(frame.attrs.get("false_dyads_removed") or 0)
    if removed:
        from anpo.report.format import count_noun

        typer.echo(
            f"The dyads are those of `anpo dyads`; not scored: {count_noun(removed, 'false dyad-year')} "
            "(two members of the year that were never members at the same time)."
        )
    print_frame(shown.frame)
    for line in shown.legend:
        typer.echo(line)


def _no_atop_sentence(frame: pd.DataFrame) -> str:
    """The similarity caption's sentence on the years asked that ATOP does not cover (review9
    F7: 2019 was left out without a word beside the caption's '2018-2019'); '' when none.

    >>> import pandas as pd
    >>> f = pd.DataFrame()
    >>> f.attrs.update(years_without_atop=[2019, 2020], atop_coverage=(1815, 2018))
    >>> _no_atop_sentence(f)
    ' The ATOP data cover 1815-2018: no dyad-years for 2019-2020 (left out).'
    """
    from anpo.report.format import year_ranges

    gone = frame.attrs.get("years_without_atop") or []
    if not gone:
        return ""
    lo, hi = frame.attrs["atop_coverage"]
    return (
        f" The ATOP data cover {lo}-{hi}: no dyad-years for {year_ranges(list(gone))} (left out)."
    )


def roles_cmd(
    ctx: typer.Context,
    year: str | None = typer.Option(None, "--year", help="Year (or range 1990-2001)."),
    focal: int | None = typer.Option(None, "--focal", help="COW code of the focal state (2)."),
    thresholds: Path | None = typer.Option(  # noqa: B008
        None,
        "--thresholds",
        help="TOML file overriding the default thresholds (one of only comments overrides none).",
    ),
    show_all: bool = typer.Option(False, "--all", help="Also list states with role 'other'."),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    # dup-ok: typer option declarations, alike only in shape to other commands' options.
    json_out: bool = typer.Option(False, "--json", help="JSON output (every state)."),
    print_thresholds: bool = typer.Option(
        False,
        "--print-thresholds",
        help="Print the thresholds in use (the defaults, or with --thresholds FILE the "
        "defaults overridden by the file, validated) as a TOML file (with --json: the values "
        "and those changed from the defaults, as JSON), and exit.",
    ),
) -> None:
    """Each state's role relative to the focal state (default the U.S.): ally, strategic
    rival (with its degree), rogue state, ally of the primary rival or other, with the rule,
    the evidence and whether the data cover the year. `anpo roles validate` checks the roles
    against independent codings."""
    if ctx.invoked_subcommand is not None:
        # `anpo roles --focal 740 validate` validated the U.S. roles
        from anpo.cli._common import refuse_group_options

        refuse_group_options(
            ctx,
            {
                "--year": year is not None,
                "--focal": focal is not None,
                "--thresholds": thresholds is not None,
                "--all": show_all,
                "--home": home is not None,
                "--json": json_out,
                "--print-thresholds": print_thresholds,
            },
        )
        return
    from anpo._io.years import parse_years

    # checked with --print-thresholds too (the thresholds are those of any year):
    # `--print-thresholds --year 19x0` printed them
    years = None if year is None else (parse_years(year, field="--year") or [])
    if print_thresholds:
        from anpo.relations.taxonomy import load_thresholds, thresholds_text, with_overrides

        th = load_thresholds(thresholds)
        if focal is not None:  # --focal overrides the file's focal state, as in the roles
            th = with_overrides(th, focal=focal)
        if json_out:  # the values in use, and which differ from the shipped defaults
            from anpo.cli._common import print_json
            from anpo.relations.taxonomy import changed_thresholds

            changed = {
                k: {"value": now, "default": was}
                for k, (now, was) in changed_thresholds(th).items()
            }
            source = None if thresholds is None else str(thresholds)
            print_json(
                {"thresholds": th.model_dump(mode="json"), "changed": changed, "file": source}
            )
            return
        typer.echo(thresholds_text(th, thresholds), nl=False)
        return
    from anpo.errors import InputError

    if years is None:  # no --year
        raise InputError(
            "give --year YEAR (or a range), or a subcommand (anpo roles validate)", field="--year"
        )
    from anpo._progress import progress_bar
    from anpo.cli._common import echo_data_warnings, print_frame, print_json
    from anpo.data.catalog import Catalog, held_reads
    from anpo.relations.taxonomy import (
        load_thresholds,
        missing_optional_kinds,
        roles_from_catalog,
        roles_inputs,
    )

    th = load_thresholds(thresholds)
    cat = Catalog.open(home)
    with (
        progress_bar(
            f"roles in {year}", total=len(years), enabled=False if json_out else None
        ) as bar,
        echo_data_warnings(),
    ):
        # the catalog is held only for the reads (one connection): the datasets, what is absent
        # and the sources keying the stored scores; the roles are computed after
        with held_reads(cat):
            inputs = roles_inputs(cat)
            absent = missing_optional_kinds(cat)
            sources = _role_sources(cat)
        one = years[0] if len(years) == 1 else years
        try:
            frame = roles_from_catalog(cat, one, focal, th, progress=bar, inputs=inputs)
        except InputError as exc:
            if exc.field == "focal" and focal is None and thresholds is not None:
                # the focal state came from the thresholds file: named there, not as a
                # --focal the user did not type
                exc.file = str(thresholds)
            raise
    # each gap once (a row's data_gaps joins its gaps with "; ")
    insufficient = sorted(
        {
            gap
            for g in frame.loc[frame["data_status"] == "insufficient", "data_gaps"]
            for gap in str(g).split("; ")
            if gap
        }
    )
    status = "insufficient" if insufficient else "complete"
    code = int(frame.attrs.get("focal", th.focal))
    accuracy = _stored_accuracy(cat, sources, th, code)
    if json_out:
        from anpo.report.countries import row_names

        # ``statenme`` is the COW list's one name per code (345 "Yugoslavia" in 2016);
        # ``state`` the name as in the year (Serbia), the name the table prints
        named = frame.assign(state=row_names(frame)) if len(frame) else frame
        print_json(
            {
                "focal": frame.attrs.get("focal", th.focal),
                "years": years,
                "thresholds": th.model_dump(),
                "sources": sources,
                "missing_datasets": absent,
                "rivalry_inputs": frame.attrs.get("rivalry_inputs", []),
                "data_status": status,
                "data_gaps": insufficient,
                # the held-out scores of the last `anpo roles validate` with these inputs, and
                # why there are none (null) or what they are
                "accuracy": accuracy,
                "accuracy_note": _accuracy_note(
                    code, accuracy, sorted({int(y) for y in frame["year"]})
                ).removeprefix("note: "),
                "roles": named,
            }
        )
        return
    show = frame if show_all else frame[frame["role"] != "other"]
    from anpo.report.countries import row_names, with_article

    # the degree of every state, as in the JSON (it showed "–" for a non-rival's number); the
    # note under the table says what it means for a state that is no rival
    show = show.assign(
        # a reader's name, as in the year (the Soviet Union in 1970), not the abbreviation
        state=row_names(show),
    )
    cols = ["year", "ccode", "state", "role", "intensity", "degree", "reason"]
    if len(years) == 1:
        cols.remove("year")
    if insufficient:
        cols.insert(cols.index("reason"), "data_status")
    counts = frame.groupby("role").size().to_dict()
    who = frame.attrs.get("focal_name") or f"state {frame.attrs.get('focal', th.focal)}"
    from anpo.report.format import year_ranges

    when = year_ranges(sorted(set(years)))
    # over several years the counts are of state-years ("ally 160" in 1990-1992 read as 160
    # states)
    counted = "" if len(set(years)) == 1 else " (state-years)"
    title = f"roles relative to {with_article(who)} in {when}{counted}: " + ", ".join(
        f"{k} {v}" for k, v in sorted(counts.items())
    )
    if show.empty:  # every state 'other' (Monaco as the focal state): no empty table
        typer.echo(
            f"{title}\nno state has a role (ally, strategic rival, rogue state, ally of the "
            f"rival) relative to {with_article(who)} in {when}; --all lists every state with "
            "its evidence"
        )
    else:
        print_frame(
            show[cols].rename(columns={"degree": "rival degree", "data_status": "data"}),
            title=title,
        )
        typer.echo(rival_degree_note(th))
        typer.echo(INTENSITY_NOTE)
    typer.echo(_accuracy_note(code, accuracy, sorted({int(y) for y in frame["year"]})), err=True)
    for gap in _gap_notes(insufficient):
        typer.echo(f"note: data insufficient: {gap}", err=True)
    if absent:
        from anpo.relations.report import absent_datasets_note

        typer.echo(absent_datasets_note(absent, list(th.rival.capability)), err=True)


#: What the roles table's intensity column holds, and that a blank there is no missing value.
INTENSITY_NOTE = (
    "intensity: primary or lesser for a strategic rival, nominal for an ally whose pact is "
    "contradicted; blank for every other state (the role has no intensity)."
)


def rival_degree_note(th: Any) -> str:
    """The roles table's note on its "rival degree" column (the JSON's ``degree``): what the
    number is, for every state, and what it means for a state that is not a rival."""
    r = th.rival
    return (
        "rival degree: sqrt(capability x opposition) toward the focal state, 0-1, computed "
        "for every state (the JSON's degree). It makes a strategic rival only of a non-ally "
        f"with at least {r.min_capability_ratio:.2f} of the focal's capability (primary from "
        f"{r.primary_degree:.2f}, 'to a lesser extent' below; without an ongoing rivalry, a "
        f"latent rival from {r.min_degree:.2f} with rivalry or threat evidence). For an ally, "
        "a rogue state or other it is no role: only how far the state could contest and "
        "opposes the focal. '–': unknown (no capability or no opposition evidence)."
    )


def _gap_notes(gaps: list[str], show: int = 6) -> list[str]:
    """The data gaps of ``anpo roles`` as printed: the military-spending gaps of single states
    (one per state-year, :data:`anpo.relations.taxonomy.MILEX_GAP`) counted in one note naming
    the first ``show``, the others as they are."""
    from anpo.relations.taxonomy import MILEX_CARRY_YEARS, MILEX_GAP
    from anpo.report.format import count_noun

    own = [g for g in gaps if g.startswith(f"{MILEX_GAP} of ") and " of the focal " not in g]
    out = [g for g in gaps if g not in own]
    if own:
        carried = sum(g.endswith("carried forward") for g in own)
        first = "; ".join(g.removeprefix(f"{MILEX_GAP} of ") for g in own[:show])
        more = (
            f"; and {len(own) - show} more (each row's data_gaps in --json)"
            if len(own) > show
            else ""
        )
        out.append(
            f"{MILEX_GAP} missing for {count_noun(len(own), 'state-year')} "
            f"({carried} carried forward from at most {MILEX_CARRY_YEARS} years before, "
            f"the others without it): {first}{more}"
        )
    return out


def _accuracy_key(sources: dict[str, dict[str, Any]], th: Any, focal: int) -> str:
    """The key of a validation's scores (:func:`anpo.relations.accuracy.accuracy_key`) for the
    roles' datasets (:func:`_role_sources`, by hash), the thresholds ``th`` and the shipped
    codings."""
    import hashlib
    from importlib import resources

    from anpo.relations.accuracy import accuracy_key

    hashes = {kind: str(src["sha256"]) for kind, src in sources.items()}
    codings = resources.files("anpo.relations").joinpath("codings.toml").read_bytes()
    return accuracy_key(focal, th.model_dump(), hashes, hashlib.sha256(codings).hexdigest())


def _role_sources(cat: Any) -> dict[str, dict[str, Any]]:
    """The datasets the roles are computed from (not the whole catalog), kind -> dataset,
    version and SHA-256: the JSON's provenance and the key of the stored scores."""
    from anpo.relations.taxonomy import OPTIONAL_KINDS, REQUIRED_KINDS

    used = set(REQUIRED_KINDS) | set(OPTIONAL_KINDS)
    return {
        str(r["kind"]): {"dataset": r["dataset"], "version": r["version"], "sha256": r["sha256"]}
        for r in cat.in_use().to_dict(orient="records")
        if r["kind"] in used
    }


def _stored_accuracy(
    cat: Any, sources: dict[str, dict[str, Any]], th: Any, focal: int
) -> dict[str, Any] | None:
    """The held-out scores stored by the last `anpo roles validate` with these inputs, or None."""
    from anpo.relations.accuracy import load_summary

    return load_summary(cat.home, _accuracy_key(sources, th, focal))


def _store_accuracy(home: Any, sources: dict[str, dict[str, Any]], th: Any, res: Any) -> None:
    """Keep a validation's held-out scores for `anpo roles`, keyed by ``sources`` (the datasets
    the validation read, :func:`_role_sources`); a home that cannot be written to only loses the
    note's figures: the validation itself is printed in any case."""
    from anpo.errors import AnpoError
    from anpo.relations.accuracy import store_summary, summary_from

    try:
        key = _accuracy_key(sources, th, int(res.focal))
        store_summary(home, key, summary_from(res))
    except (OSError, AnpoError) as exc:  # said, not fatal: the validation is printed anyway
        why = exc.one_line() if isinstance(exc, AnpoError) else (exc.strerror or str(exc))
        typer.echo(f"note: the scores were not kept for `anpo roles`: {why}", err=True)


def _accuracy_note(focal: int, stored: dict[str, Any] | None, years: list[int]) -> str:
    """The accuracy of the roles just printed: the held-out F1 of each role from the last
    `anpo roles validate` with the same focal state, thresholds and data (and whether the years
    shown were years of the fit), or where to get it. The rules were fitted on U.S.-focal years,
    and only the rival roles have an independent coding for another focal state."""
    from anpo.relations.accuracy import accuracy_note
    from anpo.relations.validate import TRAIN_DECADES, US, load_codings, year_set

    command = "anpo roles validate" + ("" if focal == US else f" --focal {focal}")
    if stored is not None:
        if focal == US:
            seed = load_codings().seed_year
            sets = {y: year_set(y, seed, TRAIN_DECADES) for y in years}
        else:
            sets = {}
        more = "" if focal == US else "; the ally and rogue-state roles have no independent coding"
        return f"note: {accuracy_note(stored, sets)}{more}"
    if focal == US:
        return (
            "note: accuracy: the thresholds were fitted on U.S.-focal training decades; `anpo "
            "roles validate` gives each role's agreement with independent codings, held-out "
            "years apart (run it once, from half a minute to a few minutes with the machine's "
            "load, and each role's held-out F1 shows here)"
        )
    return (
        "note: accuracy: the thresholds were fitted with the U.S. as the focal state; for this "
        f"focal state `{command}` tests the rival roles (held out; run it once and their F1 "
        "shows here); the ally and rogue-state roles have no independent coding here"
    )


def roles_validate(
    # dup-ok: typer option declarations, alike only in shape to dyads' options (other flags,
    # defaults and help).
    years: str | None = typer.Option(
        None,
        "--years",
        # relations.validate.US_YEARS and FOCAL_YEARS, typed here so that the CLI starts
        # without pandas (tests/test_cli_help_defaults.py checks they agree)
        help="Years to validate (default 1950-2016; with --focal all, 1950-2010).",
    ),
    focal: str = typer.Option(
        "2",
        "--focal",
        help="COW code of the focal state (default 2, the U.S.; another state: the rival roles "
        "only), or 'all': the rival rules on the great and regional powers (held out).",
    ),
    thresholds: Path | None = typer.Option(  # noqa: B008
        None,
        "--thresholds",
        help="TOML file overriding the default thresholds (one of only comments overrides none).",
    ),
    home: Path | None = typer.Option(None, "--home", help=HOME_HELP),  # noqa: B008
    json_out: bool = typer.Option(False, "--json", help="JSON output."),
    csv_out: bool = typer.Option(
        False, "--csv", help="Every disagreement (all its columns) as CSV on stdout."
    ),
    store: bool = typer.Option(
        True,
        "--store/--no-store",
        help="Keep the per-role scores under the catalog's home (results/), for `anpo roles`.",
    ),
) -> None:
    """Compare the roles (focal: the U.S.) with independent codings, year by year: U.S. treaty
    allies, the State Department's state sponsors of terrorism, and the strategic-rivalry list
    that is not an input. Agreement per year and role, the disagreements with explanations,
    and the review cases (roles a review of the rules found wrong) as the rules now give them.
    With --focal X (another state) only the rival roles are compared (the other codings are
    U.S. lists); with --focal all, the rival rules on every COW major power of 1950-2016 and
    India, each held out (the thresholds were fitted on U.S.-focal years only).

    Each run (but --focal all) stores its per-role scores in a small JSON file under the
    catalog's home, results/roles-accuracy-KEY.json (KEY: a hash of the focal state,
    thresholds, datasets, codings and anpo's version), so that `anpo roles` prints each role's
    held-out F1 beside the roles. --no-store keeps nothing; deleting the file (or results/)
    removes the scores, and `anpo roles` then says how to get them."""
    from anpo._io.years import parse_years
    from anpo._progress import progress_bar
    from anpo.cli._common import echo_data_warnings, print_json
    from anpo.data.catalog import Catalog, held_reads
    from anpo.errors import InputError
    from anpo.relations.taxonomy import load_thresholds
    from anpo.relations.validate import FOCAL_YEARS, US_YEARS, validate_from_catalog

    if json_out and csv_out:
        raise InputError("give --json or --csv, not both", field="--csv")
    every = focal.strip().lower() == "all"
    if not every and not focal.strip().isdigit():
        raise InputError(
            f"expected a COW state code (2, 740) or 'all', got {focal!r}", field="--focal"
        )
    default = "-".join(str(y) for y in (FOCAL_YEARS if every else US_YEARS))
    # `--years ""` is refused like `anpo roles --year ""`, not taken for the default
    year_list = parse_years(default if years is None else years, field="--years") or []
    th = load_thresholds(thresholds)
    cat = Catalog.open(home)
    if every:
        _roles_validate_all(cat, year_list, th, json_out, csv_out)
        return
    code = int(focal)
    from anpo.cli._common import flag_names
    from anpo.relations.taxonomy import roles_inputs

    with (
        progress_bar("validating the roles", enabled=False if json_out or csv_out else None) as bar,
        echo_data_warnings(),
        flag_names({"year": "--years"}),
    ):
        # the catalog is held only for the reads (one connection), with the sources keying the
        # stored scores; the validation runs after
        bar.step("reading the catalog")  # the reads are here, not in validate_from_catalog
        with held_reads(cat):
            inputs = roles_inputs(cat)
            sources = _role_sources(cat)
        res = validate_from_catalog(
            cat, year_list, th, focal=code, progress=bar.step, count=bar, inputs=inputs
        )
    if store:  # a file under the home: the catalog is only read
        _store_accuracy(cat.home, sources, th, res)
    from anpo.relations.report import unmatched_rival_years_note

    # the focal state's rivalry-years that match no system dyad (France-Prussia 1950-1955 codes
    # Germany as 255, not a member then): said, not silently lost, as with --focal all
    unmatched = unmatched_rival_years_note(
        inputs.get("states"), inputs.get("rivalries") or [], [code], sorted(res.years)
    ).strip()
    if json_out:
        print_json(
            {
                "focal": code,
                "years": sorted(res.years),  # the years validated, as `anpo roles --json`
                "thresholds": th.model_dump(),
                "targets": res.targets,
                "per_role": res.per_role,
                "per_year": res.per_year,
                "disagreements": res.disagreements,
                "cases": res.cases,
                "notes": res.notes,
                "unmatched_rivalries": unmatched,
            }
        )
        return
    if csv_out:
        typer.echo(res.disagreements.to_csv(index=False), nl=False)
    else:
        _print_validation(res)
    for n in res.notes:
        typer.echo(f"note: {n}", err=True)
    if unmatched:
        typer.echo(f"note: {unmatched}", err=True)
    if not csv_out and "undefined" in res.per_role.columns:
        for rec in res.per_role[res.per_role["undefined"] != ""].to_dict("records"):
            period = str(rec["period"]).split(" (")[0]
            typer.echo(f"note: {rec['role']}, {period}: {rec['undefined']}", err=True)


def _roles_validate_all(
    cat: Any, year_list: list[int], th: Any, json_out: bool, csv_out: bool
) -> None:
    """``anpo roles validate --focal all``: :func:`anpo.relations.validate.validate_focal_states`
    as a table (or JSON rows, or CSV)."""
    from anpo._progress import progress_bar
    from anpo.cli._common import echo_data_warnings, print_json
    from anpo.errors import InputError
    from anpo.relations.report import unmatched_rival_years_note
    from anpo.relations.taxonomy import roles_inputs
    from anpo.relations.validate import FOCAL_STATES, validate_focal_states

    lo, hi = min(year_list), max(year_list)
    if sorted(set(year_list)) != list(range(lo, hi + 1)):
        # the cross-focal validation scores a span; "1950,2000" validated all of 1950-2000
        raise InputError(
            f"--focal all validates a span of years (e.g. {lo}-{hi}); got separate years "
            f"({', '.join(map(str, sorted(set(year_list))[:5]))}"
            f"{', ...' if len(set(year_list)) > 5 else ''})",
            field="--years",
        )
    with (
        progress_bar(
            "reading the catalog",
            total=len(FOCAL_STATES),
            enabled=False if json_out or csv_out else None,
        ) as bar,
        echo_data_warnings(),
    ):
        inputs = roles_inputs(cat)
        table = validate_focal_states(
            inputs,
            th,
            FOCAL_STATES,
            (lo, hi),
            progress=bar.describe,
            count=bar,
        )
    # the rivalry-years of the focal states that match no system dyad: said, not silently lost
    unmatched = unmatched_rival_years_note(
        inputs.get("states"), inputs.get("rivalries") or [], FOCAL_STATES, range(lo, hi + 1)
    ).strip()
    if json_out:
        print_json(
            {
                "focal": "all",
                "focal_states": list(FOCAL_STATES),
                "years": [lo, hi],
                "thresholds": th.model_dump(),
                "rows": table,
                # role -> why it has no row (no coding of it covers the years)
                "not_compared": table.attrs.get("not_compared", {}),
                "unmatched_rivalries": unmatched,
            }
        )
        return
    for role, why in table.attrs.get("not_compared", {}).items():
        typer.echo(f"note: {role}: {why}", err=True)
    if unmatched:
        typer.echo(f"note: {unmatched}", err=True)
    if csv_out:
        typer.echo(table.to_csv(index=False), nl=False)
        return
    show = table.assign(held_out=table["held_out"].map({True: "yes", False: "no: fit"}))
    _print_narrow(
        show[
            ["state", "held_out", "years", "role", "coded", "predicted", "both"]
            + ["precision", "recall", "f1", "kappa"]
        ],
        "The rival rules on other focal states (thresholds fitted on U.S.-focal years only)",
        "strategic rival: against Thompson & Dreyer (2012); primary rival: against Thompson, "
        "Sakuwa & Suhas (2022)'s principal flag (mutual principal rivalries; 'aprin' ones, "
        "principal for one side the file does not name, left out); –: undefined",
        scores=["precision", "recall", "f1", "kappa"],
    )
    for rec in table[table["undefined"] != ""].to_dict("records"):
        typer.echo(f"note: {rec['state']}, {rec['role']}: {rec['undefined']}", err=True)


def _width() -> int:
    """Width of ``anpo roles validate``'s text: the terminal's, at most 100 columns (the
    project's convention, :data:`anpo.cli._common.PIPE_TEXT_WIDTH`), also off a terminal."""
    from anpo.cli._common import PIPE_TEXT_WIDTH, stdout_console

    return int(min(stdout_console().width, PIPE_TEXT_WIDTH))


def _print_narrow(
    frame: Any,
    title: str,
    caption: str | None = None,
    scores: Sequence[str] = (),
    right: Sequence[str] = (),
) -> None:
    """``frame`` as a table at most :func:`_width` columns wide: numbers never wrap, long text
    cells do, and the columns are separated by spaces rather than rules. ``scores`` columns
    (agreement statistics in [0, 1], kappa) are printed with two decimals as in the report, so a
    column reads ``0.84 0.99`` rather than ``0.84 0.987``; ``right`` columns (text cells that
    stand for numbers) are aligned as numbers are."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from anpo.cli._common import stdout_console
    from anpo.report.format import MISSING, format_frame, is_missing

    cells = format_frame(frame)
    for col in scores:
        cells[col] = [MISSING if is_missing(v) else f"{v:.2f}" for v in frame[col].tolist()]
    table = Table(
        title=title, caption=caption, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True
    )
    for col in frame.columns:
        numeric = getattr(frame[col].dtype, "kind", "O") in "iuf" or col in right
        words = [w for v in [col, *cells[col]] for w in str(v).split()]
        table.add_column(
            str(col),
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=numeric,
            min_width=min(max(map(len, words), default=1), 20),  # words stay whole
        )
    for rec in cells.itertuples(index=False):
        table.add_row(*(Text(str(v)) for v in rec))
    stdout_console().print(table, width=_width())


def _wrap(text: str) -> str:
    import textwrap

    return textwrap.fill(text, _width())


def _print_entries(title: str, entries: list[tuple[str, list[str]]]) -> None:
    """A titled list: each entry a heading line and indented paragraphs, wrapped at
    :func:`_width` columns (long explanations read as text, not as a very wide table)."""
    import textwrap

    width = _width()
    typer.echo(title)
    for head, paragraphs in entries:
        typer.echo(textwrap.fill(head, width, initial_indent="- ", subsequent_indent="  "))
        for par in filter(None, paragraphs):
            typer.echo(textwrap.fill(par, width, initial_indent="    ", subsequent_indent="    "))
    typer.echo("")


def _agreement_cells(res: Any) -> pd.DataFrame:
    """Years x roles, the yearly agreement as printed: two decimals; "none" where a coding
    covers the year but neither it nor anpo names a state (the agreement is undefined); "–"
    where no coding of the role covers the year (no row in ``per_year``). Both were "–",
    captioned "no coding" (the principal-rival coding of 1991-1995, which names no state)."""
    import pandas as pd

    from anpo.report.format import MISSING

    per_year = res.per_year
    agree = res.agreement_table()
    covered = set(zip(per_year["year"].tolist(), per_year["role"].tolist(), strict=True))
    cells = agree.astype(object)
    for col in agree.columns:
        cells[col] = [
            MISSING if (y, col) not in covered else ("none" if pd.isna(v) else f"{v:.2f}")
            for y, v in agree[col].items()
        ]
    cells.columns.name = None
    return cells.reset_index()


def _print_validation(res: Any) -> None:
    """The terminal form of ``anpo roles validate``: the targets and the agreement tables, then
    the disagreements (states with the same spell, codings and explanation together) and the
    review cases as wrapped text, all within 100 columns."""
    _print_narrow(
        res.targets[["role", "title", "years"]],
        "Independent codings (validation targets, never inputs)",
    )
    caveats = [r for r in res.targets.to_dict("records") if r.get("caveat")]
    if caveats:
        _print_entries(
            "Caveats of the codings",
            [(f"{r['role']}: {r['title']}", [str(r["caveat"])]) for r in caveats],
        )
    if res.unchecked:
        from anpo.report.format import upper_first

        typer.echo(_wrap(upper_first(res.unchecked) + "."))
        typer.echo("")
    summary = res.per_role[
        ["role", "period", "years", "coded", "predicted", "both", "precision", "recall", "f1"]
        + ["kappa", "agreement"]
    ]
    # "training (1950s, ...)": the short name in the table, the years it stands for under it
    spans = summary["period"].astype(str).str.extract(r"^(?P<name>[^(]+?) \((?P<years>.*)\)$")
    defined = spans.dropna().drop_duplicates()
    summary = summary.assign(period=spans["name"].fillna(summary["period"]))
    _print_narrow(
        summary,
        "Agreement by role",
        "; ".join(
            [
                *(f"{r['name']}: {r['years']}" for r in defined.to_dict("records")),
                "agreement: the mean over the years of states both name / states either names "
                "(years where neither names a state left out)",
            ]
        ),
        scores=["precision", "recall", "f1", "kappa", "agreement"],
    )
    piv = _agreement_cells(res)
    ins = res.per_year.groupby("year")["insufficient"].max().reindex(piv["year"]).to_numpy()
    piv["states with data insufficient"] = ins
    _print_narrow(
        piv,
        "Agreement by year (states both name / states either names; –: no coding of the role "
        "in the year; none: the coding and anpo name no state, agreement undefined)",
        right=[c for c in piv.columns if c not in ("year", "states with data insufficient")],
    )
    d = res.disagreements
    keys = ["role", "years", "coded", "anpo_role", "explanation"]
    groups = d.groupby(keys, sort=False)["state"].agg(list).reset_index() if len(d) else d
    _print_entries(
        f"{len(d)} disagreements (spells of years), with explanations"
        + (" (anpo roles validate --csv: every column)" if len(d) else ""),
        [
            (
                f"{g['role']}, {g['years']}: {', '.join(g['state'])} "
                f"(coded: {g['coded']}; anpo: {g['anpo_role']})",
                [str(g["explanation"])],
            )
            for g in groups.to_dict("records")
        ],
    )
    if len(res.cases):
        _print_entries(
            "The review cases (roles a review of the rules found wrong): what the rules say now",
            [
                (
                    f"{c['year']} {c['state']}: {c['concern']} "
                    f"({c['year_in_fit']}"
                    + (f"; data {c['data_status']})" if c["data_status"] else ")"),
                    [
                        f"asks: {c['asks']}; verdict: {c['verdict']}",
                        # a case not computed: its verdict says why already (said twice)
                        ""
                        if str(c["verdict"]).endswith(f": {c['reason']}")
                        else f"reason: {c['reason']}",
                        f"alternatives: {c['alternatives']}" if c["alternatives"] else "",
                        f"independent codings: {c['codings']}" if c.get("codings") else "",
                    ],
                )
                for c in res.cases.to_dict("records")
            ],
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``anpo`` application."""
    app.command("dyads")(dyads)
    app.command("similarity")(similarity)
    roles_app = typer.Typer(
        name="roles",
        invoke_without_command=True,
        no_args_is_help=False,
        help=roles_cmd.__doc__,
    )
    roles_app.callback(invoke_without_command=True)(roles_cmd)
    roles_app.command("validate")(roles_validate)
    app.add_typer(roles_app, name="roles")
