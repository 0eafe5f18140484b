"""The scenario book's citations, checked mechanically (the rule: every scenario figure cites a
public source or is labelled an assumption; prefer the latest authoritative source and keep
figures consistent with the sources they cite).

- Every DoD China Military Power Report (CMPR) a figure cites names its edition, and that edition
  is an entry of the bibliography ([dod2023; dod2024; dod2025]).
- A figure that cites an edition older than the latest one says it is the latest edition found to
  state it (the 2025 edition reports only new information and does not mention China's SSBNs:
  M. Korda, 'The Pentagon's (Slimmed Down) 2025 China Military Power Report', FAS, 9 Jan 2026).
- The 2025 file and the 2030 projection cite the same editions for the same entries.
- Every launcher count, warhead loading and interceptor count is stated in its entry's source,
  and each layer's reliabilities are stated or called reliable; counterforce kill probabilities
  are labelled anpo assumptions.

Each rule is shown to fail on a mutated copy of a book file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from anpo.references import references
from anpo.scenario import book_files
from anpo.scenario.load import parse_scenario_text
from anpo.scenario.schema import Scenario
from anpo.scenario.uncertainty import Triangular

#: A CMPR citation and the editions it names: 'CMPR 2024', 'CMPR 2023 and 2024', 'CMPR
#: 2021-2024', 'CMPR 2023/2024', 'China Military Power Report 2024' ('DoD 2024' in prose is not
#: a CMPR citation here: the 2030 description's is checked by its own test below).
_CMPR = re.compile(
    r"\b(?:CMPR|China Military Power Reports?)\b(?P<after>[^;:,()]{0,24})",
)
_YEARS = re.compile(r"\b(20\d\d)(?:\s*(?:-|/|and)\s*(20\d\d))?\b")
_LATEST_SAID = re.compile(r"\blatest editions? (?:found )?to state it\b")


def _editions(text: str) -> list[set[int]]:
    """The editions each CMPR citation of ``text`` names (an empty set: none named)."""
    out = []
    for m in _CMPR.finditer(text):
        years: set[int] = set()
        y = _YEARS.match(m.group("after").strip())
        if y:
            lo = int(y.group(1))
            hi = int(y.group(2) or lo)
            years = set(range(lo, hi + 1)) if "-" in y.group(0) else {lo, hi}
        out.append(years)
    return out


def _cited_fields(s: Scenario) -> Iterator[tuple[str, str]]:
    """(entry, text) for every text a reader sees beside a figure."""
    yield "scenario.description", s.scenario.description or ""
    for f in s.forces:
        yield f"forces[{f.id}]", f.source
    for d in s.defenses:
        yield f"defenses[{d.id}]", d.source
        for i, ly in enumerate(d.layers):
            yield f"defenses[{d.id}].layers[{i}]", ly.source
    for c in s.counterforce:
        yield f"counterforce[{c.striker},{c.basing}]", c.source
    for dm in s.damage:
        yield f"damage[{dm.actor}]", dm.source
    for u in s.uncertainties:
        yield f"uncertainties[{u.name}]", u.basis
    yield "settings", s.settings.source


def _book(mutate: dict[str, tuple[str, str]] | None = None) -> dict[int, Scenario]:
    """The book's scenarios by year, read from the files; ``mutate`` maps a file name to an
    (old, new) replacement made first (old must occur once). The files as written are read
    once (the checks only read them)."""
    return _read_book(tuple(sorted((mutate or {}).items())))


@cache
def _read_book(mutate_items: tuple[tuple[str, tuple[str, str]], ...]) -> dict[int, Scenario]:
    mutate = dict(mutate_items)
    out = {}
    for path in book_files():
        text = Path(path).read_text(encoding="utf-8")
        if mutate and path.name in mutate:
            old, new = mutate[path.name]
            assert text.count(old) == 1, (path.name, old)
            text = text.replace(old, new)
        s = parse_scenario_text(text, path.name)
        out[s.scenario.year] = s
    return out


def _cmpr_editions_in_bibliography() -> dict[int, str]:
    return {
        r.year: key
        for key, r in references().items()
        if key.startswith("dod") and r.title.startswith("Military and Security Developments")
    }


def _unnamed_or_unknown_editions(book: dict[int, Scenario]) -> list[tuple[int, str, object]]:
    known = _cmpr_editions_in_bibliography()
    bad: list[tuple[int, str, object]] = []
    for year, s in book.items():
        for where, text in _cited_fields(s):
            for eds in _editions(text):
                if not eds:
                    bad.append((year, where, "no edition"))
                bad.extend((year, where, ed) for ed in sorted(eds) if ed not in known)
    return bad


def _older_editions_unexplained(book: dict[int, Scenario]) -> list[tuple[int, str, int]]:
    latest = max(_cmpr_editions_in_bibliography())
    bad = []
    for year, s in book.items():
        for where, text in _cited_fields(s):
            eds = set().union(*_editions(text), set())
            if eds and max(eds) < latest and not _LATEST_SAID.search(text):
                bad.append((year, where, max(eds)))
    return bad


def _editions_by_entry(s: Scenario) -> dict[str, set[int]]:
    return {w: set().union(*_editions(t), set()) for w, t in _cited_fields(s) if _editions(t)}


def _2025_and_2030_disagree(book: dict[int, Scenario]) -> list[tuple[str, set[int], set[int]]]:
    a, b = _editions_by_entry(book[2025]), _editions_by_entry(book[2030])
    return [(w, a[w], b[w]) for w in sorted(a.keys() & b.keys()) if a[w] != b[w]]


def test_the_bibliography_holds_each_cmpr_edition_the_book_cites() -> None:
    known = _cmpr_editions_in_bibliography()
    assert {2023, 2024, 2025} <= known.keys()
    for year, key in known.items():
        assert key == f"dod{year}" and references()[key].title.endswith(str(year))


def test_every_cmpr_citation_names_an_edition_in_the_bibliography() -> None:
    assert not _unnamed_or_unknown_editions(_book())


def test_an_older_cmpr_edition_is_cited_as_the_latest_to_state_the_figure() -> None:
    assert not _older_editions_unexplained(_book())


def test_2025_and_2030_cite_the_same_cmpr_editions_for_the_same_entries() -> None:
    book = _book()
    shared = _editions_by_entry(book[2025]).keys() & _editions_by_entry(book[2030]).keys()
    assert len(shared) >= 8  # the Chinese forces and their uncertainties
    assert not _2025_and_2030_disagree(book)


@pytest.mark.slow
def test_the_cmpr_rules_fail_on_mutated_files() -> None:
    """Each rule above catches the mistake it is for."""
    # an edition the bibliography lacks, and a citation without an edition
    silo = "more than 100 DF-31-class ICBMs likely loaded in them"
    book = _book(
        {"us-japan-2025.toml": (f"DoD CMPR 2025 (Dec 2025): {silo}", f"DoD CMPR 2022: {silo}")}
    )
    assert (2025, "forces[cn-silo-new]", 2022) in _unnamed_or_unknown_editions(book)
    book = _book({"us-japan-2030.toml": ("(DoD CMPR 2025, Dec 2025)", "(DoD CMPR, Dec 2025)")})
    assert (2030, "forces[cn-silo-new]", "no edition") in _unnamed_or_unknown_editions(book)
    # an older edition with no word on why (the H-6N entry as it was)
    old = "DoD CMPR 2024 (latest edition found to state it; CMPR 2025 mentions"
    book = _book({"us-japan-2030.toml": (f'source = "{old}', 'source = "DoD CMPR 2024 (mentions')})
    assert (2030, "forces[cn-bombers]", 2024) in _older_editions_unexplained(book)
    # the projection citing another edition than the 2025 file for the same entry
    book = _book({"us-japan-2030.toml": ("(DoD CMPR 2025, Dec 2025)", "(DoD CMPR 2024, Dec 2024)")})
    assert ("forces[cn-silo-new]", {2025}, {2024}) in _2025_and_2030_disagree(book)


def _silo_and_total_wording(book: dict[int, Scenario]) -> list[tuple[int, str]]:
    """Entries that attribute CMPR 2025's silo figure in other words than 'more than 100
    DF-31-class ICBMs likely loaded' (the 2030 file said 'more than 100 loaded by the end of
    2024', a date the reports of the edition do not give), and a 2030 description that cites
    the over-1,000-by-2030 projection to one edition only (it said 'DoD 2024'; CMPR 2025
    repeats it)."""
    bad = []
    for year in (2025, 2030):
        for where, text in _cited_fields(book[year]):
            if "by the end of 2024" in text:
                bad.append((year, where))
            for m in re.finditer(r"CMPR 2025[^;]{0,40}?more than 100[^;)]*", text):
                if "more than 100 DF-31-class ICBMs likely loaded" not in m.group(0):
                    bad.append((year, where))
    if "1,000 operational warheads (DoD CMPR 2024 and 2025)" not in (
        book[2030].scenario.description or ""
    ):
        bad.append((2030, "scenario.description"))
    return bad


@pytest.mark.slow
def test_the_silo_and_2030_figures_are_attributed_alike_in_both_files() -> None:
    """CMPR 2025 (23 Dec 2025): more than 100 solid-propellant DF-31-class ICBMs likely loaded in
    the new silo fields, and over 1,000 warheads by 2030 as in CMPR 2024 (Reuters, Asia Times,
    A. Erickson, 19FortyFive, 29 Dec 2025)."""
    assert not _silo_and_total_wording(_book())
    was = "more than 100 loaded by the end of 2024 (DoD CMPR 2025)"
    book = _book(
        {
            "us-japan-2030.toml": (
                "more than 100 DF-31-class ICBMs likely loaded in them (DoD CMPR 2025, Dec 2025)",
                was,
            )
        }
    )
    assert (2030, "forces[cn-silo-new]") in _silo_and_total_wording(book)
    book = _book({"us-japan-2030.toml": ("(DoD CMPR 2024 and 2025)", "(DoD 2024)")})
    assert (2030, "scenario.description") in _silo_and_total_wording(book)


def _silo_triangle_misread(book: dict[int, Scenario]) -> list[str]:
    """What the 2025 armed-silo range says of CMPR 2025's 'more than 100' that its numbers do not
    bear out: the mode must sit at that lower bound and be called so, the high must lie above
    it, and the share of draws below it (a triangular's CDF at its mode) must be written."""
    u = next(x for x in book[2025].uncertainties if x.name == "cn_new_silos_armed")
    d = u.distribution
    assert isinstance(d, Triangular)
    bad = []
    if d.mode != 100 or "mode at that lower bound" not in u.basis:
        bad.append("mode")
    if not d.high > 100:
        bad.append("high")
    below = round(100 * (d.mode - d.low) / (d.high - d.low))
    if f"{below}% of the draws lie below 100" not in u.basis:
        bad.append("share below")
    return bad


@pytest.mark.slow
def test_the_2025_silo_range_reads_cmpr_2025_as_a_lower_bound() -> None:
    """CMPR 2025 (23 Dec 2025): 'more than 100' DF-31-class ICBMs likely loaded, a lower bound;
    FAS, 'Chinese nuclear weapons, 2025' (Mar 2025): around 30 loaded; FAS (Dec 2024): DoD 2024
    appears to assume up to about a third of the ~320 silos armed (107). The triangle 30/100/107
    puts its mode at DoD's bound, not above it, and 70/77 = 91% of its draws below 100."""
    assert not _silo_triangle_misread(_book())
    old = "(mode at that lower bound, 100, as DoD's reading most likely: anpo assumption)"
    book = _book(
        {"us-japan-2025.toml": (old, "(mode, DoD's reading most likely: anpo assumption)")}
    )
    assert _silo_triangle_misread(book) == ["mode"]
    book = _book({"us-japan-2025.toml": ("low = 30, mode = 100", "low = 50, mode = 100")})
    assert _silo_triangle_misread(book) == ["share below"]


# ---------------------------------------------------------------- figures stated in sources

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 8: "eight"}


