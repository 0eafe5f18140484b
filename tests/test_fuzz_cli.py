"""A fuzz harness for the command line (issue 12, item 7).

Hypothesis builds command lines and input files from the schemas (scenario TOML, landscape CSV
and TOML, dataset CSV, law queries, numeric options) and mixes in hostile values: huge, negative,
non-finite, empty, binary, the wrong encoding, ragged rows. Every run must end with exit status
0 or 2, print no traceback, and (for the subprocess cases) stay within a memory and CPU budget
set with resource limits.

Most cases run in-process (``typer.testing.CliRunner``); the default suite runs a small sample
(a few seconds), the ``slow`` tests a nightly-sized one; both are derandomized so CI is
reproducible (``ANPO_FUZZ_RANDOM=1`` makes the nightly search draw new examples).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import anpo.cli
from _support import ROOT
from anpo.law import ACTIVITIES, LOCATIONS, SITUATIONS
from anpo.scenario import book_files

runner = CliRunner()

SMALL = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: The nightly-sized search. Derandomized like SMALL, so that a CI run is reproducible and a
#: failure is a fact about the commit, not the draw; ``ANPO_FUZZ_RANDOM=1`` draws new examples
#: (run it that way when hunting: a failure prints the example to reproduce it with).
NIGHTLY = settings(
    max_examples=300,
    deadline=None,
    derandomize=os.environ.get("ANPO_FUZZ_RANDOM", "") != "1",
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Hostile renderings of a number (as typed on a command line or in a file).
HOSTILE_NUMBERS = [
    "0",
    "-1",
    "-0",
    "1e9",
    "1e12",
    "1e30",
    "1e308",
    "1e309",
    "-1e308",
    "inf",
    "-inf",
    "nan",
    "NaN",
    "1e-320",
    "4294967296",
    "9223372036854775808",
    "9" * 40,
    "0x10",
    "1_000",
    "",
    " ",
    "1,5",
    "\u0661\u0662",  # Arabic-Indic digits
    "½",
    "1e",
    "--",
]
number_text = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True, width=64).map(repr),
    st.floats(min_value=0, max_value=1).map(lambda x: f"{x:.3g}"),
    st.integers(0, 50).map(str),
)
word_text = st.one_of(
    st.sampled_from(["", " ", "-", "é", "日本", "../../etc/passwd", "a" * 300, "\t", "auto", "x"]),
    st.text(min_size=0, max_size=20).filter(lambda s: "\x00" not in s),
)
toml_number = st.one_of(
    st.sampled_from(["inf", "-inf", "nan", "1e308", "1e309", "-1", "0", "1e12", "1e15", '"x"']),
    st.integers(-(10**19), 10**19).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)


def check(result, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Exit 0 or 2, no traceback, no unhandled exception; an error is one line."""
    shown = f"anpo {' '.join(map(repr, args))}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        shown,
        repr(result.exception),
        result.output[-2000:],
    )
    assert result.exit_code in (0, 2), (shown, result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output, (shown, result.output[-2000:])
    if result.exit_code == 2:
        errs = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
        assert errs or "Usage:" in result.output, (shown, result.output[-2000:])


def invoke(args: list[str], env: dict[str, str] | None = None) -> None:
    """Run the command in-process and :func:`check` it; a numerical warning (overflow, invalid
    value: a NaN on its way to the output) fails the run too."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = runner.invoke(anpo.cli.app, args, env=env)
    check(result, args)
    numeric = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert not numeric, (args, numeric[:3])


# ------------------------------------------------------------------ command lines


def _opts(pairs: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """A subset of ``pairs`` (option -> value strategy) as a flat argv list."""
    return st.fixed_dictionaries({}, optional=pairs).map(
        lambda d: [tok for k, v in d.items() for tok in ([k] if v is None else [k, v])]
    )


flag = st.none()
law_date = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2001-02-30", "0001-01-01", "9999-12-31", "2001-9-30", "today", "", "1997"]),
    word_text,
)
law_words = {
    "situation": st.one_of(st.sampled_from(sorted(SITUATIONS)), word_text),
    "activity": st.one_of(st.sampled_from(sorted(ACTIVITIES)), word_text),
    "location": st.one_of(st.sampled_from(sorted(LOCATIONS)), word_text),
}

COMMANDS: dict[str, st.SearchStrategy] = {
    "law ask": st.tuples(
        law_date, law_words["situation"], law_words["activity"], law_words["location"]
    ).map(lambda t: ["law", "ask", "-d", t[0], "-s", t[1], "-a", t[2], "-l", t[3], "--json"]),
    "law list": st.tuples(law_date, st.one_of(st.none(), law_words["situation"])).map(
        lambda t: ["law", "list", "-d", t[0], "--json"] + ([] if t[1] is None else ["-s", t[1]])
    ),
    "law diff": st.tuples(law_date, law_date).map(lambda t: ["law", "diff", t[0], t[1], "--json"]),
    "law options": st.one_of(
        st.tuples(
            law_date,
            law_words["situation"],
            law_words["activity"],
            st.lists(
                st.tuples(
                    st.one_of(
                        st.sampled_from(["combat_expected", "in_japan", "armed_attack", "x"]),
                        word_text,
                    ),
                    st.one_of(st.sampled_from(["true", "false", "1", "yes", ""]), word_text),
                ).map(lambda kv: f"{kv[0]}={kv[1]}")
                | word_text,
                max_size=3,
            ),
            st.booleans(),
        ).map(
            lambda t: (
                ["law", "ask", "-d", t[0], "-s", t[1], "-a", t[2], "--json"]
                + [tok for f in t[3] for tok in ("-f", f)]
                + (["-l", "japan"] if t[4] else [])
            )
        ),
        st.tuples(
            law_date,
            law_date,
            _opts(
                {
                    "-s": law_words["situation"],
                    "-l": law_words["location"],
                    "-a": law_words["activity"],
                    "--successors": flag,
                    "--provisions": flag,
                    "--json": flag,
                }
            ),
        ).map(lambda t: ["law", "diff", t[0], t[1], *t[2]]),
        st.tuples(
            law_date,
            _opts({"--law": st.one_of(st.just("saa-1999"), word_text), "--json": flag}),
        ).map(lambda t: ["law", "provisions", "-d", t[0], *t[1]]),
        st.sampled_from([["law", "facts"], ["law", "regimes"], ["law", "regimes", "--json"]]),
    ),
    "align book": st.tuples(
        st.sampled_from(["book:asia_pacific_2001", "book:nope", "book:", "book:../x"]),
        _opts(
            {
                "--coalitions": st.one_of(number_text, st.just("auto")),
                "--method": st.one_of(
                    st.sampled_from(
                        ["auto", "enumerate", "exact", "mip", "descent", "anneal", "tabu"]
                    ),
                    word_text,
                ),
                "--seed": number_text,
                "--time-limit": number_text,
                "--top": number_text,
                "--no-minima": flag,
            }
        ),
    ).map(lambda t: ["align", t[0], "--json", *t[1]]),
    "burden nash": _opts(
        {
            "--income": st.lists(number_text, min_size=0, max_size=6).map(",".join),
            "--a": number_text,
            "--b": number_text,
        }
    ).map(lambda a: ["burden", "nash", "--json", *a]),
    "burden members": _opts(
        {"--alliance": st.one_of(st.just("nato"), word_text), "--year": number_text}
    ).map(lambda a: ["burden", "members", "--json", *a]),
    "burden test": _opts(
        {
            "--alliance": st.sampled_from(["nato", "us_asia", "x"]),
            "--year": st.one_of(number_text, st.just("1990-1995"), st.just("2001-1990")),
            "--method": st.sampled_from(["t", "permutation", "x"]),
            "--seed": number_text,
            "--no-catalog": flag,
        }
    ).map(lambda a: ["burden", "test", "--json", *a]),
    "catalog commands": st.one_of(
        st.tuples(st.sampled_from(["roles"]), number_text, number_text).map(
            lambda t: [t[0], "--year", t[1], "--focal", t[2]]
        ),
        st.tuples(st.sampled_from(["dyads", "similarity"]), number_text).map(
            lambda t: [t[0], "--years", t[1], "--json"]
        ),
        st.tuples(word_text, number_text).map(
            lambda t: ["data", "sql", t[0] or "SELECT 1", "--limit", t[1]]
        ),
        st.tuples(word_text, word_text).map(lambda t: ["data", "default", t[0] or "nmc", t[1]]),
        st.tuples(word_text).map(lambda t: ["--data-version", t[0], "data", "list"]),
        st.tuples(word_text).map(lambda t: ["data", "remove", t[0] or "x"]),
    ),
    "defense": st.tuples(
        number_text,
        number_text,
        _opts(
            {
                "--shots": number_text,
                "--interceptors": number_text,
                "--reliability": number_text,
                "--mode": st.one_of(st.sampled_from(["per-rv", "per-salvo", "system"]), word_text),
                "--decoys": number_text,
                "--discrimination": number_text,
                "--sls": st.one_of(
                    st.lists(st.integers(0, 5).map(str), max_size=4).map(",".join), word_text
                ),
                "--goal": number_text,
                "--max-work": number_text,
                "--full-pmf": flag,
            }
        ),
    ).map(lambda t: ["defense", "--rvs", t[0], "--sspk", t[1], "--json", *t[2]]),
    "deterrence files": st.tuples(
        st.sampled_from(["stability", "extended", "bands"]),
        st.sampled_from(["book:us-japan-2001", "book:us-japan-2025", "book:nope", "book:"]),
        st.one_of(st.sampled_from(["mad", "nmd-c1", "tmd-japan", "nmd-limited"]), word_text),
        st.one_of(st.just("U.S.-China"), word_text),
        number_text,
        number_text,
    ).map(
        lambda t: (
            [t[0], t[1], "--variant", t[2], "--json"]
            + (["--no-reaction"] if t[0] != "extended" else [])
            + (["--dyad", t[3], "--draws", t[4], "--seed", t[5]] if t[0] == "bands" else [])
        )
    ),
    "random argv": st.lists(
        st.one_of(
            word_text,
            number_text,
            st.sampled_from(
                ["defense", "law", "align", "data", "burden", "--json", "--help", "-m", "--rvs"]
            ),
        ),
        min_size=0,
        max_size=6,
    ),
}


#: Solving a 20-actor landscape, or a book scenario's exchanges, takes seconds: these are fuzzed
#: nightly only.
NIGHTLY_ONLY = {"align book", "deterrence files"}


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - NIGHTLY_ONLY))
def test_fuzz_command_lines(name: str, anpo_home: Path) -> None:
    @SMALL
    @given(args=COMMANDS[name])
    def run(args: list[str]) -> None:
        invoke(args)

    run()


@pytest.fixture(scope="module")
def explore_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished exploration (the Ishigami function, 64 samples) to analyse."""
    import anpo.explore as ex
    from anpo.explore.examples import ISHIGAMI_SPACE, ishigami

    model = ex.FunctionModel(ishigami, ISHIGAMI_SPACE, vectorized=True)
    return ex.run(model, n=64, seed=1, out=tmp_path_factory.mktemp("explore") / "run")


def explore_commands(folder: Path, scenario: Path, out: Path) -> st.SearchStrategy:
    """``anpo explore`` and ``anpo futures`` command lines: hostile flags on a real run, a
    tiny scenario (a valid request runs at most a few hundred cheap experiments, serially)
    and names that are not futures."""
    where = st.one_of(
        st.sampled_from(["< 0.5", "> 1", ">= -1e308", "<<", "== nan", "< inf", "in (1, 2)"]),
        word_text,
    )
    # valid values weigh more, so that a request gets past the parser to the deeper checks
    small_n = st.one_of(
        st.integers(1, 6).map(str), st.integers(0, 6).map(str), st.sampled_from(HOSTILE_NUMBERS)
    )
    seed = st.one_of(st.integers(0, 10**6).map(str), st.integers(0, 9).map(str), number_text)
    run = st.tuples(
        st.sampled_from(
            [str(scenario)] * 4 + ["book:nope", str(out / "missing.toml"), str(folder)]
        ),
        st.sampled_from(["a", "b", "../" * 3 + "x", "\u65e5\u672c"]),
        _opts(
            {
                "--sampler": st.one_of(
                    st.sampled_from(["lhs", "mc", "factorial", "saltelli", "morris"]), word_text
                ),
                "--levels": small_n,
                "--executor": st.one_of(st.just("serial"), word_text),
                "--workers": st.sampled_from(["1", "0", "-1", "1e9", "nan", "x", "100000"]),
                "--second-order": flag,
            }
        ),
        small_n,
        seed,
    ).map(
        lambda t: [
            "explore",
            "run",
            t[0],
            "--out",
            str(out / t[1]),
            "--n",
            t[3],
            "--seed",
            t[4],
            "--no-progress",
            *t[2],
        ]  # fmt: skip
    )
    analyse = st.tuples(
        st.sampled_from([str(folder), str(folder), str(out / "none"), str(scenario)]),
        st.one_of(st.sampled_from(["y", "x1", "case", "experiment"]), word_text),
        where,
        _opts(
            {
                "--method": st.one_of(st.sampled_from(["prim", "cart"]), word_text),
                "--min-coverage": number_text,
                "--max-p": number_text,
                "--alpha": number_text,
                "--mass-min": number_text,
                "--case": word_text,
            }
        ),
        st.sampled_from(["discover", "sensitivity", "status"]),
        flag | st.just("--json"),
    ).map(
        lambda t: (
            ["explore", t[4], t[0]]
            + (["--outcome", t[1], "--where", t[2], *t[3]] if t[4] == "discover" else [])
            + (["--outcome", t[1]] if t[4] == "sensitivity" else [])
            + ([t[5]] if t[5] else [])
        )
    )
    futures = st.lists(
        word_text.filter(lambda w: w.strip() != "").map(lambda w: "no-" + w),
        min_size=1,
        max_size=3,
    ).map(lambda names: ["futures", "compare", *names])
    return st.one_of(run, analyse, futures, st.just(["futures"]))


def _fuzz_explore(folder: Path, tmp_path: Path, config: settings) -> None:
    from _support import EXPLORE_SCENARIO

    scenario = tmp_path / "s.toml"
    scenario.write_text(EXPLORE_SCENARIO, encoding="utf-8")

    @config
    @given(args=explore_commands(folder, scenario, tmp_path / "out"))
    def run(args: list[str]) -> None:
        invoke(args)

    run()


@pytest.mark.slow
def test_fuzz_explore_and_futures(explore_folder: Path, tmp_path: Path) -> None:
    """``anpo explore run/status/discover/sensitivity`` and ``anpo futures``: hostile values of
    every flag, folders that are not runs, a run folder reused with other inputs."""
    _fuzz_explore(explore_folder, tmp_path, settings(SMALL, max_examples=30))


@pytest.mark.slow
def test_fuzz_explore_and_futures_nightly(explore_folder: Path, tmp_path: Path) -> None:
    _fuzz_explore(explore_folder, tmp_path, NIGHTLY)


# ------------------------------------------------------------------ input files

SCENARIO = book_files()[0]
_NUMERIC_LINE = re.compile(r"^(\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*)(-?[0-9][0-9_.eE+-]*)\s*(#.*)?$")


def _numeric_lines(text: str) -> list[int]:
    return [i for i, ln in enumerate(text.splitlines()) if _NUMERIC_LINE.match(ln)]


@st.composite
def scenario_bytes(draw: st.DrawFn) -> bytes:
    """The book scenario with hostile edits: numbers replaced, lines dropped or garbled, other
    encodings, a BOM, binary noise, nothing at all."""
    text = SCENARIO.read_text(encoding="utf-8")
    lines = text.splitlines()
    numeric = _numeric_lines(text)
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["number", "number", "number", "drop", "garble"]))
        i = (
            draw(st.sampled_from(numeric))
            if how == "number"
            else draw(st.integers(0, len(lines) - 1))
        )
        m = _NUMERIC_LINE.match(lines[i])
        if how == "number" and m is not None:
            lines[i] = m.group(1) + draw(toml_number)
        elif how == "drop":
            lines[i] = ""
        else:
            lines[i] = draw(word_text) + lines[i][: draw(st.integers(0, len(lines[i])))]
    out = "\n".join(lines)
    enc = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    raw = out.replace("U.S.", "U.S.\u00e9").encode(enc, errors="replace")
    tail = draw(st.sampled_from([b"", b"", b"\x00\xff\xfe", b"\n[[dyads]]\n"]))
    return draw(st.sampled_from([raw + tail, raw + tail, raw + tail, b"", b"\x89PNG\r\n\x1a\n"]))


