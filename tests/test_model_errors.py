"""Public pydantic models raise anpo's documented errors (audit30): src/anpo/errors.py says
every user-caused error derives from AnpoError, but ``Contribution(activity='nope', ...)``,
``RoleThresholds(focal=0)``, ``FutureFile``/``World`` and the scenario models built directly
(docs/explanation/stability.md builds ForceComponent and DamageCurve) raised pydantic's
ValidationError, and ``Layer.model_validate`` did too though ``Layer(...)`` did not. Each now
raises its module's anpo error, both built and through ``model_validate``; the error is also a
ValidationError, so the loaders that catch that one keep their file:line: field messages."""

from __future__ import annotations

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


@pytest.mark.parametrize(
    ("model", "data", "error", "field"), CASES, ids=[c[0].__name__ for c in CASES]
)
@pytest.mark.parametrize("how", ["built", "model_validate"])
def test_a_public_model_raises_its_anpo_error(
    model: type[BaseModel], data: dict[str, Any], error: type[AnpoError], field: str, how: str
) -> None:
    """Built directly or through model_validate, a bad value is the module's anpo error naming
    the field, and still a ValidationError with pydantic's problems (what the loaders read)."""
    call: Callable[[], object] = (
        (lambda: model(**data)) if how == "built" else (lambda: model.model_validate(data))
    )
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