def _states(value: float, text: str) -> bool:
    """``value`` is written in ``text``: as a number (not part of a longer one), as a word, or
    for a share as a percentage ('30%')."""
    pats = [rf"(?<![\d.,]){re.escape(f'{value:g}')}(?![\d]|[.,]\d)"]
    if float(value).is_integer() and int(value) in _WORDS:
        pats.append(rf"\b{_WORDS[int(value)]}\b")
    if 0 < value < 1:
        pats.append(rf"(?<![\d.]){round(100 * value)}%")
    return any(re.search(p, text, re.IGNORECASE) for p in pats)


def _unstated_counts(book: dict[int, Scenario]) -> list[tuple[int, str, str, float]]:
    bad: list[tuple[int, str, str, float]] = []
    for year, s in book.items():
        for f in s.forces:
            if f.source.startswith("As "):  # a posture copy: its original states the counts
                continue
            if not _states(f.launchers, f.source):
                bad.append((year, f.id, "launchers", f.launchers))
            per, total = f.warheads_per_launcher, f.launchers * f.warheads_per_launcher
            if not (_states(per, f.source) or _states(total, f.source)):
                bad.append((year, f.id, "warheads_per_launcher", per))
        for d in s.defenses:
            for ly in d.layers:
                src = ly.source
                if not _states(ly.interceptors, src):
                    bad.append((year, d.id, "interceptors", ly.interceptors))
                if not (
                    _states(ly.reliability, src) or (ly.reliability == 1 and "reliable" in src)
                ):
                    bad.append((year, d.id, "reliability", ly.reliability))
                if ly.common_mode and not _states(ly.common_mode_reliability, src):
                    bad.append((year, d.id, "common_mode_reliability", ly.common_mode_reliability))
                pf = ly.protected_fraction
                shares = pf.values() if isinstance(pf, dict) else [pf]
                bad.extend(
                    (year, d.id, "protected_fraction", x)
                    for x in shares
                    if x < 1 and not _states(x, src)
                )
        for c in s.counterforce:
            if not (
                c.source.startswith("anpo assumption") or _states(c.kill_probability, c.source)
            ):
                bad.append(
                    (year, f"{c.striker},{c.basing}", "kill_probability", c.kill_probability)
                )
    return bad


