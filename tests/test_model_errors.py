"""Public pydantic models raise anpo's documented errors (audit30): src/anpo/errors.py says
every user-caused error derives from AnpoError, but ``Contribution(activity='nope', ...)``,
``RoleThresholds(focal=0)``, ``FutureFile``/``World`` and the scenario models built directly
(docs/explanation/stability.md builds ForceComponent and DamageCurve) raised pydantic's
ValidationError, and ``Layer.model_validate`` did too though ``Layer(...)`` did not. Each now
raises its module's anpo error, both built and through ``model_validate``; the error is also a
ValidationError, so the loaders that catch that one keep their file:line: field messages."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import anpo.futures
import anpo.law
import anpo.relations
from anpo.deterrence.layer import Layer
from anpo.errors import AnpoError, FutureError, InputError, LawError, ScenarioError
from anpo.scenario import parse_scenario_text
from anpo.scenario.schema import (
    Actor,
    Alliance,
    DamageCurve,
    Dyad,
    ForceComponent,
    Meta,
    Scenario,
    Variant,
)

CASES: list[tuple[type[BaseModel], dict[str, Any], type[AnpoError], str]] = [
    (
        anpo.law.Contribution,
        {"activity": "nope", "situation": "peacetime"},
        LawError,
        "activity",
    ),
    (anpo.relations.RoleThresholds, {"focal": 0}, InputError, "focal"),
    (anpo.futures.FutureFile, {}, FutureError, "future"),
    (anpo.futures.World, {}, FutureError, "future"),
    (ForceComponent, {"id": "x"}, InputError, "actor"),
    (DamageCurve, {"actor": "USA", "w80": -1, "source": "test"}, InputError, "w80"),
    (Actor, {"id": "USA"}, InputError, "name"),
    (Alliance, {"id": "a", "name": "A", "patron": "USA", "members": []}, InputError, "members"),
    (Dyad, {"defender": "USA", "rival": "CHN", "ally_strike_share": 2}, InputError, None),
    (Meta, {"id": "m", "title": "T", "year": 1900, "date": "1900-01-01"}, InputError, "year"),
    (Variant, {"id": "v"}, InputError, "title"),
    (Scenario, {}, InputError, "scenario"),
    (Layer, {"interceptors": 10, "sspk": 2}, InputError, "sspk"),
]


def _as_strings(data: Any) -> Any:
    """``data`` with every value that is no table or list written as text, as
    ``model_validate_strings`` takes it."""
    if isinstance(data, dict):
        return {k: _as_strings(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_strings(v) for v in data]
    return str(data)


@pytest.mark.parametrize(
    ("model", "data", "error", "field"), CASES, ids=[c[0].__name__ for c in CASES]
)
@pytest.mark.parametrize(
    "how", ["built", "model_validate", "model_validate_json", "model_validate_strings"]
)
def test_a_public_model_raises_its_anpo_error(
    model: type[BaseModel], data: dict[str, Any], error: type[AnpoError], field: str, how: str
) -> None:
    """Built directly or through model_validate, model_validate_json (the values as JSON) or
    model_validate_strings (the values as text), a bad value is the module's anpo error naming
    the field, and still a ValidationError with pydantic's problems (what the loaders read).
    lib31: the JSON and strings forms raised pydantic's bare ValidationError."""
    call: Callable[[], object] = {
        "built": lambda: model(**data),
        "model_validate": lambda: model.model_validate(data),
        "model_validate_json": lambda: model.model_validate_json(json.dumps(data)),
        "model_validate_strings": lambda: model.model_validate_strings(_as_strings(data)),
    }[how]
    with pytest.raises(error) as info:
        call()
    err = info.value
    assert isinstance(err, ValidationError) and err.errors()
    if field is not None:
        assert err.field is not None and err.field.split(".")[0] == field, err.one_line()
    assert str(err) == err.one_line() and "errors.pydantic.dev" not in str(err)
    again = pickle.loads(pickle.dumps(err))  # a worker process's error reaches its parent
    assert type(again) is type(err) and str(again) == str(err)