_VALUE_LINE = re.compile(r"^(\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*)(.+?)\s*(#.*)?$")
#: Hostile TOML values of any type (a number where a string belongs, an array, a table...).
toml_value = st.one_of(
    toml_number,
    st.sampled_from(
        ['""', '"x"', "true", "[]", "[1, 2]", '["x"]', "{}", "1979-05-27", '"\u65e5\u672c"']
    ),
    st.sampled_from(["[1e308, -1e308]", "[inf]", "[nan, 1]", '["USA", "USA"]', "[[]]"]),
)


_NUMBER_TOKEN = re.compile(
    r"(?<![\w.\"'-])-?[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![\w.:-])"
)


def _number_tokens(lines: list[str]) -> list[tuple[int, int, int]]:
    """(line, start, end) of every number outside a string: in ``key = 1``, in arrays and in
    inline tables (``{ low = 0.2, high = 0.9 }``); dates and times are not numbers."""
    found = []
    for i, ln in enumerate(lines):
        code = ln.split("#", 1)[0]
        for m in _NUMBER_TOKEN.finditer(code):
            before = code[: m.start()]
            if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
                found.append((i, m.start(), m.end()))
    return found


@st.composite
def mutated_toml(draw: st.DrawFn, text: str, edits: int = 2) -> bytes:
    """``text`` (a valid TOML file) with 1 to ``edits`` hostile edits, most of them a number
    (anywhere: a value, an array element, a field of an inline table) replaced by a hostile one;
    else a value replaced by one of any type, a line dropped or duplicated. Mostly UTF-8, so
    that the edit reaches the checks behind the parser; sometimes a BOM or UTF-16."""
    lines = text.splitlines()
    values = [i for i, ln in enumerate(lines) if _VALUE_LINE.match(ln)]
    for _ in range(draw(st.integers(1, edits))):
        how = draw(st.sampled_from(["number"] * 6 + ["value", "drop", "dup"]))
        numbers = _number_tokens(lines)
        if how == "number" and numbers:
            i, a, b = draw(st.sampled_from(numbers))
            lines[i] = lines[i][:a] + draw(toml_number) + lines[i][b:]
        elif how == "value" and values:
            i = draw(st.sampled_from(values))
            m = _VALUE_LINE.match(lines[i])
            if m is not None:
                lines[i] = m.group(1) + draw(toml_value)
        elif how == "drop":
            lines[draw(st.integers(0, len(lines) - 1))] = ""
        else:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
    out = "\n".join(lines) + "\n"
    enc = draw(st.sampled_from(["utf-8"] * 8 + ["utf-8-sig", "utf-16"]))
    return out.encode(enc, errors="replace")