def test_every_count_and_reliability_is_stated_in_its_source() -> None:
    """Launchers, warheads per launcher (or the total they give), interceptors, a layer's
    reliability and common-mode reliability and the share it protects are written in the
    entry's source with their value; a counterforce probability is an anpo assumption."""
    assert not _unstated_counts(_book())


@pytest.mark.parametrize(
    ("name", "old", "new", "found"),
    [
        # Japan's SM-3 tier: 8 ships x 8, the total not written (the earlier source)
        (
            "us-japan-2025.toml",
            "8 SM-3 per ship (64)",
            "8 SM-3 per ship",
            ("japan-bmd", "interceptors"),
        ),
        # China's SLBMs: six boats x 12 tubes, the 72 not written (the earlier source)
        (
            "us-japan-2030.toml",
            "12 tubes each (72 missiles)",
            "12 tubes each",
            ("cn-slbm", "launchers"),
        ),
        # a launcher count changed without its source
        (
            "us-japan-2025.toml",
            "launchers = 40\nwarheads_per_launcher = 3",
            "launchers = 45\nwarheads_per_launcher = 3",
            ("cn-df41", "launchers"),
        ),
        # PAC-3's own reliability, not called reliable (the earlier source)
        (
            "us-japan-2025.toml",
            'as above), own elements reliable (anpo assumption)"',
            'as above)"',
            ("japan-bmd", "reliability"),
        ),
    ],
)
def test_the_count_rule_fails_on_a_mutated_file(
    name: str, old: str, new: str, found: tuple[str, str]
) -> None:
    bad = _unstated_counts(_book({name: (old, new)}))
    assert any((b[1], b[2]) == found for b in bad), bad