def test_a_files_errors_keep_their_path_and_kind() -> None:
    """Inside a file the models are validated by pydantic itself: a scenario file's error keeps
    its full field path and line and is a ScenarioError, as before."""
    from _support import MINIMAL

    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(MINIMAL.replace("sspk = 0.6", "sspk = 1.6"), "bad.toml")
    assert info.value.field == "defenses[0].layers[0].sspk"
    assert info.value.one_line().startswith("bad.toml:")
    assert "less than or equal to 1 (got 1.6)" in info.value.message


def test_a_validators_own_error_type_is_still_an_anpo_error() -> None:
    """review30: a model's validator raising pydantic-core's ``PydanticCustomError`` (a type
    pydantic does not know) stopped the conversion with ``KeyError: Invalid error type``, a
    traceback in place of the anpo error; it is now an :class:`InputError` (and still a
    ``ValidationError``) with the validator's message, its field and its type kept."""
    from pydantic import field_validator
    from pydantic_core import PydanticCustomError

    from anpo._io.inputs import RaisesAnpoError

    class Count(RaisesAnpoError):
        n: int

        @field_validator("n")
        @classmethod
        def _positive(cls, n: int) -> int:
            if n < 0:
                raise PydanticCustomError(
                    "negative_count", "a count is 0 or more, got {n}", {"n": n}
                )
            return n

    for build in (lambda: Count(n=-3), lambda: Count.model_validate({"n": -3})):
        with pytest.raises(InputError) as info:
            build()
        err = info.value
        assert isinstance(err, ValidationError)
        assert err.field == "n" and "a count is 0 or more, got -3" in err.message, err.one_line()
        assert [e["type"] for e in err.errors()] == ["negative_count"]
    assert Count(n=2).n == 2


@pytest.mark.parametrize("model", [c[0] for c in CASES], ids=[c[0].__name__ for c in CASES])
def test_text_that_is_no_json_is_the_models_anpo_error(model: type[BaseModel]) -> None:
    """lib31: ``model_validate_json`` of text that is no JSON object raised pydantic's bare
    ValidationError; it is the model's anpo error, saying where the JSON breaks."""
    error = next(c[2] for c in CASES if c[0] is model)
    with pytest.raises(error) as info:
        model.model_validate_json('{"id": ')
    err = info.value
    assert isinstance(err, ValidationError)
    assert err.message.startswith("Invalid JSON: EOF while parsing a value at line 1 column 7")
    assert "errors.pydantic.dev" not in str(err)


def test_strings_are_read_as_model_validate_strings_promises() -> None:
    """lib31: ``model_validate_strings`` refused every number, each given as text as that method
    takes them ("got '10', a text, not a number": the checks against TOML's lax reading); a
    number written as text is read, and text that is no number is refused at its key as the
    model's anpo error."""
    layer = Layer.model_validate_strings({"interceptors": "10", "sspk": "0.5", "shots": "2"})
    assert (layer.interceptors, layer.sspk, layer.shots) == (10, 0.5, 2)
    with pytest.raises(InputError) as info:
        Layer.model_validate_strings({"interceptors": "ten", "sspk": "0.5"})
    assert info.value.field == "interceptors"
    assert "unable to parse string as an integer (got 'ten')" in info.value.message
    contribution = anpo.law.Contribution.model_validate_strings(
        {"activity": "provide-ammunition", "situation": "important-influence"}
    )
    assert contribution.activity == "provide-ammunition"
    # the TOML checks stay: a text where a number belongs, given to model_validate
    with pytest.raises(InputError, match="got '10', a text, not a number"):
        Layer.model_validate({"interceptors": "10", "sspk": 0.5})


@pytest.mark.parametrize("typed", ["0", "1704067200", " 12.5 ", "-3", "1e9"])
def test_a_date_given_as_a_number_in_text_is_still_refused_by_model_validate_strings(
    typed: str,
) -> None:
    """review31: lib31 let ``model_validate_strings`` skip every check of the number-free models,
    so a date field read ``"0"`` as 1970-01-01 and ``"1704067200"`` as 2024-01-01 (seconds
    since 1970), what ``model_validate`` and ``model_validate_json`` refuse. A date written as
    a date is still read."""
    from anpo.law.schema import DatedNote

    with pytest.raises(ValidationError, match="a number written as text, not a date"):
        DatedNote.model_validate_strings({"date": typed, "text": "note"})
    note = DatedNote.model_validate_strings({"date": "2001-07-10", "text": "note"})
    assert str(note.date) == "2001-07-10"