def test_fuzz_scenario_files(tmp_path: Path) -> None:
    """``anpo validate`` on hostile scenario files (``stability`` in the nightly run)."""

    @SMALL
    @given(data=scenario_bytes())
    def run(data: bytes) -> None:
        path = tmp_path / "s.toml"
        path.write_bytes(data)
        invoke(["validate", str(path)])

    run()


@st.composite
def landscape_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """A landscape instance (CSV matrix or TOML) with hostile sizes and propensities."""
    n = draw(st.integers(1, 5))
    names = [f"s{i}" for i in range(n)]
    sizes = [draw(number_text) for _ in range(n)]
    if draw(st.booleans()):
        rows = ["name,size," + ",".join(names)]
        for i in range(n):
            cells = [draw(number_text) for _ in range(n)]
            if draw(st.integers(0, 9)) == 0:
                cells = cells[:-1]  # ragged
            rows.append(",".join([names[i], sizes[i], *cells]))
        return "csv", "\n".join(rows).encode("utf-8")
    parts = [f"coalitions = {draw(st.sampled_from(['2', '3', '1', '0', '-1', '1e9', 'auto']))}"]
    parts[0] = parts[0].replace("= auto", '= "auto"')
    for i in range(n):
        parts.append(f'[[actor]]\nname = "{names[i]}"\nsize = {draw(toml_number)}')
    for i in range(n):
        for j in range(i + 1, n):
            parts.append(f'[[pair]]\na = "{names[i]}"\nb = "{names[j]}"\np = {draw(toml_number)}')
    return "toml", "\n".join(parts).encode("utf-8")


