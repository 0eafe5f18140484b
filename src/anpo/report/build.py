"""Run the section providers and write the report: ``index.html``, CSV files, terminal summary.

:func:`check_output_dir` refuses a bad ``--out`` before anything is computed; :func:`build_report`
runs the providers; :func:`write_report` writes the page (:mod:`anpo.report.html`), every appendix
table as CSV beside it, ``summary.csv`` (the key findings, one row each),
``summary-SECTION.csv`` (each section's small summary table) and ``columns.csv``, the column
dictionary of those CSV files (each column's header on the page, kind, scale and definition: a
probability or share the page gives in percent is a fraction 0-1 in the CSV,
:func:`anpo.report.tables.column_entries`);
:func:`terminal_summary` is what ``anpo report`` prints.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import importlib
import os
import shutil
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from anpo import __version__
from anpo._checks import as_path
from anpo._io.files import atomic_write, try_create_in
from anpo.errors import AnpoError
from anpo.report.figures import wrap_text
from anpo.report.format import clean_frame
from anpo.report.html import (
    ABOUT,
    OPEN_QUESTIONS,
    TITLE,
    appendix_tables,
    render_html,
    report_files_of,
)
from anpo.report.registry import PROVIDERS
from anpo.report.sections import ReportContext, Section, Table
from anpo.report.tables import COLUMNS_FILE, column_definition, column_entries

GENERATOR = f"anpo {__version__}"
_MARKER = '<meta name="generator" content="anpo'

Provider = str | Callable[[ReportContext], list[Section]]


def _provider_name(spec: Provider) -> str:
    return spec.split(":")[0] if isinstance(spec, str) else getattr(spec, "__module__", "provider")


def build_report(
    ctx: ReportContext,
    providers: Sequence[Provider] | None = None,
    on_provider: Callable[[str], None] | None = None,
) -> list[Section]:
    """Run every provider (``"module:function"`` or a callable) and collect the sections in order.

    Raises :class:`~anpo.errors.ScenarioError`, before any provider runs, for two scenarios
    with a variant of one year and id (:func:`anpo.scenario.labels.check_variant_keys`: the
    report keys a variant by both), and :class:`AnpoError` when two sections share an id (their
    anchors would collide).
    """
    from anpo.scenario.labels import check_variant_keys

    check_variant_keys(ctx.scenarios)
    sections: list[Section] = []
    for spec in providers if providers is not None else PROVIDERS:
        if on_provider is not None:
            on_provider(_provider_name(spec))
        if isinstance(spec, str):
            module_name, func_name = spec.split(":")
            func = getattr(importlib.import_module(module_name), func_name)
        else:
            func = spec
        sections.extend(func(ctx))
    ids = [s.id for s in sections]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise AnpoError(f"duplicate report section ids: {sorted(dup)}")
    return sections


def check_output_dir(outdir: str | Path, force: bool = False) -> Path:
    """Refuse an output directory the report cannot or must not be written to; create nothing.

    Called by ``anpo report`` before any computation. Raises :class:`AnpoError` (naming the path)
    when ``outdir`` exists and is not a directory, when it or the folder it would be created in is
    not writable, or, unless ``force``, when it holds an ``index.html`` that anpo did not write or
    holds files but no report at all (the report's CSV files, ``summary.csv`` among them, would
    replace files of the same names: a folder of the user's own is not written into unasked).
    A temporary folder a killed run of :func:`write_report` left in it is no file of the
    user's (:func:`_leftover`). An ``outdir`` that is no folder path (a dict, an int) or is empty
    is an :class:`~anpo.errors.InputError` (an :class:`AnpoError`) naming it.
    """
    outdir = as_path(outdir, "outdir", what="a folder path")
    if outdir.exists():
        if not outdir.is_dir():
            raise AnpoError("exists and is not a directory; choose another --out", file=outdir)
        if not os.access(outdir, os.W_OK | os.X_OK):
            raise AnpoError("is not writable; choose another --out", file=outdir)
        _probe(outdir, outdir, "is not writable")
        target = outdir / "index.html"
        if target.exists() and not force:
            if target.is_dir():
                raise AnpoError("is a directory; choose another --out", file=target)
            with open(target, encoding="utf-8", errors="replace") as fh:
                head = fh.read(4000)
            if _MARKER not in head:
                raise AnpoError(
                    "exists and was not written by anpo; choose another --out or pass --force",
                    file=target,
                )
        elif not force and any(not _leftover(p, outdir) for p in outdir.iterdir()):
            raise AnpoError(
                "holds files but no anpo report (no index.html); choose a new or empty folder, "
                "or pass --force to write the report beside them (files of the report's names "
                "are replaced)",
                file=outdir,
            )
        return outdir
    parent = outdir.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise AnpoError(f"cannot be created: {parent} is not a directory", file=outdir)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise AnpoError(f"cannot be created: {parent} is not writable", file=outdir)
    _probe(parent, outdir, f"cannot be created in {parent}")
    return outdir


def _staging_prefix(outdir: Path) -> str:
    """The start of the name of :func:`write_report`'s temporary folder for ``outdir``."""
    return f".{outdir.name[:40]}."


#: The characters of ``tempfile.mkdtemp``'s random part of a name (eight of them).
_RANDOM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _leftover(path: Path, outdir: Path) -> bool:
    """Whether ``path`` is a temporary folder :func:`write_report` made for ``outdir``: a folder
    (not a link) named ``.NAME.PID-XXXXXXXX.tmp``, the prefix of :func:`_staging_prefix`, the
    writing process's id and eight characters of ``tempfile.mkdtemp``'s random name (an earlier
    anpo wrote ``.NAME.XXXXXXXX.tmp``, without the id). One a run killed outright (``kill -9``,
    a power cut) left is no file of the user's (:func:`check_output_dir`); whether its writer
    is still at work is :func:`_writer_running`'s question."""
    name, prefix = path.name, _staging_prefix(outdir)
    if not (name.startswith(prefix) and name.endswith(".tmp")):
        return False
    pid, dash, rand = name[len(prefix) : -len(".tmp")].rpartition("-")
    return (
        len(rand) == 8
        and set(rand) <= _RANDOM
        and (pid.isascii() and pid.isdigit() if dash else True)
        and path.is_dir()
        and not path.is_symlink()
    )


def _try_lock(folder: Path) -> tuple[int | None, bool | None]:
    """Take ``folder``'s exclusive lock (``flock``, not waiting): ``(descriptor, False)`` when
    taken (held until the descriptor is closed), ``(None, True)`` when another holds it,
    ``(None, None)`` when that cannot be told (no such lock on this system or file system, or
    no such folder)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None, None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None, None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        return None, (True if isinstance(exc, BlockingIOError) else None)
    return fd, False


def _hold(folder: Path) -> int | None:
    """Lock ``folder`` for as long as the returned descriptor is open: the mark of a writer at
    work that :func:`_writer_running` tests; None where no lock can be taken (the process id in
    the name is then the only mark)."""
    return _try_lock(folder)[0]


def _held(folder: Path) -> bool | None:
    """Whether a writer holds ``folder``'s lock (:func:`_hold`); None when that cannot be told."""
    fd, held = _try_lock(folder)
    if fd is not None:
        os.close(fd)  # the probe's own lock, released at once
    return held


def _writer_running(path: Path, outdir: Path) -> bool:
    """Whether the run that made ``path``, a temporary folder for ``outdir`` (:func:`_leftover`),
    is still writing its report: its writer holds a lock on the folder (:func:`_hold`) until it
    is done, so a folder nobody holds was left by a run killed outright, whatever process has
    its id now (a container's runs all have one small id, so an id alone kept a killed run's
    folder for ever). Where no lock can be taken, the process id in the name decides: this
    process, or any process ``os.kill(pid, 0)`` finds. A folder of an earlier anpo's name has
    no id: taken as left by a killed run."""
    pid, dash, _ = path.name[len(_staging_prefix(outdir)) : -len(".tmp")].rpartition("-")
    if not dash:
        return False
    held = _held(path)
    if held is not None:
        return held
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # not ours to signal (so alive), or no such id here
        return True
    return True


def _remove_leftovers(folder: Path, outdir: Path, keep: Path) -> None:
    """Remove from ``folder`` the temporary folders runs for ``outdir`` left and whose writer
    is gone (:func:`_leftover`, :func:`_writer_running`), except ``keep`` (this run's); one
    another run is still writing stays, as does a folder that cannot be removed. Before, a run
    removed every other temporary folder for ``outdir``: a second report written into the same
    folder at the same moment lost its files before moving them in."""
    try:
        found = [
            p
            for p in folder.iterdir()
            if p != keep and _leftover(p, outdir) and not _writer_running(p, outdir)
        ]
    except OSError:
        return
    for path in found:
        shutil.rmtree(path, ignore_errors=True)


def _probe(folder: Path, outdir: Path, what: str) -> None:
    """Refuse ``outdir`` when nothing can be created in ``folder`` (:func:`try_create_in`):
    ``--out /proc/x`` passed the permission bits, which root always passes, and the report
    failed only when written, after every section was computed."""
    try:
        try_create_in(folder)
    except OSError as exc:
        raise AnpoError(
            f"{what}: {exc.strerror or exc}; choose another --out", file=outdir
        ) from None


def findings_frame(sections: list[Section]) -> pd.DataFrame:
    """The key findings as one tidy table (one row per finding), as written to ``summary.csv``."""
    rows = [
        {
            "section_number": n,
            "section_id": s.id,
            "section": s.title,
            "question": f.question,
            "answer": f.answer,
            "key_number": f.number,
            "confidence": f.confidence,
        }
        for n, s in enumerate(sections, start=1)
        for f in s.findings
    ]
    cols = [
        "section_number",
        "section_id",
        "section",
        "question",
        "answer",
        "key_number",
        "confidence",
    ]
    return pd.DataFrame(rows, columns=cols)


SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def source_date() -> _dt.datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` fixes (UTC), or None when it is unset or empty.

    Source: the reproducible-builds specification of ``SOURCE_DATE_EPOCH``
    (https://reproducible-builds.org/specs/source-date-epoch/): whole seconds since
    1970-01-01 00:00:00 UTC, as ``date +%s`` writes them; a build stamps that time instead of the
    clock's, so two builds from the same inputs are the same bytes. A malformed value is an
    :class:`~anpo.errors.InputError` naming the variable (the specification: a malformed value
    should stop the build rather than fall back to the clock).
    """
    from anpo.errors import InputError

    text = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise InputError(
            f"must be whole seconds since 1970-01-01 00:00 UTC (as `date +%s` writes them), "
            f"got {text!r}",
            field=SOURCE_DATE_EPOCH,
        )
    try:
        return _dt.datetime.fromtimestamp(int(text), tz=_dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise InputError(
            f"{text} seconds since 1970 is past the last date anpo can write",
            field=SOURCE_DATE_EPOCH,
        ) from None


def generation_line(now: _dt.datetime | None = None) -> str:
    """The page's 'Generated' line: the time of the build in UTC, to the minute, and anpo's
    version; the only line of the page that changes between runs of the same inputs.

    The time is ``now`` (a naive ``now`` is read as local time), else the one
    ``SOURCE_DATE_EPOCH`` fixes (:func:`source_date`: with it set, the line is the same on every
    run), else the clock's.
    """
    when = now if now is not None else source_date()
    if when is None:
        when = _dt.datetime.now(_dt.UTC)
    stamp = when.astimezone(_dt.UTC).strftime("%Y-%m-%d %H:%M")
    return f"Generated {stamp} UTC by {GENERATOR}."


def csv_tables(sections: Sequence[Section]) -> dict[str, Table]:
    """The tables the report writes as CSV files for ``sections``, by file name: each section's
    appendix and body tables too long for the page (:func:`anpo.report.html.appendix_tables`),
    and its summary (``summary-SECTION.csv``, a table of the summary's frame, kinds and
    definitions); the findings' ``summary.csv`` and the column dictionary are not among them."""
    csvs: dict[str, Table] = {}
    for s in sections:
        for placed in appendix_tables(s):
            csvs[f"{placed.csv}.csv"] = placed.table
        if s.summary is not None and not s.summary.empty:
            csvs[f"summary-{s.id}.csv"] = Table(
                title=f"summary of {s.id}",
                frame=s.summary,
                kinds=s.summary_kinds,
                definitions=s.summary_definitions,
            )
    return csvs


def undefined_columns(sections: Sequence[Section]) -> list[tuple[str, str]]:
    """``(CSV file, column)`` for each column of the CSV files :func:`write_report` writes for
    ``sections`` (:func:`csv_tables`, and ``summary.csv``) whose row in the column dictionary
    (``columns.csv``) has no definition (:func:`anpo.report.tables.column_definition`, the
    table's own ``definitions`` first); empty when every column says what it holds.

    The report's promise that every CSV column is defined (rep30) was checked on the built-in
    book's report only: the tables a user's scenario file adds (its ``[burden]`` section's
    tests, more than :data:`~anpo.report.html.MAX_BODY_ROWS` rows of a body table) were not.
    The tests run this on every path a build takes (report33).
    """
    files = [(name, t.frame, t.definitions) for name, t in csv_tables(sections).items()]
    files.append(("summary.csv", findings_frame(list(sections)), {}))
    return [
        (name, str(col))
        for name, frame, definitions in files
        for col in frame.columns
        if not column_definition(col, definitions).strip()
    ]


def write_report(
    sections: list[Section],
    outdir: str | Path,
    *,
    title: str = TITLE,
    about: str = ABOUT,
    meta: dict[str, str] | None = None,
    force: bool = False,
    generated: str | None = None,
    inputs: Sequence[tuple[str, str, str]] = (),
) -> Path:
    """Write ``index.html``, the CSV files and return the html path.

    ``generated`` is the header's generation line (default: :func:`generation_line`, the time in
    UTC, the one ``SOURCE_DATE_EPOCH`` fixes when it is set); everything else on the page and in
    the CSV files follows from ``sections``, ``title``, ``about``, ``meta`` and ``inputs`` (the
    scenario files and catalog datasets with their SHA-256, listed in the header:
    :func:`anpo.report.html.inputs_html`).

    An existing ``index.html`` that anpo did not write is never overwritten unless ``force``
    (:func:`check_output_dir`). Every file is first written whole into a temporary folder
    (beside a new ``outdir``, inside an existing one); then a new folder is renamed into place,
    and the files of an existing one are moved in, ``index.html`` last. A failure or Ctrl-C
    while writing leaves no folder of CSV files without their page (which a rerun would refuse
    as someone else's files), nor a previous report's page beside some of the new CSV files.
    A run killed outright leaves its temporary folder; the next run for ``outdir`` ignores it
    (:func:`check_output_dir`) and removes it once the report is in place. The temporary folder
    is named by this process's id and a random part: two reports written for one ``outdir`` at
    the same moment each write their own, and neither removes the other's
    (:func:`_remove_leftovers`). A write that fails (a full disk, a file-size limit) is an
    :class:`AnpoError` naming ``outdir`` and the cause, after the temporary folder is removed;
    an ``outdir`` that is no folder path is refused first (:func:`check_output_dir`).
    """
    outdir = check_output_dir(outdir, force)
    try:
        return _write_staged(sections, outdir, title, about, meta, generated, inputs)
    except OSError as exc:
        from anpo._io.files import NO_ROOM

        room = "free some space or " if exc.errno in NO_ROOM else ""
        raise AnpoError(
            f"cannot write the report ({exc.strerror or exc}); {room}choose another --out",
            file=outdir,
        ) from None


# dup-ok: the parameters of write_report's work, passed through as they are to _write_files:
# alike in shape, one signature per step of the write.
def _write_staged(
    sections: list[Section],
    outdir: Path,
    title: str,
    about: str,
    meta: dict[str, str] | None,
    generated: str | None,
    inputs: Sequence[tuple[str, str, str]] = (),
) -> Path:
    """:func:`write_report`'s work once ``outdir`` is checked: the files written whole into a
    temporary folder, then renamed or moved into place."""
    import tempfile

    from anpo._io.files import current_umask, move_files_in

    existed = outdir.exists()
    earlier = _earlier_files(outdir) if existed else []
    parent = outdir if existed else outdir.parent
    parent.mkdir(parents=True, exist_ok=True)
    # the process's id and mkdtemp's random part: unique to this run, and named by its writer
    prefix = f"{_staging_prefix(outdir)}{os.getpid()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=parent))
    held = _hold(staging)  # the mark of a run at work (_writer_running), released at the end
    try:
        os.chmod(staging, 0o777 & ~current_umask())
        _write_files(sections, staging, title, about, meta, generated, inputs)
        if not existed:
            try:
                os.rename(staging, outdir)
                _remove_leftovers(parent, outdir, keep=outdir)
                return outdir / "index.html"
            except OSError:  # the folder appeared meanwhile: move the files in
                outdir.mkdir(parents=True, exist_ok=True)
        written = [p.name for p in staging.iterdir()]
        move_files_in(staging, outdir, last="index.html")
        _remove_stale(outdir, earlier, written)
        _remove_leftovers(parent, outdir, keep=staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if held is not None:
            os.close(held)
    return outdir / "index.html"


def _write_files(
    sections: list[Section],
    outdir: Path,
    title: str,
    about: str,
    meta: dict[str, str] | None,
    generated: str | None,
    inputs: Sequence[tuple[str, str, str]] = (),
) -> None:
    """The report's files in the existing folder ``outdir``, each atomically, the page last
    (it lists the others, :func:`anpo.report.html.report_files_of`)."""
    csvs = csv_tables(sections)
    text = render_html(
        sections,
        title=title,
        about=about,
        meta=meta,
        generated=generation_line() if generated is None else generated,
        generator=GENERATOR,
        files=[*csvs, "summary.csv", COLUMNS_FILE],
        inputs=inputs,
    )
    findings = findings_frame(sections)
    # the column dictionary: each CSV column's page header, kind, scale and definition (a probability or
    # share the page gives in percent is a fraction 0-1 in the CSV, whose header keeps the
    # data's name; anpo.report.tables.column_entries)
    entries = [
        row
        for name, t in csvs.items()
        for row in column_entries(name, t.frame, t.kinds, t.headers, t.definitions)
    ]
    entries += column_entries("summary.csv", findings)
    for name, t in csvs.items():
        # the table's kinds: a model's results are written as computed (clean_frame); its
        # scales: noise judged at a column's own magnitude, as the page writes it
        atomic_write(outdir / name, clean_frame(t.frame, t.kinds, t.scales).to_csv(index=False))
    atomic_write(outdir / "summary.csv", findings.to_csv(index=False))
    atomic_write(outdir / COLUMNS_FILE, pd.DataFrame(entries).to_csv(index=False))
    atomic_write(outdir / "index.html", text)


def _earlier_files(outdir: Path) -> list[str]:
    """The files the report already in ``outdir`` wrote beside its page (its ``anpo-files``
    list; none for a page anpo did not write or that lists none)."""
    try:
        with open(outdir / "index.html", encoding="utf-8", errors="replace") as fh:
            head = fh.read(20000)
    except OSError:
        return []
    return report_files_of(head) if _MARKER in head else []


def _remove_stale(outdir: Path, earlier: Sequence[str], written: Sequence[str]) -> None:
    """Remove from ``outdir`` the files the earlier report wrote (``earlier``) that this one
    did not (``written``): a rerun with fewer sections left the old run's CSV files beside the
    new page, read as current. Only regular files (or links) named in the earlier page's own
    list are touched; a file that cannot be removed stays."""
    for name in sorted(set(earlier) - set(written) - {"index.html"}):
        path = outdir / name
        if path.is_symlink() or path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()


def terminal_columns(text: str) -> int:
    """The terminal columns ``text`` takes: a wide (CJK) character two, a combining mark none.

    >>> terminal_columns("Japan"), terminal_columns("日本"), terminal_columns("e\u0301")
    (5, 4, 1)
    """
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def terminal_summary(
    sections: list[Section], *, width: int | None = None, title: str = TITLE
) -> str:
    """What ``anpo report`` prints before the report's path: the key findings, wrapped so every
    line fits ``width`` terminal columns (default: the terminal's width, at most 100), Japanese
    characters counted two columns each (:func:`terminal_columns`)."""
    if width is None:
        width = min(100, shutil.get_terminal_size((100, 24)).columns)
    width = max(40, min(width, 100))

    def wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
        words = " ".join(str(text).split())
        head = indent if first is None else first
        if words and terminal_columns(words) != len(words):
            # wide (Japanese) characters take two columns, which textwrap counts as one: a
            # user's actor named in Japanese ran 40 columns past the line
            body = wrap_text(words, width - len(indent), terminal_columns).split("\n")
            return [(head if i == 0 else indent) + line for i, line in enumerate(body)]
        return textwrap.wrap(
            words,
            width=width,
            initial_indent=head,
            subsequent_indent=indent,
            break_long_words=True,
            break_on_hyphens=False,
        ) or [indent.rstrip()]

    lines = wrap(title)
    lines.append("")
    n_findings = sum(len(s.findings) for s in sections)
    if n_findings:
        lines.append("Key findings (each links to its evidence in the report):")
        k = 0
        for number, s in enumerate(sections, start=1):
            for f in s.findings:
                k += 1
                head = f"{k:>2}. "
                lines += wrap(f.question, " " * len(head), head)
                lines += wrap(f.answer, " " * len(head))
                if f.number:
                    lines += wrap(f"Key number: {f.number}", " " * len(head))
                if f.confidence:
                    lines += wrap(f"Confidence: {f.confidence}", " " * len(head))
                lines += wrap(f"Section {number}: {s.title}", " " * len(head))
    else:
        lines.append("No section of this run states a key finding; see the report.")
    missing = [f"{n}. {s.title}" for n, s in enumerate(sections, start=1) if s.needs_data]
    if missing:
        lines.append("")
        lines += wrap("Sections that need data not in the catalog: " + "; ".join(missing))
    if OPEN_QUESTIONS:  # what the page lists after the key findings, said here too
        lines.append("")
        lines += wrap(
            f"{len(OPEN_QUESTIONS)} of the seed's questions are not answered here (the cost of "
            "missile defense against conventional forces, intelligence sharing, domestic "
            "politics and others); the report lists them after the key findings, each with why."
        )
    lines.append("")
    lines += wrap(
        f"{len(sections)} sections, {n_findings} key findings; the full tables are CSV files "
        "beside the report (columns.csv defines each column and says its scale: probabilities "
        "and shares are fractions 0-1 there, percentages on the page) and summary.csv lists "
        "the key findings."
    )
    return "\n".join(lines)
