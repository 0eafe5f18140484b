"""An exploration's provenance: the installed package's data and code digests in the manifest
and the run's identity (a folder computed from other package data is not resumed), and the
``anpo`` schema metadata of its Parquet shards (audit34 findings 1 and 4)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import anpo
import anpo.explore as ex
from _support import invoke
from anpo import _package
from anpo.errors import ExploreError
from anpo.explore import store
from anpo.explore.examples import noisy_sum
from anpo.scenario.uncertainty import Triangular, Uniform

SPACE = {
    "x": Uniform(low=0, high=1, basis="test input"),
    "y": Triangular(low=0, mode=0.5, high=2, basis="test input"),
}
PACKAGE = Path(anpo.__file__).resolve().parent
HNS = Path("burden") / "data" / "japan_hns.toml"


def _model() -> ex.FunctionModel:
    return ex.FunctionModel(noisy_sum, SPACE, cases=["a", "b"])


def _every_file(out: Path) -> dict[str, str]:
    """The SHA-256 of every file under ``out``, by path."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the installed package's files (no byte-code caches), to edit."""
    copy = tmp_path / "anpo-copy"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return copy


def test_the_digests_follow_the_packages_data_and_code(package_copy: Path):
    """An edited data file (the audit's repro: FY2001 host-nation support 257.3 -> 300.0 in
    ``burden/data/japan_hns.toml``) changes the data digest and not the code digest; an edited
    module the code digest and not the data one; a renamed data file the data digest. Byte-code
    caches and hidden files (an editor's swap file) change neither."""
    before = _package.digests_of(package_copy)
    assert before == _package.digests_of(PACKAGE)  # the copy is the package
    hns = package_copy / HNS
    text = hns.read_text(encoding="utf-8")
    assert "total = 257.3" in text
    hns.write_text(text.replace("total = 257.3", "total = 300.0", 1), encoding="utf-8")
    edited = _package.digests_of(package_copy)
    assert edited["data"] != before["data"] and edited["code"] == before["code"]
    hns.write_text(text, encoding="utf-8")
    assert _package.digests_of(package_copy) == before
    (package_copy / "__pycache__").mkdir(exist_ok=True)
    (package_copy / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (package_copy / "burden" / ".japan_hns.toml.swp").write_bytes(b"\0")
    assert _package.digests_of(package_copy) == before
    version = package_copy / "_version.py"
    version.write_text(version.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = _package.digests_of(package_copy)
    assert changed["code"] != before["code"] and changed["data"] == before["data"]
    hns.rename(hns.with_name("japan_hns_old.toml"))
    assert _package.digests_of(package_copy)["data"] != changed["data"]


def test_files_a_wheel_does_not_install_change_no_digest(package_copy: Path):
    """review33: an editor's backup (``model.py~``) or a patch's leftovers (``*.orig``,
    ``*.rej``) in a checkout counted as package data, so a checkout digested differently from
    the wheel of the same commit; only the files a wheel installs count, and the data suffixes
    are the ones ``pyproject.toml``'s ``package-data`` installs."""
    import tomllib

    before = _package.digests_of(package_copy)
    for name in ("exchange.py~", "scenario.py.orig", "scenario.py.rej", "notes.txt"):
        (package_copy / "deterrence" / name).write_bytes(b"stray\n")
    assert _package.digests_of(package_copy) == before
    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["*"]
    installed = {p.removeprefix("*") for p in patterns if p.startswith("*.")}
    assert installed == set(_package.DATA_SUFFIXES)
    assert {p for p in patterns if not p.startswith("*.")} == set(_package._DATA_NAMES)


def test_the_package_digests_are_computed_once_per_process():
    """:func:`anpo._package.package_digests` is cached: every run of the process gets the same
    object, the digests of the installed package."""
    assert _package.package_digests() is _package.package_digests()
    assert _package.package_digests() == _package.digests_of(PACKAGE)


def test_the_manifest_records_the_package_digests(tmp_path: Path):
    """A run's manifest holds the package's data and code digests, and its inputs hash
    covers them (so the run's identity changes with them)."""
    out = ex.run(_model(), n=4, seed=1, out=tmp_path / "run")
    man = json.loads((out / store.MANIFEST).read_text(encoding="utf-8"))
    assert man["package"] == _package.package_digests()
    assert set(man["package"]) == {"data", "code"}
    st = ex.status(out)
    assert st["package"] == man["package"]


def test_a_run_computed_from_other_package_data_is_not_resumed(
    tmp_path: Path, package_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    """audit34 finding 1: a folder written with one package data file (``japan_hns.toml``),
    run again after it changed, was resumed ("done: ...") and mixed results computed from both.
    Now the resume is refused, naming the package data (not its code), what to do, and the
    folder is left byte for byte as it was; with the data as it was, the run resumes."""
    out = tmp_path / "run"
    monkeypatch.setattr(_package, "package_digests", lambda: _package.digests_of(package_copy))
    ex.run(_model(), n=6, seed=3, out=out)
    before = _every_file(out)
    hns = package_copy / HNS
    text = hns.read_text(encoding="utf-8")
    hns.write_text(text.replace("total = 257.3", "total = 300.0", 1), encoding="utf-8")
    with pytest.raises(ExploreError) as err:
        ex.run(_model(), n=6, seed=3, out=out)
    msg = str(err.value)
    assert "differs in: package data)" in msg, msg
    assert "package code" not in msg
    assert "anpo's own data files changed since the run" in msg
    assert "run it into a new --out" in msg
    assert _every_file(out) == before
    hns.write_text(text, encoding="utf-8")
    ex.run(_model(), n=6, seed=3, out=out)  # the data as it was: resumed, nothing to do
    assert _every_file(out).keys() == before.keys()


def test_a_run_computed_by_other_package_code_is_not_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The package's code changed since the run (its ``code`` digest differs): refused with
    ``differs in: package code``."""
    out = tmp_path / "run"
    ex.run(_model(), n=6, seed=3, out=out)
    now = dict(_package.package_digests())
    monkeypatch.setattr(_package, "package_digests", lambda: {**now, "code": "0" * 64})
    with pytest.raises(ExploreError, match=r"differs in: package code\).*anpo.s own code changed"):
        ex.run(_model(), n=6, seed=3, out=out)


def test_a_run_that_did_not_record_the_package_is_refused(tmp_path: Path):
    """A folder written before anpo recorded the package's digests (no ``package`` in its
    manifest, its inputs hash computed without them) cannot show that the same data computed
    it: refused, saying so and what to do (it resumed before, whatever data the package had)."""
    out = tmp_path / "run"
    ex.run(_model(), n=6, seed=3, out=out)
    man = json.loads((out / store.MANIFEST).read_text(encoding="utf-8"))
    man.pop("package", None)  # (an earlier anpo wrote none)
    keys = ("model", "fingerprint", "cases", "params", "sampler", "n", "seed", "options")
    old_inputs = {k: man[k] for k in keys}
    man["inputs_hash"] = hashlib.sha256(json.dumps(old_inputs, sort_keys=True).encode()).hexdigest()
    store.write_manifest(out, man)
    with pytest.raises(ExploreError) as err:
        ex.run(_model(), n=6, seed=3, out=out)
    msg = str(err.value)
    assert "differs in: package data and code (not recorded by the run)" in msg, msg
    assert "did not record the digests" in msg and "new --out" in msg
    r = invoke("explore", "status", str(out))
    assert r.exit_code == 0, r.output
    assert "package data and code: not recorded" in r.output


def test_a_package_record_of_other_keys_is_said_not_recorded(tmp_path: Path):
    """review33: a manifest whose ``package`` holds other keys than this anpo's digests was
    refused with a hint that read "anpo's own data files and code (not recorded by the run)
    changed since the run"; it says the run did not record them, as for no ``package``."""
    out = tmp_path / "run"
    ex.run(_model(), n=6, seed=3, out=out)
    man = json.loads((out / store.MANIFEST).read_text(encoding="utf-8"))
    man["package"] = {"other": "0" * 64}
    man["inputs_hash"] = "1" * 64  # (its inputs hash covered that record)
    store.write_manifest(out, man)
    with pytest.raises(ExploreError) as err:
        ex.run(_model(), n=6, seed=3, out=out)
    msg = str(err.value)
    assert "differs in: package data and code (not recorded by the run)" in msg, msg
    assert "did not record the digests" in msg
    assert "own data files and code (not recorded" not in msg


def test_the_shards_carry_the_runs_provenance(tmp_path: Path):
    """audit34 finding 4: the explore shards had empty schema metadata, while the docs say the
    Parquet files anpo writes carry their provenance under the key ``anpo``. Each shard says
    the command, anpo's version, the model, its fingerprint, the inputs hash, the seed and
    the package's digests, as the manifest holds them."""
    out = ex.run(_model(), n=40, seed=7, out=tmp_path / "run", batch_size=16)
    man = json.loads((out / store.MANIFEST).read_text(encoding="utf-8"))
    shards = store.list_shards(out)
    assert len(shards) > 1
    for shard in shards:
        meta = pq.read_schema(shard.path).metadata or {}
        said = json.loads(meta[b"anpo"])
        assert said == {
            "command": "explore run",
            "anpo_version": anpo.__version__,
            "model": man["model"],
            "fingerprint": man["fingerprint"],
            "inputs_hash": man["inputs_hash"],
            "seed": 7,
            "package": man["package"],
        }
    r = invoke("explore", "status", str(out))
    assert r.exit_code == 0, r.output
    assert f"package data {man['package']['data'][:12]}" in r.output