def test_fuzz_landscape_files(tmp_path: Path) -> None:
    @SMALL
    @given(
        f=landscape_file(),
        k=st.one_of(st.none(), st.sampled_from(["2", "3", "auto", "0", "-5", "1e9"])),
    )
    def run(f: tuple[str, bytes], k: str | None) -> None:
        path = tmp_path / f"land.{f[0]}"
        path.write_bytes(f[1])
        invoke(["align", str(path), "--json", *([] if k is None else ["--coalitions", k])])

    run()


#: Dataset headers (a kind's signature columns) to build data files from.
DATA_HEADERS = {
    "cow_states": "ccode,stateabb,statenme,styear,stmonth,stday,endyear,endmonth,endday,version",
    "nmc": "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version",
    "td_rivalries": "rivalryno,rivalryname,ccode1,ccode2,styear,endyear,region,type1,type2,type3",
    "cow_majors": "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday,version",
}


@st.composite
def data_file(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(sorted(DATA_HEADERS)))
    header = DATA_HEADERS[kind].split(",")
    good = {
        "ccode": "2",
        "stateabb": "USA",
        "statenme": "United States of America",
        "year": "2001",
        "styear": "1816",
        "endyear": "2016",
        "version": "2016",
    }
    rows = [",".join(header)]
    for _ in range(draw(st.integers(0, 4))):
        cells = [good.get(c, "1") for c in header]
        for _ in range(draw(st.integers(0, 3))):
            j = draw(st.integers(0, len(cells) - 1))
            cells[j] = draw(st.one_of(number_text, word_text)).replace(",", ";").replace("\n", " ")
        cut = draw(st.sampled_from([None, None, None, -1, 1]))
        if cut == -1:
            cells = cells[:-2]  # ragged: too few
        elif cut == 1:
            cells = [*cells, "extra"]  # ragged: too many
        rows.append(",".join(cells))
    text = "\n".join(rows) + draw(st.sampled_from(["\n", "", "\r\n"]))
    enc = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    raw = text.encode(enc, errors="replace")
    return draw(st.sampled_from([raw, raw, raw, b"", b"\x1f\x8b\x08garbage", b"\x00" * 64]))


