"""The JSON outputs of ``anpo bands``, ``anpo futures compare`` and ``anpo align solve`` say what
they were computed from: anpo's version and each input file's source (as given) and SHA-256,
the seed as its own field (audit34 finding 5: they carried a scenario id and a seed, no file,
hash or version)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import anpo
from _support import cli
from anpo.align.io import book_files as instance_book_files
from anpo.futures import future_files
from anpo.scenario.load import book_files as scenario_book_files


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _book(files: list[Path], stem: str) -> Path:
    return next(p for p in files if p.stem == stem)


def test_bands_json_names_the_scenario_file_and_version(tmp_path: Path) -> None:
    """``anpo bands --json``: ``inputs`` holds the scenario file as given (a user's path not
    made absolute, ``book:NAME`` for the book's) with its SHA-256; ``seed`` stays its own key."""
    book = _book(scenario_book_files(), "us-japan-2001")
    mine = tmp_path / "mine.toml"
    shutil.copyfile(book, mine)
    for source, path in (("book:us-japan-2001", book), ("mine.toml", mine)):
        args = ["bands", source, "--variant", "nmd-c1", "--draws", "2", "--seed", "7"]
        r = cli(*args, "--no-reaction", "--json", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["anpo_version"] == anpo.__version__
        assert out["seed"] == 7
        assert out["inputs"] == [{"role": "scenario", "source": source, "sha256": _sha(path)}]


def test_futures_compare_json_names_each_file_read(tmp_path: Path) -> None:
    """``anpo futures compare --json``: the future file, its base scenario and its alignment
    instance, each with its source and SHA-256; a user's copy of a future by its path."""
    book = _book(future_files(), "status-quo")
    mine = tmp_path / "sq.toml"
    shutil.copyfile(book, mine)
    base = _book(scenario_book_files(), "us-japan-2001")
    inst = _book(instance_book_files(), "asia_pacific_2001")
    for source in ("status-quo", str(mine)):
        r = cli("futures", "compare", source, "--json")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["anpo_version"] == anpo.__version__
        named = "book:status-quo" if source == "status-quo" else source
        assert out["inputs"] == [
            {"role": "future status-quo", "source": named, "sha256": _sha(book)},
            {
                "role": "base scenario of status-quo",
                "source": "book:us-japan-2001",
                "sha256": _sha(base),
            },
            {
                "role": "alignment instance of status-quo",
                "source": "book:asia_pacific_2001",
                "sha256": _sha(inst),
            },
        ]
        assert [f["id"] for f in out["futures"]] == ["status-quo"]  # the old keys stay


def test_align_solve_json_names_the_instance_and_seed(tmp_path: Path) -> None:
    """``anpo align solve --json``: the seed as its own key (it was only inside
    ``global_minimum.method``), the instance file as given with its SHA-256, anpo's version;
    an edited file gets another hash."""
    book = _book(instance_book_files(), "asia_pacific_2001")
    mine = tmp_path / "inst.toml"
    shutil.copyfile(book, mine)
    seen = []
    for source, path in (("book:asia_pacific_2001", book), (str(mine), mine)):
        args = ["align", "solve", source, "--json", "--method", "descent", "--seed", "3"]
        r = cli(*args, "--no-minima")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["anpo_version"] == anpo.__version__
        assert out["seed"] == 3
        assert out["file"] == source  # the old key stays
        assert out["inputs"] == [{"role": "instance", "source": source, "sha256": _sha(path)}]
        seen.append(out["inputs"][0]["sha256"])
    mine.write_text(mine.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    r = cli("align", "solve", str(mine), "--json", "--method", "descent", "--no-minima")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["inputs"][0]["sha256"] not in seen
