"""``anpo law``: Japan's legal limits as code (ask, diff, list, provisions, facts, regimes)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from anpo.cli._common import print_json, stdout_console

if TYPE_CHECKING:
    from anpo.law import Answer
    from anpo.law.engine import ProvisionChange, ProvisionInForce

law_app = typer.Typer(
    name="law",
    help="Japan's legal limits: what the SDF may do for U.S. forces, by date, situation and activity.",
    no_args_is_help=True,
)

_STYLE = {
    "permitted": "green",
    "conditional": "yellow",
    "prohibited": "red",
    "no-legal-basis": "bright_black",
}

# the first day of engine.coverage_start(), typed here so that the CLI starts without reading
# the rule files (tests/test_cli_help_defaults.py checks they agree)
DateOpt = Annotated[str, typer.Option("--date", "-d", help="date, YYYY-MM-DD (from 1997-09-23)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON only")]

_STATE = {
    "met": "green",
    "not met": "red",
    "open": "yellow",
    "limit": "cyan",
    "n/a": "bright_black",
}


#: The marker and legend of a ``law list`` cell whose status is the statute's ("conditional")
#: where the bar is international law (:func:`_bar`).
_BAR_MARK = "*"
_BAR_LEGEND = (
    "* conditional under the statute, which sets no geographic limit; acting on a foreign "
    "state's territory without its consent is barred by international law, not by statute "
    '(--json: bar "international law"; `anpo law ask ... -l foreign-territory` explains).'
)


def _bar(ans: Answer) -> str | None:
    """What bars a "conditional" answer that is conditional only under the statute: the
    ``bar`` of its limit checks (:attr:`anpo.law.ConditionCheck.bar`, from the rules' location
    case, :attr:`anpo.law.schema.LocationCase.bar`), e.g. ``"international law"`` where the
    rule data add the territorial state's consent abroad as a non-statutory limit (the statute
    sets no geographic limit, but acting on foreign territory without the state's consent
    would breach international law); else None. Such a cell reads "conditional" like one whose
    conditions are the statute's, though without consent the activity is barred, by
    international law rather than by the statute (review18 F3: SDF Act Art. 100-6 of the
    pre-2015 e-Gov text sets no place; see the rationale of the rules). The data's field
    decides, not the check's prose.

    >>> class C:  # the fields _bar reads of a check
    ...     state, text, bar = "limit", "would breach international law", None
    >>> class A:  # ... and of an answer
    ...     status, checks = "conditional", [C()]
    >>> _bar(A()) is None  # the prose alone marks nothing
    True
    >>> C.bar = "international law"
    >>> _bar(A())
    'international law'
    """
    if ans.status != "conditional":
        return None
    return next((c.bar for c in ans.checks if c.state == "limit" and c.bar), None)


def _coverage_note(*dates: str) -> str:
    """For each of ``dates`` after the last change the law data records, that answers on it are
    the law as last known then (:func:`anpo.law.coverage_note`), one sentence a date; ``""``
    when every date is covered, as :attr:`anpo.law.Answer.coverage_note` has it. The one source
    of the note in the text ("Law data:") of every command but ``ask`` (whose answer carries
    it) and in ``list``'s ``--json``."""
    from anpo.law import coverage_notes

    return coverage_notes(*dates)


def _print_coverage(note: str) -> None:
    """The "Law data:" line of a coverage note (:func:`_coverage_note`); nothing without one."""
    from rich.markup import escape as e

    if note:
        stdout_console().print(f"[bold]Law data:[/bold] {e(note)}")


def _warn_coverage(note: str) -> None:
    """A coverage note (:func:`_coverage_note`) on standard error, for a ``--json`` whose shape
    (a list) has no room for it: a script still learns that the answer is the law as last
    known; nothing without one."""
    if note:
        typer.echo(f"Law data: {note}", err=True)