def test_fuzz_data_files(tmp_path: Path, anpo_home: Path) -> None:
    @SMALL
    @given(data=data_file(), kind=st.one_of(st.none(), st.sampled_from(sorted(DATA_HEADERS))))
    def run(data: bytes, kind: str | None) -> None:
        path = tmp_path / "data.csv"
        path.write_bytes(data)
        invoke(["data", "add", str(path), *([] if kind is None else ["--kind", kind])])

    run()


# ------------------------------------------------------------------ more input paths

#: A four-actor landscape (solved in milliseconds), to fuzz the solver's options on.
SMALL_LANDSCAPE = """coalitions = 2
[[actor]]
name = "A"
size = 3.0
[[actor]]
name = "B"
size = 2.0
[[actor]]
name = "C"
size = 1.0
[[actor]]
name = "USA"
size = 4.0
[[pair]]
a = "A"
b = "B"
p = 1.0
[[pair]]
a = "A"
b = "C"
p = -1.0
[[pair]]
a = "B"
b = "C"
p = 0.5
[[pair]]
a = "USA"
b = "C"
p = 0.5
"""


def align_commands(path: Path) -> st.SearchStrategy:
    """``anpo align FILE`` and ``anpo align sensitivity FILE`` with hostile options, on the
    small landscape at ``path`` (a valid instance, so that the options reach the solver)."""
    solve = _opts(
        {
            "--coalitions": st.one_of(number_text, st.sampled_from(["auto", "2", "3", "4"])),
            "--method": st.one_of(
                st.sampled_from(["auto", "enumerate", "exact", "mip", "descent", "anneal", "tabu"]),
                word_text,
            ),
            "--seed": number_text,
            "--time-limit": number_text,
            "--top": number_text,
            "--no-minima": flag,
        }
    ).map(lambda o: ["align", str(path), "--json", *o])
    sens = _opts(
        {
            "--anchor": st.one_of(st.sampled_from(["USA", "A", "C"]), word_text),
            "--max": number_text,
        }
    ).map(lambda o: ["align", "sensitivity", str(path), "--json", *o])
    return st.one_of(solve, sens)


def _fuzz_align_options(tmp_path: Path, config: settings) -> None:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_LANDSCAPE, encoding="utf-8")

    @config
    @given(args=align_commands(path))
    def run(args: list[str]) -> None:
        invoke(args)

    run()


def test_fuzz_align_options(tmp_path: Path) -> None:
    """``anpo align`` and ``anpo align sensitivity``: hostile --coalitions, --method,
    --time-limit, --top, --seed, --anchor and --max on a small valid instance."""
    _fuzz_align_options(tmp_path, settings(SMALL, max_examples=20))


def _futures_texts() -> list[str]:
    from anpo.futures import future_files

    return [p.read_text(encoding="utf-8") for p in future_files()]


def _fuzz_futures_files(tmp_path: Path, config: settings) -> None:
    texts = _futures_texts()

    @config
    @given(data=st.sampled_from(texts).flatmap(mutated_toml))
    def run(data: bytes) -> None:
        path = tmp_path / "future.toml"
        path.write_bytes(data)
        invoke(["futures", "compare", str(path), "--json"])

    run()


def test_fuzz_futures_files(tmp_path: Path) -> None:
    """``anpo futures compare FILE`` on a book future with hostile edits (numbers anywhere,
    values of the wrong type, lines dropped or repeated, other encodings)."""
    _fuzz_futures_files(tmp_path, SMALL)


def _thresholds_text() -> str:
    from anpo.relations.taxonomy import default_thresholds_text

    return default_thresholds_text()