# ---------------------------------------------------------------- 2001 bomber loadings

#: A loading labelled an assumption with nothing after it: no reason and no source for about 2001.
_BARE_ASSUMPTION = re.compile(r"weapons each is an anpo assumption\b")


def _bomber_loadings_without_a_2001_basis(book: dict[int, Scenario]) -> list[str]:
    """2001 bomber components whose weapons per bomber neither name START I's attribution (the
    counting rule in force in 2001) nor give a reason beside the word 'assumption'."""
    return [
        f.id
        for f in book[2001].forces
        if f.basing == "bomber" and (_BARE_ASSUMPTION.search(f.source) or "START I" not in f.source)
    ]


def test_2001_bomber_loadings_cite_the_start_i_attribution() -> None:
    """START I (in force 1994-2009) attributed 10 warheads to each of the first 150 U.S. and 8 to
    each of the first 180 Soviet/Russian heavy bombers equipped for long-range nuclear ALCMs (at
    most 20 and 16 ALCMs each), and 1 to a bomber carrying other nuclear weapons: FAS, 'START:
    Central Limits' (nuke.fas.org/control/start1/news/startcen.htm, created 29 July 1991).
    Russia's 8 per bomber is that attribution; the U.S. 8 lies between its 10 and 1."""
    assert not _bomber_loadings_without_a_2001_basis(_book())
    s = _book()[2001]
    us, ru = (next(f for f in s.forces if f.id == i) for i in ("us-bombers", "ru-bombers"))
    assert us.warheads_per_launcher == 8 and "(10 for the first 150)" in us.source
    assert ru.warheads_per_launcher == 8 and "the first 180" in ru.source
    old = "NRDC Nuclear Notebook 2001: 79 strategic bombers; 8 weapons each is an anpo assumption"
    book = _book({"us-japan-2001.toml": (ru.source, old)})
    assert _bomber_loadings_without_a_2001_basis(book) == ["ru-bombers"]


