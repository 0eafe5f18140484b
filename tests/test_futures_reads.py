"""How often a futures run reads the files a future names (perf30).

A futures model read its base scenario file and its alignment instance file twice when it was
made (once to parse them, once to hash them for the run's manifest), and each experiment read
and hashed its instance file twice (the check against the digest the run recorded, then the
scorecard's cached reader). Now each is read once there, the digest taken from the bytes parsed,
and the scorecard scores the instance the check read. The digests the manifest records are
still the SHA-256 of the files' bytes, and an instance edited in the run still stops it
(``tests/test_explore_run_files.py``)."""

from __future__ import annotations

import builtins
import collections
import hashlib
import io
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from anpo.errors import ScenarioError
from anpo.futures import future_files
from anpo.futures.experiment import FuturesModel
from anpo.futures.scorecard import indicators, read_instance
from anpo.scenario.load import book_files

STATUS_QUO = next(p for p in future_files() if p.stem == "status-quo").read_text(encoding="utf-8")
BOOK_INSTANCE = (resources.files("anpo.align") / "book" / "asia_pacific_2001.toml").read_text(
    encoding="utf-8"
)
BASE = 'scenario = "book:us-japan-2001"'
assert BASE in STATUS_QUO


def _future(folder: Path) -> Path:
    """The status quo on a copy of its base scenario (``base.toml``) and of the built-in
    alignment instance (``a.toml``), both files beside it in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    book = next(p for p in book_files() if p.stem == "us-japan-2001")
    (folder / "base.toml").write_text(book.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "a.toml").write_text(BOOK_INSTANCE, encoding="utf-8")
    text = (
        STATUS_QUO.replace('id = "status-quo"', 'id = "mine"')
        .replace(BASE, 'scenario = "base.toml"')
        .replace(
            "[[alignment.changes]]", '[alignment]\ninstance = "a.toml"\n\n[[alignment.changes]]', 1
        )
    )
    path = folder / "f.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> collections.Counter[str]:
    """The files under ``tmp_path`` opened while the test runs, by name, counted (``open`` and
    ``io.open``, which ``Path.read_bytes`` and ``Path.read_text`` call)."""
    counts: collections.Counter[str] = collections.Counter()
    real = io.open
    root = str(tmp_path)

    def counting(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, Path)) and str(file).startswith(root):
            counts[Path(file).name] += 1
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting)
    monkeypatch.setattr(io, "open", counting)
    return counts


def test_a_futures_model_reads_its_base_scenario_and_instance_once(
    tmp_path: Path, opened: collections.Counter[str]
) -> None:
    """Making the model reads ``base.toml`` and ``a.toml`` once each (it read each twice: to
    parse, then to hash), and the manifest's digests are those of the files' bytes."""
    future = _future(tmp_path / "sub")
    read_instance.cache_clear()
    opened.clear()  # the files' writing
    model = FuturesModel.from_files([future])
    assert opened["base.toml"] == 1
    assert opened["a.toml"] == 1
    digests = {Path(f["resolved"]).name: f["sha256"] for f in model.input_files()}
    for name in ("f.toml", "base.toml", "a.toml"):
        assert digests[name] == hashlib.sha256((future.parent / name).read_bytes()).hexdigest()


def test_an_experiment_reads_its_instance_once(
    tmp_path: Path, opened: collections.Counter[str]
) -> None:
    """An experiment of a model made and prepared reads ``a.toml`` once (it read it twice: the
    check against the run's digest, then the scorecard), and scores what the scorecard scores
    reading the file itself."""
    future = _future(tmp_path / "sub")
    model = FuturesModel.from_files([future])
    model.prepare_worker()
    draws = {"theater_sspk": 0.7, "initiative_delta": 0.1}
    assert [p.name for p in model.params] == list(draws)
    read_instance.cache_clear()
    opened.clear()
    got = model.evaluate(0, draws, None)
    assert opened["a.toml"] == 1
    opened.clear()
    assert model.evaluate(0, draws, None) == got  # parsed once, still read and checked
    assert opened["a.toml"] == 1
    read_instance.cache_clear()
    assert indicators(model.world_for(0, draws)) == pytest.approx(got, nan_ok=True)


@pytest.mark.parametrize("make", ["FuturesModel.from_files", "model_from_files"])
def test_a_model_reads_its_own_future_file_once(
    tmp_path: Path, opened: collections.Counter[str], make: str
) -> None:
    """Making the model reads the future file ``f.toml`` itself once (mend31, left by perf30:
    it was read for its text, then again to hash it for the manifest; through
    :func:`anpo.explore.scenario.model_from_files`, which reads a file to tell a future from a
    scenario, three times). Its digest is still the SHA-256 of its bytes, and the model is the
    one the two ways make alike (same fingerprint, files and cases)."""
    from anpo.explore.scenario import model_from_files

    future = _future(tmp_path / "sub")
    opened.clear()  # the files' writing
    model = (
        FuturesModel.from_files([future])
        if make == "FuturesModel.from_files"
        else model_from_files(future)
    )
    assert opened["f.toml"] == 1
    files = model.input_files()
    assert files is not None and files[0]["role"] == "future file"
    assert files[0]["sha256"] == hashlib.sha256(future.read_bytes()).hexdigest()
    other = FuturesModel(*FuturesModel.read([future], ScenarioError)[:2])  # read to hash
    assert (model.fingerprint(), model.input_files(), model.cases) == (
        other.fingerprint(),
        other.input_files(),
        other.cases,
    )


def test_a_scenario_model_reads_its_own_scenario_file_once(
    tmp_path: Path, opened: collections.Counter[str]
) -> None:
    """The same for a scenario exploration (:class:`anpo.explore.scenario.ScenarioModel`, made
    by :func:`~anpo.explore.scenario.model_from_files`): its scenario file is read once (it
    was read three times: to tell its kind, for its text, to hash it), and the manifest's
    digest is that of its bytes."""
    from anpo.explore.scenario import model_from_files

    tmp_path.mkdir(exist_ok=True)
    book = next(p for p in book_files() if p.stem == "us-japan-2001")
    path = tmp_path / "s.toml"
    path.write_bytes(book.read_bytes())
    opened.clear()
    model = model_from_files(path)
    assert opened["s.toml"] == 1
    assert model.input_files() == [
        {
            "role": "scenario file",
            "path": str(path),
            "resolved": str(path.resolve()),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    ]