@pytest.mark.slow
def test_fuzz_thresholds_files(tmp_path: Path) -> None:
    """``anpo roles --thresholds FILE --print-thresholds`` (validated, no catalog needed) on
    the shipped thresholds with hostile edits."""

    @settings(SMALL, max_examples=25)
    @given(data=mutated_toml(_thresholds_text(), 3))
    def run(data: bytes) -> None:
        path = tmp_path / "th.toml"
        path.write_bytes(data)
        invoke(["roles", "--thresholds", str(path), "--print-thresholds"])

    run()


def report_out(tmp_path: Path) -> st.SearchStrategy:
    """``anpo report --out X`` for outputs it must refuse before any work (a regular file, a
    folder holding someone else's index.html, below a file, a read-only folder, a name too
    long), with a broken scenario list so that nothing long runs if --out passes. The read-only
    folder only where the tests do not run as root: root writes in it, so the case passed
    vacuously (the broken list refused the run); ``tests/test_report.py``'s
    ``test_report_refuses_an_out_in_a_read_only_folder`` checks it as root too."""
    base = tmp_path / "report"
    base.mkdir()
    (base / "afile").write_text("x", encoding="utf-8")
    (base / "theirs").mkdir()
    (base / "theirs" / "index.html").write_text("mine", encoding="utf-8")
    as_root = os.geteuid() == 0
    if not as_root:
        (base / "ro").mkdir()
        (base / "ro").chmod(0o500)
    broken = tmp_path / "broken.toml"
    broken.write_text("x = [", encoding="utf-8")
    outs = st.one_of(
        st.sampled_from(
            [
                str(base / "afile"),
                str(base / "afile" / "below"),
                str(base / "theirs"),
                *([] if as_root else [str(base / "ro" / "sub")]),
                str(base / ("a" * 300)),
                "",
                "/",
            ]
        ),
        word_text.map(lambda w: str(base / "words" / w)),
    )
    scenarios = st.lists(
        st.sampled_from([str(broken), str(tmp_path / "missing.toml"), str(base), "book:nope"]),
        min_size=1,
        max_size=2,
    )
    return st.tuples(
        outs,
        scenarios,
        _opts({"--today": law_date, "--seed": number_text, "--force": flag, "-q": flag}),
    ).map(lambda t: ["report", "--out", t[0], *[a for s in t[1] for a in ("-s", s)], *t[2]])


def test_fuzz_report_options(tmp_path: Path) -> None:
    """``anpo report``: hostile --out, --today, --seed and broken --scenario lists; every run
    ends at a check (none reaches the hour-long build)."""

    @settings(SMALL, max_examples=25)
    @given(args=report_out(tmp_path))
    def run(args: list[str]) -> None:
        invoke(args)

    run()


def _fuzz_scenario_numbers(tmp_path: Path, text: str, args: list[str], config: settings) -> None:
    @config
    @given(data=mutated_toml(text, 1))
    def run(data: bytes) -> None:
        path = tmp_path / "s.toml"
        path.write_bytes(data)
        invoke([args[0], str(path), *args[1:]])

    run()


@pytest.mark.slow
def test_fuzz_scenario_numbers_bands(tmp_path: Path) -> None:
    """``anpo bands`` (every uncertainty drawn, every measure recomputed) on a small scenario
    with one hostile number anywhere, distributions' parameters included (a beta's alpha of
    1e-320 crashed scipy; a w80 of 1e-320 overflowed)."""
    from _support import EXPLORE_SCENARIO

    args = ["bands", "--draws", "20", "--no-reaction", "--json"]
    _fuzz_scenario_numbers(tmp_path, EXPLORE_SCENARIO, args, settings(SMALL, max_examples=20))


@pytest.mark.slow
def test_fuzz_book_numbers_bands_nightly(tmp_path: Path) -> None:
    """The same on the 2001 book scenario (one variant and dyad)."""
    args = ["bands", "--draws", "20", "--no-reaction", "--json", "--variant", "tmd-japan"]
    args += ["--dyad", "U.S.-China"]
    _fuzz_scenario_numbers(tmp_path, SCENARIO.read_text(encoding="utf-8"), args, NIGHTLY)


#: NATO members' COW codes, for the rows of hostile user tables.
_NATO = ["2", "20", "200", "210", "211", "212", "220", "230", "235", "255", "325", "385", "390"]


def _user_table(columns: list[str]) -> st.SearchStrategy:
    cell = st.one_of(number_text, st.floats(0.01, 1e6).map(lambda x: f"{x:.4g}"))
    row = st.tuples(
        st.sampled_from(_NATO),
        st.sampled_from(["1985", "1985", "1990", "x", ""]),
        st.lists(cell, min_size=len(columns) - 2, max_size=len(columns) - 2),
    ).map(lambda r: ",".join([r[0], r[1], *r[2]]))
    return st.lists(row, max_size=15).map(
        lambda rows: (",".join(columns) + "\n" + "\n".join(rows) + "\n").encode()
    )


