"""The dataset kinds anpo knows, their loaders, and detection of a file's kind from its header.

Canonical kind names (used by the catalog and the CLI): see :data:`KINDS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from anpo._checks import as_path
from anpo.data._io import separator_hint
from anpo.errors import DataError, UnknownDatasetError

__all__ = ["KINDS", "Kind", "detect_kind", "loader_for", "reader_name"]


@dataclass(frozen=True)
class Kind:
    """A dataset kind: canonical name, loader (``module:function``), header signatures and a
    description with where users get the file."""

    name: str
    loader: str
    signatures: tuple[frozenset[str], ...]
    description: str
    forbidden: frozenset[str] = frozenset()


def _sig(*names: str) -> frozenset[str]:
    return frozenset(names)


# dup-ok: registry data: the Kind entries are alike in shape (name, loader, header signatures,
# description).
KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind(
            "cow_states",
            "anpo.data.cow:read_cow_states",
            (_sig("ccode", "statenme", "styear", "endyear"),),
            "COW State System Membership (states2016.csv), correlatesofwar.org",
        ),
        Kind(
            "gw_states",
            "anpo.data.cow:read_gw_states",
            (_sig("gwcode", "startdate", "enddate"), _sig("gwcode", "start", "end")),
            "Gleditsch-Ward independent states (iisystem.dat or peacesciencer gw_states)",
            forbidden=_sig("gwcode1"),
        ),
        Kind(
            "nmc",
            "anpo.data.cow:read_nmc",
            (_sig("ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop"),),
            "COW National Material Capabilities v6/v7 (NMC-60-abridged.csv)",
        ),
        Kind(
            "cow_majors",
            "anpo.data.cow:read_cow_majors",
            (_sig("ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"),),
            "COW major powers (majors2016.csv)",
            forbidden=_sig("statenme"),
        ),
        Kind(
            "mid_dyadic",
            "anpo.data.cow:read_mid_dyadic",
            (
                _sig("disno", "statea", "stateb", "year"),
                _sig("dispnum", "ccode1", "ccode2", "year"),
            ),
            "Dyadic MIDs (dyadic_mid_4.02.csv) or directed dispute-years (cow_mid_dirdisps)",
        ),
        Kind(
            "mid_participant",
            "anpo.data.cow:read_mid_participant",
            (_sig("dispnum", "ccode", "styear", "endyear", "sidea", "hostlev"),),
            "MID participant-level file (MIDB_5.0.csv)",
        ),
        Kind(
            "mid_disputes",
            "anpo.data.cow:read_mid_disputes",
            (_sig("dispnum", "styear", "outcome", "hiact", "hostlev"),),
            "MID dispute-level file (MIDA_5.0.csv or peacesciencer cow_mid_disps)",
            forbidden=_sig("ccode", "ccode1"),
        ),
        Kind(
            "maoz_powers",
            "anpo.data.powers:read_maoz_powers",
            (_sig("ccode", "regstdate", "regenddate", "globstdate", "globenddate"),),
            "Maoz regional and global powers (peacesciencer maoz_powers)",
        ),
        Kind(
            "nuclear_stockpiles",
            "anpo.data.forces:read_nuclear_stockpiles",
            (_sig("country_name", "year", "nuclear_weapons_stockpile"),),
            "Nuclear warhead stockpiles (FAS estimates via Our World in Data)",
        ),
        Kind(
            "contiguity",
            "anpo.data.cow:read_contiguity",
            (
                _sig("state1no", "state2no", "year", "conttype"),
                _sig("ccode1", "ccode2", "conttype", "stdate", "enddate"),
            ),
            "COW Direct Contiguity (contdird.csv)",
        ),
        Kind(
            "atop",
            "anpo.data.atop:read_atop_dyad",
            (
                _sig("ccode1", "ccode2", "year", "atop_defense"),
                _sig("statea", "stateb", "year", "defense", "offense", "neutral", "nonagg"),
            ),
            "ATOP dyad-year alliances (atop5_1ddyr.csv), atopdata.org",
        ),
        Kind(
            "cow_alliance",
            "anpo.data.cow:read_cow_alliance",
            (
                _sig(
                    "ccode1", "ccode2", "year", "defense", "neutrality", "nonaggression", "entente"
                ),
            ),
            "COW Formal Alliances v4.1 dyad-year file (user-supplied only)",
        ),
        Kind(
            "td_rivalries",
            "anpo.data.rivalries:read_td_rivalries",
            (_sig("rivalryno", "ccode1", "ccode2", "styear", "endyear"),),
            "Thompson & Dreyer strategic rivalries",
        ),
        Kind(
            "tss_rivalries",
            "anpo.data.rivalries:read_tss_rivalries",
            (_sig("tssr_id", "ccode1", "ccode2", "start", "end"),),
            "Thompson, Sakuwa & Suhas strategic rivalries",
        ),
        Kind(
            "unga",
            "anpo.data.unga:read_unga_idealpoints",
            (
                _sig("ccode", "year", "idealpointfp"),
                _sig("ccode", "year", "idealpointall"),
                _sig("ccode", "session", "idealpoint"),
                _sig("ccode", "session", "idealpointall"),
            ),
            "UNGA ideal points (IdealpointsJuly2025.csv), Harvard Dataverse hdl:1902.1/12379",
        ),
        Kind(
            "democracy",
            "anpo.data.democracy:read_democracy",
            (_sig("ccode", "year", "euds"), _sig("ccode", "year", "v2x_polyarchy")),
            "Democracy scores by COW state-year (cw_democracy.csv)",
        ),
        Kind(
            "polity",
            "anpo.data.democracy:read_polity",
            (_sig("ccode", "polity", "byear", "eyear"), _sig("ccode", "year", "polity", "polity2")),
            "Polity5 (p5v2018.csv annual or p5v2018d.csv episodes), systemicpeace.org",
        ),
        # the two systems' lists are two kinds, so both can be in the catalog (one kind with
        # two files of version "unknown" took the second for a different file of the first)
        Kind(
            "false_dyads",
            "anpo.data.cow:read_false_cow_dyads",
            (_sig("ccode1", "ccode2", "year", "in_ps"),),
            "False dyads of the COW system (peacesciencer false_cow_dyads)",
        ),
        Kind(
            "false_gw_dyads",
            "anpo.data.cow:read_false_gw_dyads",
            (_sig("gwcode1", "gwcode2", "year", "in_ps"),),
            "False dyads of the Gleditsch-Ward system (peacesciencer false_gw_dyads)",
        ),
        Kind(
            "cow_war_inter",
            "anpo.data.wars:read_cow_war_inter",
            (
                _sig("warnum", "ccode", "side", "startyear1"),
                _sig("warnum", "ccode1", "ccode2", "year", "sidea1", "cowinteronset"),
            ),
            "COW Inter-State War Data v4.0 (Inter-StateWarData_v4.0.csv) or peacesciencer "
            "cow_war_inter",
        ),
        Kind(
            "sipri",
            "anpo.data.sipri:read_sipri_milex",
            (),
            "SIPRI Military Expenditure Database workbook (.xlsx), sipri.org/databases/milex",
        ),
    ]
}


def loader_for(kind: str) -> Callable[[str | Path], pd.DataFrame]:
    """The loader function of ``kind`` (imported lazily)."""
    if not isinstance(kind, str) or kind not in KINDS:  # a dict was 'unhashable type'
        raise DataError(f"unknown dataset kind {kind!r}; known: {', '.join(KINDS)}", field="kind")
    module, func = KINDS[kind].loader.split(":")
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise DataError(f"the loader for {kind!r} is not available ({exc})", field="kind") from None
    return getattr(mod, func)


def _header(path: Path) -> tuple[set[str], int]:
    """The lowered column names of ``path``'s header and its file line (the first line that is
    not blank, as the readers take it; ``<xlsx>``/``<zip>`` at line 1 for a zip file)."""
    from anpo._io.csvlines import header_of
    from anpo.data._io import _check_file, _open_text

    head = _check_file(path)
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as zf:
                is_workbook = "xl/workbook.xml" in zf.namelist()
        except zipfile.BadZipFile as exc:
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                raise DataError(
                    f"damaged workbook: not a readable .xlsx (zip) file ({exc}); download it again",
                    file=path,
                ) from None
            is_workbook = False
        return ({"<xlsx>"} if is_workbook else {"<zip>"}), 1
    text = _open_text(path, head)
    at, first = header_of(text, None)
    sep = "\t" if first.count("\t") > first.count(",") else ","
    return {c.strip().strip('"').strip().lower() for c in first.split(sep)}, at


def detect_kind(path: str | Path) -> str:
    """The kind of the dataset in ``path``, from its header (or workbook type).

    Raises :class:`DataError` when no kind matches or more than one does (then pass ``kind``),
    and when ``path`` is no file path (a dict, an int) or is empty.
    """
    path = as_path(path, "path", error=DataError)
    cols, header_line = _header(path)
    if cols == {"<xlsx>"}:
        return "sipri"
    matches = []
    for kind in KINDS.values():
        if cols & kind.forbidden:
            continue
        if any(sig <= cols for sig in kind.signatures):
            matches.append(kind.name)
    if not matches and len(cols) == 5 and path.suffix.lower() in (".dat", ".tsv", ".txt"):
        return "gw_states"  # the official G-W list has no header
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnknownDatasetError(
            "cannot tell which dataset this is from its header"
            + separator_hint(sorted(cols))
            + "; pass the kind explicitly "
            f"(--kind on the command line, kind= in Python; one of: {', '.join(KINDS)})",
            file=path,
            line=header_line,
        )
    raise DataError(
        f"the header fits several dataset kinds ({', '.join(matches)}); pass the kind explicitly "
        "(--kind on the command line, kind= in Python)",
        file=path,
        line=header_line,
    )


def reader_name(kind: str) -> str:
    """A dataset kind as a reader names it: its description before the file name ('cow_states'
    -> 'COW State System Membership'); the kind itself when it is not known. Reports say which
    datasets a section lacks with it (the back-test said 'the data catalog lacks
    mid_participant', and a comma cut 'Thompson, Sakuwa & Suhas' to 'Thompson').

    >>> reader_name("mid_participant"), reader_name("tss_rivalries"), reader_name("x")
    ('MID participant-level file', 'Thompson, Sakuwa & Suhas strategic rivalries', 'x')
    """
    k = KINDS.get(kind)
    return k.description.split(" (")[0] if k else kind