def _facts_line(facts: dict[str, Any]) -> str:
    """The facts in a reader's words, each with its ``key=value`` as ``--fact`` takes it."""
    from anpo.law.facts import facts_in_words

    return facts_in_words(facts) or "—"


def _needs_line(keys: Sequence[str]) -> str:
    """The facts a condition or answer needs, in words, each with its key."""
    from anpo.law.facts import fact_label

    return "; ".join(map(fact_label, keys))


def _print_answer(ans: Answer) -> None:
    from rich.markup import escape as e
    from rich.panel import Panel
    from rich.table import Table

    from anpo.law.engine import TO_STATUS
    from anpo.law.vocab import in_words

    console = stdout_console()
    style = _STYLE.get(ans.status, "white")
    # the status in words ('NO LEGAL BASIS', 'DEPENDS ON THE FACTS'), not its code
    status = in_words(ans.status).upper()
    console.print(
        Panel(e(ans.reader_explanation()), title=f"[{style}]{status}[/{style}]", expand=True)
    )
    console.print(f"[bold]Facts:[/bold] {e(_facts_line(ans.facts))}")
    console.print(f"[bold]Decided by:[/bold] {e(_facts_line(ans.decided_by))}")
    if ans.missing_facts:
        console.print(f"[bold]Missing facts:[/bold] {e(_needs_line(ans.missing_facts))}")
        for alt in ans.alternatives:
            alt_style = _STYLE.get(alt["status"], "white")
            # the facts in words hold colons: the explanation's dash before the answer
            console.print(
                f"  • if {e(_facts_line(alt['facts']))}{TO_STATUS}"
                f"[{alt_style}]{in_words(alt['status'])}[/{alt_style}]"
            )
    if ans.checks:
        table = Table(title="Conditions, evaluated against the facts", expand=True)
        table.add_column("state", no_wrap=True)
        table.add_column("condition", ratio=5, overflow="fold")
        table.add_column("facts", ratio=2, overflow="fold")
        table.add_column("provisions", ratio=2, overflow="fold")
        for chk in ans.checks:
            st = _STATE.get(chk.state, "white")
            facts = _facts_line(chk.facts) if chk.facts else ("needs " + _needs_line(chk.needs))
            table.add_row(
                f"[{st}]{chk.state}[/{st}]",
                e(chk.text),
                e(facts if chk.facts or chk.needs else "—"),
                e("; ".join(chk.basis) or "—"),
            )
        console.print(table)
    elif ans.conditions:
        console.print("[bold]Conditions[/bold]")
        for text in ans.conditions:
            console.print(f"  • {e(text)}")
    if ans.legal_basis:
        table = Table(
            title="Legal basis (statute, as worded on the date)", show_lines=True, expand=True
        )
        table.add_column("role", no_wrap=True)
        table.add_column("law", ratio=2, overflow="fold")
        table.add_column("provision", ratio=1, overflow="fold")
        table.add_column("quote (Japanese)", ratio=4, overflow="fold")
        for cite in ans.legal_basis:
            quote = cite.quote + ("" if cite.verified else "  (unverified wording)")
            table.add_row(cite.role, e(cite.law), e(cite.ref), e(quote))
        console.print(table)
    # the detail opens with the kind of approval in words (anpo.law.vocab.DIET_APPROVAL's
    # gloss): no code or short form before it (the short form repeated its opening words)
    console.print(f"[bold]Diet approval:[/bold] {e(ans.diet_approval_detail)}")
    if ans.supported:
        console.print(f"[bold]Who may be supported:[/bold] {e(ans.supported)}")
    if ans.rationale_items:
        from anpo.law import later_label

        console.print("[bold]Rationale (not a legal basis)[/bold]")
        for r in ans.rationale_items:
            # dated after the answer's date: hindsight, said so (review14 F4)
            later = f"{mark}: " if (mark := later_label(r, ans.date)) else ""
            console.print(
                f"  • {later}{e(r.title)} ({e(r.kind)}): {e(r.text)} Source: {e(r.sources[0])}"
            )
    for n in ans.notes:
        console.print(f"[italic]Note:[/italic] {e(n)}")
    _print_coverage(ans.coverage_note)
    # the rules' confidence and their laws' in-force dates' (from and to), not a confidence in
    # the law of a date past the data: that is the law as last known (review9 F8, review10 F4)
    known = f"; law as last known on {ans.as_last_known}" if ans.as_last_known else ""
    console.print(
        f"[dim]rule confidence: {ans.confidence}; in-force dates' confidence: "
        f"{ans.date_confidence}{known}; rules: {e(', '.join(ans.rules) or '—')}[/dim]"
    )