@pytest.mark.slow
def test_fuzz_burden_tables(tmp_path: Path, shared_data: Path) -> None:
    """``anpo burden test`` with hostile --gdp and --controls-csv tables (numbers, blank or
    non-numeric years, repeated rows, empty and binary files) and controls."""
    sipri = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"

    @settings(SMALL, max_examples=12)
    @given(
        controls=st.one_of(
            st.none(),
            _user_table(["ccode", "year", "exposed_borders"]),
            st.sampled_from([b"", b"ccode\n", b"\xff\xfe\x00"]),
        ),
        gdp=st.one_of(st.none(), _user_table(["ccode", "year", "gdp"])),
        control=st.lists(
            st.sampled_from(["gdp_per_capita", "exposed_borders", "gdp", "x"]), max_size=2
        ),
        method=st.sampled_from(["t", "permutation", "exact", "auto"]),
    )
    def run(controls: bytes | None, gdp: bytes | None, control: list[str], method: str) -> None:
        args = ["burden", "test", "-y", "1985", "--sipri", str(sipri), "--no-catalog"]
        args += ["--method", method, "--json", *[a for c in control for a in ("-c", c)]]
        if controls is not None:
            (tmp_path / "c.csv").write_bytes(controls)
            args += ["--controls-csv", str(tmp_path / "c.csv")]
        if gdp is not None:
            (tmp_path / "g.csv").write_bytes(gdp)
            args += ["--gdp", str(tmp_path / "g.csv")]
        invoke(args)

    run()


def test_fuzz_japan_facts_files(tmp_path: Path) -> None:
    """``anpo burden japan --facts FILE`` on the packaged facts with hostile edits (a repeated
    year in a table crashed pandas' reindexing)."""
    from importlib import resources

    text = resources.files("anpo.burden").joinpath("data/japan_hns.toml").read_text("utf-8")

    @settings(SMALL, max_examples=12)
    @given(data=mutated_toml(text, 2), year=st.sampled_from(["1978", "2001", "1990-2001"]))
    def run(data: bytes, year: str) -> None:
        path = tmp_path / "facts.toml"
        path.write_bytes(data)
        invoke(["burden", "japan", "--facts", str(path), "-y", year, "--no-catalog", "--json"])

    run()


# ------------------------------------------------------------------ budgets in a subprocess

#: Address-space and CPU limits of a budgeted run (issue 12: "in seconds and within 2 GB").
MEMORY_LIMIT = 2 * 1024**3
CPU_SECONDS = 60


def run_budgeted(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """``python -m anpo ARGS`` under RLIMIT_AS = 2 GiB and RLIMIT_CPU = 60 s."""
    import resource

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "ANPO_HOME": str(tmp_path / "home")}
    return subprocess.run(
        [sys.executable, "-m", "anpo", *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=limits,
        cwd=tmp_path,
    )


def _scenario_with(tmp_path: Path, key: str, value: str, nth: int = 0) -> Path:
    lines = SCENARIO.read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(lines) if re.match(rf"^\s*{key}\s*=", ln)]
    if hits:
        lines[hits[nth]] = f"{key} = {value}"
    else:  # a setting the book leaves at its default
        i = lines.index("[settings]")
        lines.insert(i + 1, f"{key} = {value}")
    path = tmp_path / f"{key}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BUDGET_CASES = {
    "defense huge rvs": ["defense", "--rvs", "1000000000", "--sspk", "0.5"],
    "defense huge decoys": [
        "defense",
        "--rvs",
        "10",
        "--sspk",
        "0.5",
        "--interceptors",
        "20",
        "--decoys",
        "1000000000",
    ],
    "defense json of a big distribution": [
        "defense",
        "--rvs",
        "1000000",
        "--sspk",
        "0.5",
        "--json",
    ],
    "defense huge shots": ["defense", "--rvs", "10", "--sspk", "0.5", "--shots", "1e30"],
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BUDGET_CASES))
def test_budgeted_command_lines(case: str, tmp_path: Path) -> None:
    """The hostile command lines of issue 12: one clear line and exit 2, or a bounded answer,
    within 2 GiB and 60 CPU seconds."""
    r = run_budgeted(BUDGET_CASES[case], tmp_path)
    assert r.returncode in (0, 2), (case, r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    assert len(r.stdout) < 1_000_000, (case, len(r.stdout))


@pytest.mark.slow
@pytest.mark.parametrize(
    "key, value",
    [
        ("launchers", "1000000000000"),
        ("uncertainty_draws", "1000000"),
        ("warheads_per_launcher", "100000"),
        ("launchers", "99999"),
        ("reaction_q", "1.0"),
    ],
)
def test_budgeted_scenarios(key: str, value: str, tmp_path: Path) -> None:
    """Scenarios the issue found crashing or running for minutes: refused by ``validate`` or
    answered by ``stability`` within the budget."""
    path = _scenario_with(tmp_path, key, value)
    for args in (["validate", str(path)], ["stability", str(path), "--json"]):
        r = run_budgeted(args, tmp_path)
        assert r.returncode in (0, 2), (args, r.returncode, r.stderr[-2000:])
        assert "Traceback" not in r.stderr
        if r.returncode == 2:
            break


# ------------------------------------------------------------------ nightly


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_fuzz_command_lines_nightly(name: str, anpo_home: Path) -> None:
    @NIGHTLY
    @given(args=COMMANDS[name])
    def run(args: list[str]) -> None:
        invoke(args)

    run()


@pytest.mark.slow
def test_fuzz_align_options_nightly(tmp_path: Path) -> None:
    _fuzz_align_options(tmp_path, NIGHTLY)


@pytest.mark.slow
def test_fuzz_futures_files_nightly(tmp_path: Path) -> None:
    _fuzz_futures_files(tmp_path, settings(NIGHTLY, max_examples=100))


@pytest.mark.slow
def test_fuzz_roles_nightly(tmp_path: Path, roles_home: Path) -> None:
    """``anpo roles --year --focal --thresholds`` on a catalog holding the roles' datasets."""
    years = st.one_of(
        st.integers(1816, 2016).map(str),
        st.sampled_from(["2001", "1990-2001", "2016-2001", "1816-2030", "2020", "2001,2002"]),
        number_text,
    )
    focal = st.one_of(st.none(), st.sampled_from(["2", "710", "365", "740", "0", "-1", "99999"]))

    @settings(NIGHTLY, max_examples=100)
    @given(
        th=st.one_of(st.none(), mutated_toml(_thresholds_text(), 1)),
        year=years,
        focal=focal,
        json_out=st.booleans(),
    )
    def run(th: bytes | None, year: str, focal: str | None, json_out: bool) -> None:
        args = ["roles", "--year", year, "--home", str(roles_home)]
        if focal is not None:
            args += ["--focal", focal]
        if th is not None:
            path = tmp_path / "th.toml"
            path.write_bytes(th)
            args += ["--thresholds", str(path)]
        invoke(args + (["--json"] if json_out else []))

    run()


@pytest.mark.slow
def test_fuzz_files_nightly(tmp_path: Path, anpo_home: Path) -> None:
    @NIGHTLY
    @given(
        scen=scenario_bytes(),
        land=landscape_file(),
        data=data_file(),
    )
    def run(scen: bytes, land: tuple[str, bytes], data: bytes) -> None:
        s = tmp_path / "s.toml"
        s.write_bytes(scen)
        invoke(["validate", str(s)])
        path = tmp_path / f"land.{land[0]}"
        path.write_bytes(land[1])
        invoke(["align", str(path), "--json"])
        d = tmp_path / "d.csv"
        d.write_bytes(data)
        invoke(["data", "add", str(d)])

    run()


# ------------------------------------------------------------------ empty paths


def _path_parameters() -> list[tuple[list[str], str, list[str]]]:
    """Every parameter of every command that takes a file or folder, as (command path, name
    shown, the command line giving it an empty value), found by walking the command tree."""
    import typer.main

    from anpo.cli import _takes_path as takes_path  # the rule the command group applies

    found: list[tuple[list[str], str, list[str]]] = []

    def walk(cmd: object, path: list[str]) -> None:
        for param in getattr(cmd, "params", []):
            if not takes_path(param.type_descriptor.annotation):
                continue
            if param.param_type_name == "argument":
                found.append((path, str(param.metavar or param.name).upper(), [*path, ""]))
            else:
                flag = next(o for o in param.opts if o.startswith("--"))
                found.append((path, flag, [*path, flag, ""]))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(anpo.cli.app), [])
    return found


