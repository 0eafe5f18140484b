"""Deterrence fields of scenario files: the one layer type, missile classes, required
counterforce entries. A broken file gives one line naming the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import anpo.cli
from _support import MINIMAL, book_scenarios
from anpo.deterrence.defense import Layer
from anpo.errors import ScenarioError
from anpo.scenario import book_files, load_scenario
from anpo.scenario.schema import DefenseLayer

US_SILO = """
[[forces]]
id = "us-mm3"
actor = "USA"
name = "Minuteman III"
basing = "silo"
missile_class = "ICBM"
launchers = 400
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["CHN"]
source = "FAS 2025"

[[counterforce]]
striker = "USA"
basing = "silo"
kill_probability = 0.9
source = "anpo assumption"
"""


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def _broken(tmp_path: Path, text: str) -> ScenarioError:
    path = tmp_path / "broken.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    result = CliRunner().invoke(anpo.cli.app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    return info.value


def test_scenario_layers_are_the_library_layer_type():
    """One layer type: the scenario file's layers are anpo.deterrence.defense.Layer objects."""
    assert DefenseLayer is Layer
    for scen in book_scenarios():
        for arch in scen.defenses:
            for layer in arch.layers:
                assert isinstance(layer, Layer)
                assert layer.covers and layer.engages and layer.source


def test_missing_counterforce_entry_is_an_error(tmp_path: Path):
    """China can strike the U.S. silos first in the dyad's exchange, so the file needs a
    [[counterforce]] entry with striker CHN and basing silo: never a silent kill probability 0."""
    text = MINIMAL + US_SILO
    err = _broken(tmp_path, text)
    assert err.field == "dyads[0].rival"
    assert err.line == _line_of(text, 'rival = "CHN"')
    assert "striker = 'CHN'" in err.message and "basing = 'silo'" in err.message
    ok = (
        text
        + '\n[[counterforce]]\nstriker = "CHN"\nbasing = "silo"\nkill_probability = 0.3\nsource = "anpo assumption"\n'
    )
    path = tmp_path / "ok.toml"
    path.write_text(ok)
    assert load_scenario(path).scenario.id == "mini"


@pytest.mark.parametrize(
    ("transform", "field", "needle", "message"),
    [
        (
            lambda t: t.replace('missile_class = "ICBM"\n', "", 1),
            "forces[0].missile_class",
            "[[forces]]",
            "required",
        ),
        (
            lambda t: t.replace('engages = ["ICBM"]\n', "", 1),
            "defenses[0].layers[0].engages",
            "[[defenses.layers]]",
            "missile classes",
        ),
        (
            lambda t: t.replace('engages = ["ICBM"]', 'engages = ["ABM"]', 1),
            "defenses[0].layers[0].engages[0]",
            'engages = ["ABM"]',
            "Input should be",
        ),
        (
            lambda t: t.replace("sspk = 0.6", "sspk = 0.6\ncommon_mode_reliability = 0.9", 1),
            "defenses[0].layers[0]",
            "[[defenses.layers]]",
            "common_mode",
        ),
    ],
)
def test_layer_and_force_fields_named_on_error(tmp_path: Path, transform, field, needle, message):
    text = transform(MINIMAL)
    err = _broken(tmp_path, text)
    assert err.field == field
    assert message in err.message
    assert err.line == _line_of(text, needle)


def test_two_dyads_with_one_label_are_an_error(tmp_path: Path):
    """A dyad's label keys its rows, its counterforce plans in the bands and the --dyad filter:
    two dyads with the same label (here both unlabelled U.S.-China pairs, 'USA-CHN') are refused
    with the second one's line, never merged (the stability command's reaction table raised a
    pandas traceback on them)."""
    dyad = '\n[[dyads]]\ndefender = "USA"\nrival = "CHN"\n'
    text = MINIMAL + dyad
    err = _broken(tmp_path, text)
    assert err.field == "dyads[1].label"
    assert "dyad label 'USA-CHN' is used twice (dyads[0] has it)" in err.message
    assert err.line == len(MINIMAL.splitlines()) + 2
    result = CliRunner().invoke(anpo.cli.app, ["stability", str(tmp_path / "broken.toml")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    labelled = text + 'label = "U.S.-China, second"\n'
    path = tmp_path / "ok.toml"
    path.write_text(labelled)
    assert len(load_scenario(path).dyads) == 2


def test_bombers_default_to_no_missile_class():
    """Bomber weapons are not ballistic missiles: no missile-defense layer engages them."""
    for scen in book_scenarios():
        for f in scen.forces:
            assert (f.missile_class == "none") == (f.basing == "bomber")


def test_book_validates_with_every_counterforce_entry():
    """The book files validate: every dyad's striker has an entry for every basing it faces."""
    assert len(book_files()) == 3
    for scen in book_scenarios():
        for case in scen.cases():
            for dyad in scen.dyads:
                for striker, victim in ((dyad.defender, dyad.rival), (dyad.rival, dyad.defender)):
                    if not any(victim in f.reaches for f in case.forces(striker)):
                        continue
                    for f in scen.forces:
                        if f.actor == victim:
                            assert 0.0 <= case.kill_probability(striker, f.basing) <= 1.0


def test_two_variants_with_one_name_are_an_error(tmp_path: Path):
    """A variant is named by its label (else its title) in the report's prose, figures and
    name columns and in the terminal's tables: two variants of one name could not be told
    apart (the extended-deterrence figure, one row per name, drew both on one row). They are
    refused with the second one's line, as two dyads of one label are."""
    variants = (
        '\n[[variants]]\nid = "a"\ntitle = "First"\nlabel = "Same"\ndefenses = []\n'
        '\n[[variants]]\nid = "b"\ntitle = "Second"\nlabel = "Same"\ndefenses = []\n'
    )
    text = MINIMAL + variants
    err = _broken(tmp_path, text)
    assert err.field == "variants[1].label"
    assert "variant name 'Same' is used twice (variants[0] has it)" in err.message
    same = [i for i, ln in enumerate(text.splitlines(), start=1) if ln == 'label = "Same"']
    assert err.line == same[1]
    untitled = MINIMAL + variants.replace('label = "Same"\n', "").replace("Second", "First")
    assert _broken(tmp_path, untitled).field == "variants[1].title"
    path = tmp_path / "ok.toml"
    path.write_text(text.replace('label = "Same"\ndefenses = []\n', "defenses = []\n", 1))
    assert [v.shown for v in load_scenario(path).variants] == ["First", "Same"]


@pytest.mark.parametrize("value", [None, 3, {}])
def test_questions_run_names_the_scenario_argument(value: object) -> None:
    """``questions.run(None)`` (and ``outcomes``) read None as the path 'None': a ScenarioError
    "None: file not found" that named no argument. Now an InputError naming ``scenario``."""
    from anpo.deterrence import questions
    from anpo.errors import InputError

    for call in (questions.run, questions.outcomes):
        with pytest.raises(InputError) as info:
            call(value)  # type: ignore[arg-type]
        assert info.value.field == "scenario"
        assert info.value.file is None
