"""Reading scenario files: TOML parsing, validation, cross-references, one-line errors.

Every problem is reported as a :class:`anpo.errors.ScenarioError` naming the file, the line and
the field (``forces[2].launchers``), e.g.::

    book.toml:41: forces[2].survivable_fraction: Input should be less than or equal to 1
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from anpo._checks import as_path
from anpo._io.files import written_source
from anpo._io.inputs import TAKES, InputKind, TomlInput, refuse_other_kind
from anpo._io.inputs import parse_toml as _parse_toml
from anpo._io.inputs import read_text as _read_text
from anpo.deterrence.scenario import LIMITS as LIMITS  # re-exported: the file's limits
from anpo.deterrence.scenario import MAX_ACTOR_WARHEADS as MAX_ACTOR_WARHEADS
from anpo.deterrence.scenario import check_alliances, check_limits
from anpo.deterrence.scenario import check_references as check_references  # re-exported
from anpo.errors import ScenarioError
from anpo.scenario.schema import Scenario
from anpo.scenario.uncertainty import check_uncertainties


def parse_toml(text: str, source: str) -> TomlInput:
    """TOML ``text`` parsed (:func:`anpo._io.inputs.parse_toml`), errors as
    :class:`ScenarioError`."""
    return _parse_toml(text, source, ScenarioError)


#: A file of another kind given as a scenario file, said for what it is (a future file read
#: "burden.support_scale: unknown key 'support_scale' (and 8 more problems)"), with the commands
#: that take it, as :func:`anpo.futures.load.parse_future_text` says it of a scenario file.
_OTHER_KINDS: dict[InputKind, str] = {k: TAKES[k] for k in ("future", "instance")}


def parse_scenario_text(
    text: str, source: str = "<string>", base_dir: Path | None = None
) -> Scenario:
    """Parse and validate scenario TOML ``text``; ``source`` names it in errors (file, line,
    column where it helps, and field). ``base_dir``, the scenario file's folder, is where a
    relative ``[align] instance`` path is read from, and a path starting ``~`` from the home
    folder (:func:`anpo._io.files.written_source`, the rule of a future file's paths); None
    (text given without a file): from the working folder. It was read from the working folder
    with no ``~`` expansion, so ``anpo report --scenario sub/s.toml`` did not find the
    instance beside the scenario."""
    doc = parse_toml(text, source)
    refuse_other_kind(doc.data, "scenario", ScenarioError, source, _OTHER_KINDS)
    read_align_instance(doc.data, base_dir)
    scen = doc.validate(Scenario, ScenarioError)
    problems = (
        check_references(scen)
        or check_alliances(scen)
        or check_uncertainties(scen)
        or check_limits(scen)
    )
    if problems:
        raise doc.problems_error(ScenarioError, problems)
    return scen


def read_align_instance(data: dict[str, Any], folder: Path | None) -> None:
    """Set the ``[align] instance`` of the parsed scenario TOML ``data`` (in place) to the
    source it is read from (:func:`anpo._io.files.written_source`: a relative path from the
    scenario file's folder ``folder``, ``~`` from the home folder, ``book:NAME`` as written);
    anything else is left for validation to judge. The one rule of a scenario file's instance,
    loaded directly (:func:`parse_scenario_text`) or as a future's base scenario
    (:func:`anpo.futures.load.parse_future_text`, which kept it as written: a library reader of
    the future's scenario read the instance from the working folder)."""
    align = data.get("align")
    if isinstance(align, dict) and isinstance(align.get("instance"), str):
        align["instance"] = written_source(align["instance"], folder)


def read_text(path: str | Path) -> str:
    """A UTF-8 text file (a byte-order mark is accepted), or a one-line :class:`ScenarioError`
    saying why it cannot be read."""
    return _read_text(path, ScenarioError)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file, or ``book:NAME`` for a file of the built-in book
    (``book:us-japan-2001``). Raises :class:`ScenarioError` with file and line (naming ``path``
    when it is no file path: a dict, an int)."""
    path = book_path(path)
    return parse_scenario_text(read_text(path), source=str(path), base_dir=path.parent)


def book_path(path: str | Path) -> Path:
    """The file a ``book:NAME`` reference names in the built-in book (any other path as given).
    Raises :class:`ScenarioError` listing the book when there is no such scenario, or when the
    name is empty (``Path("")`` would be the current folder) or no path (a dict, an int: the
    error names ``path``)."""
    if isinstance(path, str) and not path:
        raise ScenarioError("the file name is empty; give a file name or book:NAME")
    given = as_path(path, "path", error=ScenarioError)
    ref = str(path)
    if not ref.startswith("book:"):
        return given
    by_name = {p.stem: p for p in book_files()}
    name = ref.removeprefix("book:")
    if name not in by_name:
        raise ScenarioError(
            f"no scenario {name!r} in the book (book: {', '.join(by_name)})", file=ref
        )
    return by_name[name]


def book_files() -> list[Path]:
    """The built-in scenario book, sorted by name."""
    root = resources.files("anpo.scenario") / "book"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml"))


def load_book() -> list[Scenario]:
    """Load every scenario of the built-in book."""
    return [load_scenario(p) for p in book_files()]