# ---------------------------------------------------------------- North Korea's warhead total

#: A citation of North Korea's assembled warheads: FAS's 2024 notebook ('FAS 2024', or its title).
_KP_TOTAL = re.compile(r"(?:FAS 2024|North Korean nuclear weapons, 2024)[^;]{0,40}?about 50")


def _kp_total_without_the_newer_source(book: dict[int, Scenario]) -> list[tuple[int, str]]:
    """Entries that cite FAS 2024's 'about 50' North Korean warheads but not SIPRI Yearbook 2025,
    which gives the same figure for January 2025 and is newer (the kp-regional source and the
    kp_icbm_launchers basis cited FAS 2024 alone, where the kp-icbm source of the same file cites
    both)."""
    return [
        (year, where)
        for year in (2025, 2030)
        for where, text in _cited_fields(book[year])
        if _KP_TOTAL.search(text) and "SIPRI Yearbook 2025" not in text
    ]


def test_north_koreas_warhead_total_cites_fas_2024_and_sipri_2025_alike() -> None:
    """FAS, 'North Korean nuclear weapons, 2024' (Kristensen & Korda, 15 Jul 2024): about 50
    warheads assembled; SIPRI Yearbook 2025 (16 Jun 2025, the same authors): about 50 in January
    2025, unchanged. Every entry that cites the FAS figure cites the newer yearbook beside it,
    as kp-icbm does (review8, finding 14); the figures are unchanged."""
    book = _book()
    assert not _kp_total_without_the_newer_source(book)
    cited = {
        (year, where) for year in (2025, 2030) for where, text in _cited_fields(book[year])
        if _KP_TOTAL.search(text)
    }  # fmt: skip
    for year in (2025, 2030):
        for where in ("forces[kp-icbm]", "forces[kp-regional]", "uncertainties[kp_icbm_launchers]"):
            assert (year, where) in cited
        regional = next(f for f in book[year].forces if f.id == "kp-regional")
        assert regional.launchers == 30 and regional.survivable_fraction == 0.5
    # the entry as it was is caught
    was = 'source = "FAS 2024 (about 50 warheads); 30 assigned'
    now = "source = \"FAS Nuclear Notebook, 'North Korean nuclear weapons, 2024' (about 50 "
    now += "warheads; SIPRI Yearbook 2025, same authors: about 50 in January 2025, unchanged); 30 assigned"
    mutated = _book({"us-japan-2030.toml": (now, was)})
    assert _kp_total_without_the_newer_source(mutated) == [(2030, "forces[kp-regional]")]