def ask_cmd(
    date: DateOpt,
    situation: Annotated[str, typer.Option("--situation", "-s", help="e.g. surrounding-area")],
    activity: Annotated[
        str, typer.Option("--activity", "-a", help="e.g. transport-weapons-ammunition")
    ],
    location: Annotated[
        str | None,
        typer.Option(
            "--location",
            "-l",
            help="a location preset (e.g. japan); default japan unless --fact is given",
        ),
    ] = None,
    fact: Annotated[
        list[str] | None,
        typer.Option(
            "--fact",
            "-f",
            help="a fact KEY=VALUE (repeatable), e.g. combat_expected=true; overrides the "
            "preset ('anpo law facts' lists them)",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """May the SDF do ACTIVITY in SITUATION on DATE, at LOCATION or given the facts? With the
    statute quoted, the facts that decided it and, when facts are missing, the answer under
    each value."""
    from anpo.errors import AnpoError
    from anpo.law import ask, parse_assignments

    try:
        facts = parse_assignments(fact) if fact else None
        ans = ask(date, situation, activity, location, facts=facts)
    except AnpoError as exc:
        # the library names a fact 'facts.KEY'; on the command line it was typed '--fact KEY=...'
        if fact and exc.field and exc.field.startswith("facts."):
            exc.field = "--fact " + exc.field.removeprefix("facts.")
        raise
    if as_json:
        print_json(ans.to_dict())
    else:
        _print_answer(ans)


def diff_cmd(
    ctx: typer.Context,
    date_a: Annotated[str, typer.Argument(help="first date, YYYY-MM-DD")],
    date_b: Annotated[
        str, typer.Argument(help="second date, YYYY-MM-DD, not before DATE_A (exit 2 if it is)")
    ],
    situation: Annotated[
        list[str] | None, typer.Option("--situation", "-s", help="restrict to situations")
    ] = None,
    location: Annotated[
        list[str] | None, typer.Option("--location", "-l", help="restrict to locations")
    ] = None,
    activity: Annotated[
        list[str] | None, typer.Option("--activity", "-a", help="restrict to activities")
    ] = None,
    successors: Annotated[
        bool,
        typer.Option(
            "--successors/--no-successors",
            help="compare a situation no longer provided for with its successor "
            "(surrounding-area -> important-influence), as anpo.law.diff and the web API do; "
            "--no-successors compares it with itself (its answer then: no legal basis)",
        ),
    ] = True,
    provisions_only: Annotated[
        bool,
        typer.Option(
            "--provisions",
            help="list the provisions added, repealed, amended or renumbered between the dates instead",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """What changed between DATE_A and DATE_B (status, Diet approval or legal basis), computed
    from the validity intervals of the dated provisions and rules. DATE_A is the earlier date:
    a DATE_A later than DATE_B is refused (exit 2), as anpo.law.diff and the web API refuse it."""
    from anpo.cli._common import flag_names
    from anpo.law import diff

    with flag_names({"date_a": "DATE_A", "date_b": "DATE_B"}):
        if provisions_only:
            given = [
                name
                for name, value in (
                    ("--situation", situation),
                    ("--location", location),
                    ("--activity", activity),
                )
                if value
            ]
            # the default follows successors: only a flag typed restricts the table
            if getattr(ctx.get_parameter_source("successors"), "name", None) == "COMMANDLINE":
                given.append("--successors" if successors else "--no-successors")
            if given:
                from anpo.errors import InputError

                raise InputError(
                    "--provisions lists every provision changed between the dates; "
                    f"{', '.join(given)} restrict{'s' if len(given) == 1 else ''} the "
                    "situation table only: drop one or the other",
                    field=given[0],
                )
            _provision_diff(date_a, date_b, as_json)
            return
        changes = diff(
            date_a,
            date_b,
            situations=situation or None,
            activities=activity or None,
            locations=location or None,
            follow_successors=successors,
        )
    note = _coverage_note(date_a, date_b)
    if as_json:
        # a list of changes, as it has always been; the note goes to standard error
        print_json([c.to_dict() for c in changes])
        _warn_coverage(note)
        return
    if not changes:
        # a sentence, not an empty table
        typer.echo(f"No answer changed between {date_a} and {date_b}.")
        _print_coverage(note)
        return
    from rich.table import Table

    table = Table(title=f"Changes {date_a} → {date_b} ({len(changes)})")
    for col in (
        "situation",
        "activity",
        "location",
        "before",
        "after",
        "changed",
        "basis before",
        "basis after",
    ):
        table.add_column(col)
    from anpo.law.vocab import in_words

    # the codes in a reader's words, as the report's law tables show them ('surrounding
    # area', 'no legal basis'); --json keeps the codes --situation and the others take
    elided = False  # a basis cell cut at _REFS_SHOWN citations, said in the caption
    for c in changes:
        basis = (_refs(c.before), _refs(c.after))
        elided = elided or any(b.endswith(" …") for b in basis)
        sit = (
            in_words(c.situation)
            if c.situation == c.situation_after
            else f"{in_words(c.situation)} → {in_words(c.situation_after)}"
        )
        table.add_row(
            sit,
            in_words(c.activity),
            in_words(c.location),
            f"[{_STYLE[c.status_before]}]{in_words(c.status_before)}[/]",
            f"[{_STYLE[c.status_after]}]{in_words(c.status_after)}[/]",
            ", ".join(c.changed_names),
            *basis,
        )
    if elided:
        table.caption = (
            f"basis: the first {_REFS_SHOWN} citations; …: more, "
            "`anpo law ask` or --json give every one"
        )
    stdout_console().print(table)
    _print_coverage(note)


def _provision_diff(date_a: str, date_b: str, as_json: bool) -> None:
    from rich.markup import escape as e

    from anpo.law import provision_changes

    changes = provision_changes(date_a, date_b)
    if not changes and not as_json:
        # a sentence, as the situation diff says "No answer changed ...", not an empty table
        # (--json keeps its shape: an empty list)
        typer.echo(
            f"No provision was added, repealed, amended or renumbered between {date_a} and "
            f"{date_b}."
        )
        _print_coverage(_coverage_note(date_a, date_b))
        return

    def row(c: ProvisionChange) -> tuple[str, ...]:
        return (e(c.law), e(c.ref), c.kind, e(c.quote_before or "—"), e(c.quote_after or "—"))

    _print_records(
        changes,
        as_json,
        f"Provisions changed {date_a} → {date_b} ({len(changes)})",
        ("law", "provision", "change", "before", "after"),
        row,
        _coverage_note(date_a, date_b),
    )


def _print_records(
    items: Sequence[Any],
    as_json: bool,
    title: str,
    columns: Sequence[str],
    row: Callable[[Any], tuple[str, ...]],
    note: str,
) -> None:
    """The records as a JSON list (their ``to_dict``; its shape unchanged, the coverage
    ``note`` on standard error), or a table of ``columns`` with one ``row`` each, then the
    note's "Law data:" line."""
    if as_json:
        print_json([x.to_dict() for x in items])
        _warn_coverage(note)
        return
    from rich.table import Table

    table = Table(title=title, expand=True)
    for col in columns:
        # a provision's reference ("Art. 3(iii)(nu) → Art. 3(v)") and a short code stay on
        # one line; the law's name and the quotes fold
        whole = col in ("provision", "change", "clause")
        table.add_column(col, overflow="fold", no_wrap=whole)
    for x in items:
        table.add_row(*row(x))
    stdout_console().print(table)
    _print_coverage(note)


#: Citations shown per answer in the diff table (the rest marked "…", said in its caption).
_REFS_SHOWN = 3


def _refs(ans: Answer) -> str:
    # each provision once: one provision can be cited twice, for the clause that authorizes
    # and the one that excludes (the pre-2016 SDF Act Art. 100-9(1)), the same words in a cell
    parts = list(
        dict.fromkeys(
            f"{c.law.split(',')[0].split(' (')[0]} {c.ref}"
            for c in ans.legal_basis
            if c.role in ("authorizes", "excludes", "scope")
        )
    )
    shown = "; ".join(parts[:_REFS_SHOWN])
    return shown + (" …" if len(parts) > _REFS_SHOWN else "") if parts else "—"


def list_cmd(
    date: DateOpt,
    situation: Annotated[
        str | None, typer.Option("--situation", "-s", help="one situation (default: all)")
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", "-l", help="one location (default: all)")
    ] = None,
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            help="list every activity and location, prohibited and 'no legal basis' too "
            "(default: only the possible ones, permitted or conditional)",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The activities possible (permitted or conditional) on DATE, by situation and location;
    with --all every activity and location whatever its status. The table and --json list the
    same entries: in the table a place where the activity is not listed reads '-'. A
    'conditional*' cell (--json: "bar": "international law") is conditional under the statute
    but barred by international law without the territorial state's consent."""
    from anpo.law import LOCATIONS, activities, situations

    sits = [situation] if situation is not None else situations(date)
    note = _coverage_note(date)
    listed = {s: activities(date, s, location, include_all=every) for s in sits}
    if as_json:
        out = {}
        for s in sits:
            out[s] = [
                {
                    "activity": a.activity,
                    "location": a.location,
                    "status": a.status,
                    "diet_approval": a.diet_approval,
                    "legal_basis": [
                        f"{c.law} {c.ref}" for c in a.legal_basis if c.role == "authorizes"
                    ],
                    # what bars the activity where the status is the statute's alone: "international
                    # law" abroad without consent (review18 F3), else null
                    "bar": _bar(a),
                }
                for a in listed[s]
            ]
        print_json({"date": date, "situations": out, "coverage_note": note})
        return
    from rich.table import Table

    from anpo.law.vocab import in_words

    # situations, activities, places and statuses in a reader's words (the report's law
    # matrix); --json keeps the codes --situation and --location take
    console = stdout_console()
    locs = [location] if location else list(LOCATIONS)
    barred = False
    for s in sits:
        answers = listed[s]
        what = "" if every else ", the possible activities"
        table = Table(title=f"{in_words(s)} on {date}{what}")
        table.add_column("activity")
        for loc in locs:
            table.add_column(in_words(loc))
        by = {(a.activity, a.location): a for a in answers}
        for act in dict.fromkeys(a.activity for a in answers):
            cells = []
            for loc in locs:
                a = by.get((act, loc))
                if a is None:
                    cells.append("-")
                    continue
                mark = _BAR_MARK if _bar(a) else ""
                barred = barred or bool(mark)
                cells.append(f"[{_STYLE[a.status]}]{in_words(a.status)}{mark}[/]")
            table.add_row(in_words(act), *cells)
        if not answers:
            console.print(f"{in_words(s)} on {date}: no activity is possible (--all lists them).")
        else:
            console.print(table)
    if barred:  # the legend of the marked cells, once under the tables
        from rich.markup import escape as e

        console.print(e(_BAR_LEGEND))
    _print_coverage(note)


def provisions_cmd(
    date: DateOpt,
    law: Annotated[
        str | None, typer.Option("--law", help="one law version key, e.g. saa-1999 (default: all)")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The law versions in force on DATE as the provisions in force then, with their wording."""
    from rich.markup import escape as e

    from anpo.law import provisions

    items = provisions(date, law)

    def row(p: ProvisionInForce) -> tuple[str, ...]:
        quote = p.quote + ("" if p.verified else "  (unverified wording)")
        in_force = f"{p.valid_from} → {p.valid_to or '…'}"
        return (e(p.law.split(",")[0]), e(p.ref), p.clause, in_force, e(quote))

    # dup-ok: the call to the shared _print_records, alike in shape to the provision changes'
    # above (other rows, title and columns).
    _print_records(
        items,
        as_json,
        f"Provisions in force on {date} ({len(items)})",
        ("law", "provision", "clause", "in force", "quote (Japanese)"),
        row,
        _coverage_note(date),
    )


def facts_cmd(as_json: JsonOpt = False) -> None:
    """The facts a question can state (--fact KEY=VALUE), and the location presets' facts."""
    from anpo.law import DECIDING_FACTS, FACTS, PRESETS, WHERE

    if as_json:
        print_json(
            {
                "facts": {
                    k: {"type": t, "description": d, "ja": ja, "deciding": k in DECIDING_FACTS}
                    for k, (t, d, ja) in FACTS.items()
                },
                "where": {k: {"description": d, "ja": ja} for k, (d, ja) in WHERE.items()},
                "presets": PRESETS,
            }
        )
        return
    from rich.markup import escape as e
    from rich.table import Table

    console = stdout_console()
    table = Table(title="Facts (a missing deciding fact gives 'depends-on')", expand=True)
    for col in ("fact", "values", "kind", "meaning", "Japanese"):
        table.add_column(col, overflow="fold")
    for k, (t, d, ja) in FACTS.items():
        values = "true/false" if t == "bool" else ", ".join(WHERE) if t == "where" else "text"
        if k == "alongside":
            values = "none, search-and-rescue, ship-inspection"
        kind = "deciding" if k in DECIDING_FACTS else "condition"
        table.add_row(k, values, kind, e(d), e(ja))
    console.print(table)
    presets = Table(title="Location presets")
    presets.add_column("preset")
    presets.add_column("facts")
    for name, facts in PRESETS.items():
        presets.add_row(name, e(_facts_line(facts)))
    console.print(presets)


def regimes_cmd(as_json: JsonOpt = False) -> None:
    """Every regime covered, with its in-force dates (--json: the sources of the dates).

    Dates before the first regime (the 1997 Guidelines, 1997-09-23) are not covered; standing law
    older than the timeline (the SDF Act of 1954) is applied from that date on.
    """
    from anpo.law import coverage_start, regimes

    metas = regimes()
    first = coverage_start()
    if as_json:
        print_json([m.model_dump(mode="json") for m in metas])
        return
    from rich.table import Table

    table = Table(
        title="Regimes",
        caption=f"Dates covered: from {first.in_force_from.isoformat()} ({first.title_en}, "
        "the first regime); standing law is applied from then on. The sources of each regime's "
        "dates: --json (date_sources).",
    )
    for col in ("regime", "number", "e-Gov ID", "from", "to", "binding", "date confidence"):
        table.add_column(col)
    for m in metas:
        table.add_row(
            m.title_en + (" (standing law)" if m.standing else ""),
            m.number,
            m.egov_id,
            m.in_force_from.isoformat(),
            m.in_force_to.isoformat() if m.in_force_to else "—",
            "yes" if m.binding else "no (political)",
            m.date_confidence,
        )
    stdout_console().print(table)


law_app.command("ask")(ask_cmd)
law_app.command("diff")(diff_cmd)
law_app.command("list")(list_cmd)
law_app.command("provisions")(provisions_cmd)
law_app.command("facts")(facts_cmd)
law_app.command("regimes")(regimes_cmd)


def register(app: typer.Typer) -> None:
    """Add the ``law`` command group to the ``anpo`` CLI."""
    app.add_typer(law_app, name="law")