PATH_PARAMETERS = _path_parameters()


def test_path_parameters_found() -> None:
    """The walk finds the path parameters of the commands (not an empty parametrization)."""
    shown = {(" ".join(p), name) for p, name, _ in PATH_PARAMETERS}
    assert {("data add", "--home"), ("report", "--out"), ("stability", "FILE")} <= shown
    assert len(shown) >= 30


@pytest.mark.parametrize(
    "args",
    [a for _, _, a in PATH_PARAMETERS],
    ids=[" ".join(a[:-1]) for _, _, a in PATH_PARAMETERS],
)
def test_empty_path_is_refused(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anpo_home: Path
) -> None:
    """An empty file or folder name (an unset shell variable: ``--home "$DIR"``) is refused
    before the command runs, naming the parameter: the parser read it as the current folder,
    so ``anpo data add --home ""`` made a catalog there and ``anpo stability ""`` answered
    ".: is a directory"."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(anpo.cli.app, args)
    check(result, args)
    assert result.exit_code == 2, (args, result.output)
    named = next(n for p, n, a in PATH_PARAMETERS if a == args)
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    # the parameter named as click quotes it ('files', '--home'), not a word of the message
    quoted = f"'{named.lower()}'"
    assert errors and quoted in errors[0].lower() and "empty" in errors[0], (args, errors)
    assert list(tmp_path.iterdir()) == [], "nothing is written in the current folder"


@pytest.mark.parametrize(
    "args",
    [
        ["align", "solve", ""],
        ["align", "sensitivity", ""],
        ["explore", "run", "", "--n", "8", "--seed", "1", "--out", "run"],
    ],
)
def test_empty_file_name_taken_as_text_is_refused(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File arguments that also take ``book:NAME`` are text, not paths, so the command group's
    check does not see them; the readers refuse an empty name (it answered ".: is a directory",
    the current folder read as the file)."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(anpo.cli.app, args)
    check(result, args)
    assert result.exit_code == 2, (args, result.output)
    assert "the file name is empty" in result.stderr and "directory" not in result.stderr
    assert list(tmp_path.iterdir()) == [], "nothing is written in the current folder"


def test_a_signed_zero_is_zero() -> None:
    """``--reliability -0`` is a reliability of zero: the parser's ``-0.0`` reached the output
    as "reliability -0.0" and a probability of no leaker of "-0.000000" (-0.0 in the JSON)."""
    args = ["defense", "--rvs", "10", "--sspk", "0.8", "--reliability", "-0"]
    text = runner.invoke(anpo.cli.app, args)
    assert text.exit_code == 0, text.output
    assert "reliability 0.0," in text.stdout and "-0.0" not in text.stdout, text.stdout
    js = runner.invoke(anpo.cli.app, [*args, "--json"])
    assert js.exit_code == 0, js.output
    assert '"p_no_leak": 0.0' in js.stdout and "-0.0" not in js.stdout
