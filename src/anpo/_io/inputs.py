"""The one input pipeline: TOML text -> data -> validated pydantic model, every problem one
:class:`anpo.errors.AnpoError` (of the caller's subclass) naming file, line, column and field.

Every input kind reads through it: scenarios (:mod:`anpo.scenario.load`), futures
(:mod:`anpo.futures.load`), landscape instances (:mod:`anpo.align.io`), law rule files
(:mod:`anpo.law.loader`), role thresholds (:mod:`anpo.relations.taxonomy`), law contributions
(:mod:`anpo.law.scenario`), the Japan host-nation-support facts (:mod:`anpo.burden.japan`) and
the alliance membership tables (:mod:`anpo.burden.membership`). CSV datasets have their own
checks (:mod:`anpo.data._io`), with the same error form.

Steps, each usable alone:

1. :func:`read_text`: a UTF-8 file (a byte-order mark is accepted), or an error saying why not.
2. :func:`parse_toml`: the data and where each key sits (:class:`TomlInput`), or an error at the
   line and column of a syntax error; ``inf`` and ``nan`` are refused (no anpo input means them).
3. :meth:`TomlInput.validate`: the pydantic model, or an error at the offending key (the first
   problem, with the number of others).
4. :meth:`TomlInput.error`: an error at any key path, for the checks a model cannot make alone
   (cross-references, limits).

A file of one kind given where another belongs (a future file as a scenario) is named for what
it is, before step 3 would refuse its first key: :func:`input_kinds` says what a file is by its
top-level tables, and :func:`refuse_other_kind` raises the one message saying so.

Field paths are written ``forces[2].launchers`` (:func:`dotted`); :func:`undotted` reads them
back.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import difflib
import functools
import re
import tomllib
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, Self, TypeVar

from pydantic import BaseModel, BeforeValidator, ValidationError, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from anpo._checks import as_path
from anpo._toml import first_non_finite, toml_positions
from anpo.errors import AnpoError, FutureError, InputError, LawError

__all__ = [
    "InputKind",
    "NoCoercedNumbers",
    "TAKES",
    "TomlInput",
    "data_path",
    "describe_validation_error",
    "describe_validation_errors",
    "dotted",
    "first_problem",
    "guess_kind",
    "input_kinds",
    "load_toml",
    "parse_toml",
    "read_text",
    "refuse_other_kind",
    "text_kinds",
    "text_guess_kind",
    "undotted",
    "validation_problem",
]

KeyPath = tuple[Any, ...]
Problem = tuple[KeyPath, str]
M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=AnpoError)


def _only(annotation: Any, leaf: Any) -> bool:
    """Whether every arm of a field's type passes ``leaf``, through ``Annotated`` and unions
    (``None`` aside: ``int | None`` takes numbers only)."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _only(args[0], leaf)
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in args if a is not type(None)]
        return bool(arms) and all(_only(a, leaf) for a in arms)
    return bool(leaf(annotation))


def _a_number_type(t: Any) -> bool:
    if typing.get_origin(t) is typing.Literal:  # ``Literal[1]``: pydantic took ``true`` for 1
        args = typing.get_args(t)
        return bool(args) and all(type(a) in (int, float) for a in args)
    return t in (int, float)


def _numbers_only(annotation: Any) -> bool:
    """Whether a field's type takes numbers and nothing else (``int``, ``float``, ``int |
    None``, an ``Annotated`` bound of either, a ``Literal`` of numbers)."""
    return _only(annotation, _a_number_type)


def _yes_no_only(annotation: Any) -> bool:
    """Whether a field's type is ``bool`` (or ``bool | None``, or an ``Annotated`` bool)."""
    return _only(annotation, lambda t: t is bool)


def _dates_only(annotation: Any) -> bool:
    """Whether a field's type is a date (``datetime.date``, ``date | None``, an ``Annotated``
    date)."""
    return _only(annotation, lambda t: t is dt.date)


class _NotANumber:
    """A bool or a text where a number belongs, wrapped so that the field's own validation
    refuses it at its key (pydantic's lax mode would read ``true`` as 1 and ``"0.5"`` as 0.5);
    its repr is what the error message shows after "got"."""

    __slots__ = ("value",)

    def __init__(self, value: bool | str) -> None:
        self.value = value

    def __repr__(self) -> str:
        if isinstance(self.value, bool):
            return f"{str(self.value).lower()}, a boolean, not a number"
        return f"{self.value!r}, a text, not a number"


class _NotAYesNo:
    """A number or a text where ``true`` or ``false`` belongs, wrapped so that the field's own
    validation refuses it at its key: pydantic's lax mode read ``"no"``, ``"off"`` and ``0`` as
    false and ``"yes"`` and ``1`` as true."""

    __slots__ = ("value",)

    def __init__(self, value: int | float | str) -> None:
        self.value = value

    def __repr__(self) -> str:
        what = "a text" if isinstance(self.value, str) else "a number"
        return f"{self.value!r}, {what}, not true or false"


#: A text that is a number (a date given as one in ``model_validate_strings``).
_NUMBER_TEXT = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


class _NotADate:
    """A number or a bool where a date belongs, wrapped so that the field's own validation
    refuses it at its key: pydantic's lax mode read ``date = 0`` as 1970-01-01 and ``date =
    1704067200`` (seconds since 1970) as 2024-01-01."""

    __slots__ = ("value",)

    def __init__(self, value: int | float | str) -> None:
        self.value = value

    def __repr__(self) -> str:
        if isinstance(self.value, bool):
            return f"{str(self.value).lower()}, a boolean, not a date"
        if isinstance(self.value, str):
            return f"{self.value!r}, a number written as text, not a date"
        return f"{self.value!r}, a number, not a date"


def _mark_coerced(annotation: Any, value: Any) -> Any:
    """``value`` with every bool or text that sits where ``annotation`` takes numbers wrapped
    in :class:`_NotANumber`, looking into lists and tuples of numbers, a number or text
    where it takes ``true``/``false`` wrapped in :class:`_NotAYesNo`, and a number or bool
    where it takes a date wrapped in :class:`_NotADate`."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _mark_coerced(args[0], value)
    if _dates_only(annotation):
        return _NotADate(value) if isinstance(value, int | float) else value
    if _yes_no_only(annotation):
        plain = isinstance(value, int | float | str) and not isinstance(value, bool)
        return _NotAYesNo(value) if plain else value
    if _numbers_only(annotation):
        return _NotANumber(value) if isinstance(value, bool | str) else value
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in args if a is not type(None)]
        if len(arms) == 1:
            return _mark_coerced(arms[0], value)
        # ``int | Literal["auto"]``: a text may be the literal, but a bool is no arm's value
        takes_bool = bool in arms or typing.Any in arms
        if isinstance(value, bool) and not takes_bool and any(_numbers_only(a) for a in arms):
            return _NotANumber(value)
        return value
    if origin is dict and isinstance(value, dict) and len(args) == 2:
        return {k: _mark_coerced(args[1], v) for k, v in value.items()}
    if origin in (list, tuple) and isinstance(value, list):
        if origin is tuple and Ellipsis not in args:
            if len(args) != len(value):
                return value
            return [_mark_coerced(t, v) for t, v in zip(args, value, strict=True)]
        return [_mark_coerced(args[0], v) for v in value] if args else value
    return value


def _first_problem(exc: ValidationError) -> tuple[str, str | None]:
    """The message and dotted field of the first problem of a pydantic ``ValidationError``."""
    err = exc.errors()[0]
    field = ".".join(str(x) for x in err["loc"]) or None
    msg = str(err["msg"]).removeprefix("Value error, ")  # pydantic's prefix, not the user's
    if err["type"] == "extra_forbidden":
        msg = "unknown field"
    elif err["type"] != "missing" and "input" in err and len(_shown(err["input"])) <= 40:
        # (a missing field's "input" is the whole mapping it is missing from)
        msg += f" (got {_shown(err['input'])})"
    return msg, field


def as_input_error(exc: ValidationError) -> InputError:
    """The first problem of a pydantic ``ValidationError`` as an :class:`InputError`."""
    msg, field = _first_problem(exc)
    return InputError(msg, field=field)


def _shown(value: Any) -> str:
    """An offending value as an error message shows it: a date or time as the file writes it
    (2024-07-10, not ``datetime.date(2024, 7, 10)``), anything else by its ``repr``."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return repr(value)


class _AlsoValidationError(ValidationError):
    """An anpo error that is also pydantic's ``ValidationError``, with its ``errors()``: what a
    :class:`RaisesAnpoError` model raises, so ``except InputError`` (or the model's own anpo
    error) catches it as the documented type, while the loaders that catch ``ValidationError``
    to name the file, line and field of the first problem keep doing so unchanged. The concrete
    classes list this first and the anpo error second; its message is the anpo error's."""

    message: str
    file: str | None
    line: int | None
    column: int | None
    field: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Nothing to do: pydantic-core fills the error in ``__new__``
        (:meth:`ValidationError.from_exception_data`); :meth:`of` sets the anpo fields."""

    @classmethod
    def of(cls, exc: ValidationError) -> _AlsoValidationError:
        """``exc`` as this class: its problems kept, its first one the message and field.

        A problem of a type pydantic-core does not know (a validator's own
        ``PydanticCustomError``) cannot be rebuilt from its ``errors()`` entry, which stopped the
        conversion with ``KeyError: Invalid error type`` (review30); such a problem is kept as a
        custom error of the same type and message."""
        try:
            out = cls.from_exception_data(exc.title, exc.errors())  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            details: Any = [
                {
                    "type": PydanticCustomError(str(e["type"]), str(e["msg"])),
                    "loc": e["loc"],
                    "input": e.get("input"),
                }
                for e in exc.errors()
            ]
            out = cls.from_exception_data(exc.title, details)
        msg, field = _first_problem(exc)
        AnpoError.__init__(out, msg, field=field)  # type: ignore[arg-type]
        return out

    def __str__(self) -> str:
        return AnpoError.one_line(self)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({AnpoError.one_line(self)!r})"  # type: ignore[arg-type]

    def __reduce__(self) -> Any:
        """Pickled with its anpo fields (a worker process's error reaches its parent whole)."""
        reduced: Any = super().__reduce__()
        return reduced[0], reduced[1], dict(self.__dict__)


class InvalidInput(_AlsoValidationError, InputError):
    """An :class:`InputError` (and a pydantic ``ValidationError``) of a model built directly."""


class InvalidLawInput(_AlsoValidationError, LawError):
    """A :class:`LawError` (and a pydantic ``ValidationError``) of a model built directly."""


class InvalidFutureInput(_AlsoValidationError, FutureError):
    """A :class:`FutureError` (and a pydantic ``ValidationError``) of a model built directly."""


class RaisesAnpoError(BaseModel):
    """A model that, constructed directly in Python (``Layer(...)``, ``Uniform(...)``,
    ``Contribution(...)``) or validated with ``Model.model_validate(...)``,
    ``Model.model_validate_json(...)`` or ``Model.model_validate_strings(...)``, raises the documented
    anpo error of its module (:attr:`invalid`: an :class:`anpo.errors.InputError` unless the
    model says otherwise) naming the field, not pydantic's bare ``ValidationError``
    (:mod:`anpo.errors`: every user-caused error derives from ``AnpoError``). The error is also
    a ``ValidationError``, so code that catches that one still does. Inside a scenario or future
    file the model is validated by pydantic itself (the marker below keeps pydantic from calling
    this ``__init__`` there, and nested models are not validated through ``model_validate``), so
    a file's errors keep their full field path (``defenses[0].layers[1].sspk``)."""

    #: the error a bad construction or ``model_validate`` raises
    invalid: ClassVar[type[_AlsoValidationError]] = InvalidInput

    def __init__(self, **data: Any) -> None:
        with self._raised_as_invalid():
            super().__init__(**data)

    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    @contextlib.contextmanager
    def _raised_as_invalid(cls) -> Iterator[None]:
        """Within it, pydantic's ``ValidationError`` is raised as :attr:`invalid`."""
        try:
            yield
        except ValidationError as exc:
            raise cls.invalid.of(exc) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """:meth:`pydantic.BaseModel.model_validate`, a problem raised as :attr:`invalid`."""
        with cls._raised_as_invalid():
            return super().model_validate(obj, *args, **kwargs)

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Self:
        """:meth:`pydantic.BaseModel.model_validate_json`, a problem (text that is no JSON
        included) raised as :attr:`invalid`: it raised pydantic's bare ``ValidationError``."""
        with cls._raised_as_invalid():
            return super().model_validate_json(json_data, *args, **kwargs)

    @classmethod
    def model_validate_strings(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """:meth:`pydantic.BaseModel.model_validate_strings`, a problem raised as
        :attr:`invalid`: it raised pydantic's bare ``ValidationError``."""
        with cls._raised_as_invalid():
            return super().model_validate_strings(obj, *args, **kwargs)


#: The name the models that raise :class:`InputError` were written against.
RaisesInputError = RaisesAnpoError


class NoCoercedNumbers(BaseModel):
    """A model whose numeric fields take numbers only: pydantic's lax mode read ``launchers =
    true`` as 1 and ``survivable_fraction = "0.5"`` as 0.5; here either fails at its key
    ("Input should be a valid integer (got true, a boolean, not a number)"). A whole float for
    an integer (``300.0``) and an integer for a float stay accepted (TOML writes both). Its
    yes/no fields (``bool``) take ``true`` or ``false`` only: lax mode read ``baseline = "no"``
    or ``0`` as false ("Input should be a valid boolean (got 'no', a text, not true or
    false)"). Its date fields take dates (a TOML date, or a text ``"2001-07-10"``), not numbers:
    lax mode read ``date = 0`` as 1970-01-01 and ``date = 1704067200`` as 2024-01-01 (seconds
    since 1970): "Input should be a valid date (got 1704067200, a number, not a
    date)"). ``Model.model_validate_strings`` reads every value from text, as that method
    promises (``{"interceptors": "10"}`` is 10, ``"ten"`` refused at its key): these checks
    refused every number given to it ("got '10', a text, not a number")."""

    @model_validator(mode="before")
    @classmethod
    def _no_coerced_numbers(cls, data: Any, info: ValidationInfo) -> Any:
        # model_validate_strings validates in pydantic-core's "string" mode (typed as
        # "python" | "json" only)
        if not isinstance(data, dict):
            return data
        strings = str(info.mode) == "string"
        out = dict(data)
        for key, annotation in _checked_fields(cls):
            if key not in out:
                continue
            value = out[key]
            if not strings:
                out[key] = _mark_coerced(annotation, value)
            elif (
                _dates_only(annotation) and isinstance(value, str) and _NUMBER_TEXT.fullmatch(value)
            ):
                # every value is text in string mode and read as its field's type; a date
                # still is not a number: string mode read "0" as 1970-01-01 and "1704067200"
                # as 2024-01-01 (seconds since 1970) (review31)
                out[key] = _NotADate(value)
        return out


@functools.cache
def _checked_fields(cls: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """The (key, type) of ``cls``'s fields whose type involves a number or is a yes/no or a date,
    found once per class: most fields are none of these, and scenarios are validated again for
    every experiment."""
    return tuple(
        (field.alias or name, field.annotation)
        for name, field in cls.model_fields.items()
        if _involves_numbers(field.annotation)
        or _yes_no_only(field.annotation)
        # a date field with a validator of its own reads its input itself (the web's IsoDate)
        or (
            _dates_only(field.annotation)
            and not any(isinstance(m, BeforeValidator) for m in field.metadata)
        )
    )


def _involves_numbers(annotation: Any) -> bool:
    """Whether ``int`` or ``float`` appears anywhere in a field's type (through ``Annotated``,
    unions, lists, tuples and dicts, or as a ``Literal``'s value): the fields
    :func:`_mark_coerced` may change."""
    if annotation in (int, float):
        return True
    if typing.get_origin(annotation) is typing.Literal:
        return any(type(a) in (int, float) for a in typing.get_args(annotation))
    return any(_involves_numbers(a) for a in typing.get_args(annotation) if a is not Ellipsis)


def dotted(path: Sequence[Any]) -> str:
    """``("forces", 2, "launchers")`` -> ``forces[2].launchers``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def undotted(field: str) -> KeyPath:
    """Inverse of :func:`dotted`: ``"pair[1].b"`` -> ``("pair", 1, "b")``."""
    parts: list[Any] = []
    for token in re.findall(r"[^.\[\]]+|\[\d+\]", field):
        parts.append(int(token[1:-1]) if token.startswith("[") else token)
    return tuple(parts)


#: The largest input text :func:`read_text` reads (bytes): far above any scenario, future,
#: settings or alignment-instance file (the book's are tens of kilobytes; a CSV instance of
#: the most actors an instance may have, 2,000, is about 40 MB).
MAX_TEXT_BYTES = 256 * 2**20


#: The files :func:`read_text` read within :func:`remembered_reads` (resolved path -> bytes).
_READS: contextvars.ContextVar[dict[str, bytes] | None] = contextvars.ContextVar(
    "anpo_remembered_reads", default=None
)


@contextlib.contextmanager
def remembered_reads() -> Iterator[dict[str, bytes]]:
    """Within the block, the bytes of each file :func:`read_text` reads, by its resolved
    absolute path (the first read of a file kept), in the dict yielded: what a caller that
    must also hash the files it parsed (:func:`anpo.explore.model.file_entry`) hashes instead
    of reading each file again, so the digest is of the bytes parsed (perf30: a futures
    model read its base scenario and alignment instance once to parse them and once more to
    hash them). Per context (thread, task), so concurrent reads elsewhere are not kept."""
    held: dict[str, bytes] = {}
    token = _READS.set(held)
    try:
        yield held
    finally:
        _READS.reset(token)


def read_text(path: str | Path, error: type[AnpoError] = AnpoError, name: str = "path") -> str:
    """A UTF-8 text file (a byte-order mark is accepted; line ends read as Python's text mode
    reads them), or an ``error`` saying why it cannot be read (not found, a directory, not
    UTF-8, no permission, larger than :data:`MAX_TEXT_BYTES`, an empty name: ``Path("")`` is
    the current folder), or ``error`` naming the argument (``name``) when it is no path (a
    dict, an int: :func:`anpo._checks.as_path`). At most ``MAX_TEXT_BYTES + 1`` bytes are read:
    ``anpo stability /dev/zero`` read without end, its memory growing until the machine ran
    out."""
    if isinstance(path, str) and not path:
        raise error("the file name is empty; give a file name")
    p = as_path(path, name, error=error)
    if not p.exists():
        raise error("file not found", file=p)
    if p.is_dir():
        raise error("is a directory, expected a .toml file", file=p)
    try:
        with open(p, "rb") as fh:
            data = fh.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise error(f"cannot read ({exc.strerror})", file=p) from None
    if len(data) > MAX_TEXT_BYTES:
        raise error(
            f"larger than {MAX_TEXT_BYTES:,} bytes: not a file anpo reads here (a "
            "scenario, future, settings or alignment-instance file is far smaller)",
            file=p,
        )
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=p) from None
    held = _READS.get()
    if held is not None:  # within remembered_reads
        try:
            held.setdefault(str(p.resolve()), data)
        except (OSError, RuntimeError):  # a symlink loop, gone since: not kept
            pass
    return text


def decode_text(data: bytes) -> str:
    """The text of a file's bytes as :func:`read_text` reads it: UTF-8 with a byte-order mark
    accepted, and universal newlines, as Path.read_text gave them (``\\r\\n`` and a lone
    ``\\r`` end a line as ``\\n``); :class:`UnicodeDecodeError` when the bytes are not UTF-8.

    >>> decode_text(b"\\xef\\xbb\\xbfa\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class TomlInput:
    """A parsed TOML input: where it comes from, its text, its data and the position of each
    key (see :func:`anpo._toml.toml_positions`)."""

    source: str
    text: str
    data: dict[str, Any]
    positions: Mapping[KeyPath, tuple[int, int | None]]

    def position(self, path: Sequence[Any]) -> tuple[int | None, int | None]:
        """Line and column of ``path``, or of its nearest parent the text holds (the table of a
        missing key); a column only where the line alone does not say where."""
        p = tuple(path)
        while p:
            if p in self.positions:
                line, column = self.positions[p]
                return line, column if p == tuple(path) else None
            p = p[:-1]
        return None, None

    def line(self, path: Sequence[Any]) -> int | None:
        return self.position(path)[0]

    def error(self, error: type[E], path: Sequence[Any], message: str) -> E:
        """``error`` at ``path``: file, line, column (where it helps) and field."""
        line, column = self.position(path)
        return error(
            message, file=self.source, line=line, column=column, field=dotted(path) or None
        )

    def problems_error(
        self, error: type[E], problems: Sequence[Problem], at: Sequence[Any] = ()
    ) -> E:
        """``error`` at the first of ``problems`` (its message counting the others, the line
        every caller prints), with every other one in its ``others``, each at its own key as
        ``file:line: field: message``: they were counted and never listed, so a file was
        fixed one error at a time (audit32)."""
        path, msg = first_problem(problems)
        exc = self.error(error, (*at, *path), msg)
        exc.others = tuple(self.error(error, (*at, *p), m).one_line() for p, m in problems[1:])
        return exc

    def validate(
        self, model: type[M], error: type[E], data: Any = None, at: Sequence[Any] = ()
    ) -> M:
        """``model`` validated from this input's data, else ``error`` at the first problem's
        key, the others in its ``others`` (:meth:`problems_error`). ``data``: other data to
        validate instead (derived from this input and keyed as it is, or the part found at
        key path ``at``)."""
        data = self.data if data is None else data
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            problems = describe_validation_errors(exc, data, model)
            raise self.problems_error(error, problems, at) from None


def parse_toml(
    text: str, source: str, error: type[E], *, settings_required: bool = True
) -> TomlInput:
    """``text`` parsed, with the position of each key, or ``error`` at the line and column of a
    TOML syntax error, or at the first ``inf``/``nan`` (TOML allows them; no anpo input means
    them: an infinite yield or size must never reach a model). Text that is not a ``str``
    (bytes read in binary mode, None) is ``error`` too: tomllib's messages for it were a bare
    TypeError ("a bytes-like object is required, not 'str'") and an AttributeError. Empty or
    whitespace-only text is ``error`` "file is empty", the words of ``anpo data add`` for an
    empty dataset (:mod:`anpo.data._io`): a scenario said "scenario: required field is missing
    (and 1 more problem)", a future "(and 3 more problems)", one loader for every TOML input.
    Text that holds no key at all (only comments, blank lines and whitespace) is ``error``
    "file holds no settings (only comments)": it said "required field is missing (and N more
    problems)" as an empty file did (cli30). ``settings_required=False`` takes it, as parsed
    (no key): for an input whose every key is optional, a thresholds file that overrides none
    (:func:`anpo.relations.taxonomy.load_thresholds`).

    >>> from anpo.errors import ScenarioError
    >>> parse_toml(" \\n\\t\\n", "empty.toml", ScenarioError)
    Traceback (most recent call last):
    ...
    anpo.errors.ScenarioError: empty.toml: file is empty
    >>> parse_toml("# a draft\\n\\n  # to fill in\\n", "draft.toml", ScenarioError)
    Traceback (most recent call last):
    ...
    anpo.errors.ScenarioError: draft.toml: file holds no settings (only comments)
    >>> parse_toml("# no overrides\\n", "th.toml", ScenarioError, settings_required=False).data
    {}
    """
    if not isinstance(text, str):
        hint = " (decode it first: data.decode('utf-8'))" if isinstance(text, bytes) else ""
        raise error(f"the TOML text must be a str, got {type(text).__name__}{hint}", file=source)
    if not text.strip():
        raise error("file is empty", file=source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(m.group(1)) if m else None
        column = int(m.group(2)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise error(f"invalid TOML: {msg}", file=source, line=line, column=column) from None
    except RecursionError:  # x = [[[...]]] deeper than the parser's recursion
        raise error("invalid TOML: a value nested too deep", file=source) from None
    if not data and settings_required:
        raise error("file holds no settings (only comments)", file=source)
    doc = TomlInput(source, text, data, toml_positions(text))
    bad = first_non_finite(data)
    if bad is not None:
        raise doc.error(error, bad, "not a finite number (inf and nan are not accepted)")
    return doc


#: The kinds of anpo TOML input that say what they are by a top-level table.
InputKind = Literal["scenario", "future", "instance"]


@dataclass(frozen=True)
class _Kind:
    """How a kind of input is told (its top-level ``key`` holds a ``shape``) and named in
    messages (``name``; ``table`` as in "no [scenario] table", ``a_table`` as in "it has a
    [scenario] table")."""

    key: str
    shape: type
    name: str
    table: str
    a_table: str


#: The commands that take each kind, as the loaders say it of a file given where another
#: belongs (a loader may add to it: the future loader says a future names a scenario as its
#: base).
TAKES: dict[InputKind, str] = {
    "scenario": "anpo explore run and anpo validate take scenario files",
    "future": "anpo futures compare, anpo explore run and anpo validate take future files",
    "instance": "anpo align solve and anpo validate take alignment instances",
}

#: Each kind, in the order :func:`input_kinds` gives them.
_KINDS: dict[InputKind, _Kind] = {
    "scenario": _Kind(
        "scenario", dict, "a scenario file", "[scenario] table", "a [scenario] table"
    ),
    "future": _Kind("future", dict, "a future file", "[future] table", "a [future] table"),
    "instance": _Kind(
        "actor", list, "an alignment instance", "[[actor]] tables", "[[actor]] tables"
    ),
}


def input_kinds(data: Mapping[str, object]) -> tuple[InputKind, ...]:
    """The kinds of input whose top-level table parsed TOML ``data`` has, in the order
    scenario, future, instance (usually one, or none): a ``[scenario]`` table is a scenario
    file, a ``[future]`` table a future file, ``[[actor]]`` tables (a list) an alignment
    (landscape) instance. A key of another shape (``future = 3``, ``actor = "x"``) makes no
    kind: the file's own validation says what is wrong with it.

    >>> input_kinds({"scenario": {"id": "x"}, "actors": []})
    ('scenario',)
    >>> input_kinds({"future": {"id": "f"}, "base": {"scenario": "book:us-japan-2001"}})
    ('future',)
    >>> input_kinds({"actor": [{"name": "a"}], "pair": []})
    ('instance',)
    >>> input_kinds({"future": 3, "actor": "x", "scenario": []})
    ()
    >>> input_kinds({"actor": [], "future": {}, "scenario": {}})
    ('scenario', 'future', 'instance')
    """
    return tuple(kind for kind, k in _KINDS.items() if isinstance(data.get(k.key), k.shape))


def guess_kind(
    data: Mapping[str, object], top_keys: Mapping[InputKind, Sequence[str]]
) -> InputKind | None:
    """The kind of input parsed TOML ``data`` most likely is when :func:`input_kinds` finds
    none (its kind's table is misspelt, ``[futur]`` or ``[[actr]]``, or missing), so that the
    loader of that kind reads it and names the real mistake with its line ("futur: unknown key
    'futur' (did you mean 'future'?)") instead of another kind's loader refusing some other
    key. ``top_keys`` gives each kind's top-level keys (its model's fields). Each top-level key
    of ``data`` counts for the kinds that take it; a key no kind takes that is a near miss of a
    kind's own table name (the matcher of :func:`describe_validation_error`,
    :func:`difflib.get_close_matches` at its default cutoff 0.6) counts for that kind. The kind
    with most counts wins, the one with a near miss on a tie; ``None`` when nothing counts
    (the caller's default loader then says what is wrong).

    >>> keys = {"scenario": ["scenario", "actors", "burden"], "future": ["future", "base",
    ...         "burden", "law"], "instance": ["title", "actor", "pair"]}
    >>> guess_kind({"futur": {}, "base": {}, "burden": {}, "law": {}}, keys)
    'future'
    >>> guess_kind({"title": "t", "actr": [{}], "pair": []}, keys)
    'instance'
    >>> guess_kind({"scenaro": {}, "actors": [], "burden": {}}, keys)
    'scenario'
    >>> guess_kind({"actors": [], "x": 1}, keys), guess_kind({"y": 1}, keys)
    ('scenario', None)
    """
    counts: dict[InputKind, int] = {kind: 0 for kind in _KINDS}
    near: set[InputKind] = set()
    known = {k for keys in top_keys.values() for k in keys}
    names = {spec.key: kind for kind, spec in _KINDS.items()}
    for key in data:
        for kind, keys in top_keys.items():
            counts[kind] += key in keys
        if key not in known:
            close = difflib.get_close_matches(key, list(names), n=1)
            if close:
                counts[names[close[0]]] += 1
                near.add(names[close[0]])
    best = max(counts.values())
    if best == 0:
        return None
    tied = [kind for kind, n in counts.items() if n == best]
    return next((kind for kind in tied if kind in near), tied[0])


def text_kinds(text: str) -> tuple[InputKind, ...]:
    r""":func:`input_kinds` of TOML ``text``; ``()`` for text that is not TOML (or nested too
    deep to parse), which the loader it is then given refuses, saying where.

    >>> text_kinds('[[actor]]\nname = "a"\n'), text_kinds("[future]\nid = 'f'\n")
    (('instance',), ('future',))
    >>> text_kinds("[[actor]\n")
    ()
    """
    try:
        return input_kinds(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, RecursionError):
        return ()


def text_guess_kind(text: str, top_keys: Mapping[InputKind, Sequence[str]]) -> InputKind | None:
    """:func:`guess_kind` of TOML ``text``; ``None`` for text that is not TOML (or nested too
    deep to parse), which the loader it is then given refuses, saying where."""
    try:
        return guess_kind(tomllib.loads(text), top_keys)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None


def refuse_other_kind(
    data: Mapping[str, object],
    expected: InputKind,
    error: type[E],
    source: str,
    takes: Mapping[InputKind, str],
) -> None:
    """Raise ``error`` (naming file ``source``) when parsed TOML ``data``, given where a file
    of kind ``expected`` belongs, is a file of another kind that ``takes`` names the commands
    of: the first of :func:`input_kinds` in ``takes``, said for what it is, then ``takes[kind]``
    (which commands take it), instead of a refusal of its first key. A file that has the
    expected kind's top-level key, whatever its value, is left to its own validation.

    >>> from anpo.errors import ScenarioError
    >>> takes = {"future": "anpo validate takes future files"}
    >>> try:
    ...     refuse_other_kind({"future": {"id": "f"}}, "scenario", ScenarioError, "f.toml", takes)
    ... except ScenarioError as exc:
    ...     print(exc.one_line())
    f.toml: a future file, not a scenario file (it has a [future] table and no [scenario] table): anpo validate takes future files
    >>> refuse_other_kind({"future": {}, "scenario": 3}, "scenario", ScenarioError, "f", takes)
    >>> refuse_other_kind({"actor": [{}]}, "scenario", ScenarioError, "f.toml", takes)
    """
    if _KINDS[expected].key in data:
        return
    for kind in input_kinds(data):
        if kind in takes:
            found, wanted = _KINDS[kind], _KINDS[expected]
            raise error(
                f"{found.name}, not {wanted.name} (it has {found.a_table} and no "
                f"{wanted.table}): {takes[kind]}",
                file=source,
            )


def load_toml(path: str | Path, model: type[M], error: type[E]) -> tuple[M, TomlInput]:
    """Read, parse and validate the TOML file ``path`` as ``model`` (steps 1-3)."""
    doc = parse_toml(read_text(path, error), str(path), error)
    return doc.validate(model, error), doc


def data_path(data: Any, loc: Sequence[Any]) -> KeyPath:
    """The part of a pydantic error location that exists in the input ``data``: validator
    names (``function-after[...]``) and the tags of unions discriminated by ``kind``
    (``uncertainties[0].distribution.triangular.low`` -> ``uncertainties[0].distribution.low``)
    are dropped; the last step is kept even when absent (a missing key). A last key absent from
    its table but given on the table's parent is the parent's: a key a validator folds into a
    nested table (an ``[[uncertainties]]`` entry's ``basis`` into its ``distribution``) is blamed
    where the file writes it, not on the nested table's line. A list a validator makes of the
    table itself (a law file's ``[law]`` read as ``versions[0].law``, a provision's one wording
    as ``texts[0]``: a key absent from the table followed by the index 0) is the table."""
    out: list[Any] = []
    cur: Any = data
    parent: Any = None
    skipped = False  # the previous step was a key absent from the table ``cur``
    for k, part in enumerate(loc):
        last = k == len(loc) - 1
        if isinstance(part, str) and part.startswith("function-"):
            continue
        if isinstance(cur, dict) and cur.get("kind") == part:
            continue  # the tag of a union discriminated by ``kind``
        if isinstance(part, str) and cur is not None and not isinstance(cur, dict):
            # a plain value has no keys: the name of the union member it failed
            # (``constrained-float``, ``literal['ICBM','IRBM','MRBM','SRBM']``)
            continue
        if isinstance(cur, dict):
            was_skipped, skipped = skipped, False
            if part in cur:
                out.append(part)
                parent, cur = cur, cur[part]
            elif last and isinstance(parent, dict) and isinstance(part, str) and part in parent:
                out[-1] = part  # folded from the parent table (see above)
                cur = None
            elif was_skipped and part == 0 and not last:
                pass  # the one-item list a validator made of the table ``cur`` (see above)
            elif last or not isinstance(part, str):
                out.append(part)
                cur = None
            else:
                skipped = True
            continue
        if isinstance(cur, list) and isinstance(part, int) and -len(cur) <= part < len(cur):
            out.append(part)
            parent, cur = cur, cur[part]
            continue
        out.append(part)
        cur = None
    return tuple(out)


def validation_problem(err: Mapping[str, Any], data: Any) -> Problem:
    """One pydantic error (an item of ``ValidationError.errors()``) as ``(path in data,
    message)``: 'unknown key', 'required field is missing', or pydantic's message without its
    'Value error, ' prefix, with the offending value when it is short."""
    path = data_path(data, err["loc"])
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = f"unknown key {path[-1]!r}" if path else "unknown key"
    elif err["type"] == "missing":
        msg = "required field is missing"
    elif err["type"] == "int_parsing_size":
        # pydantic's 'Unable to parse input string as an integer, exceeded maximum size' for
        # a number like 1e308 in a whole-number field (no string was given)
        msg = "expected a whole number; this one is out of range"
    if err["type"] not in ("extra_forbidden", "missing") and "input" in err:
        shown = _shown(err["input"])
        if len(shown) <= 40:
            msg += f" (got {shown})"
    return path, msg


def describe_validation_error(
    exc: ValidationError, data: Any, model: type[BaseModel] | None = None
) -> Problem:
    """The first problem of a pydantic error as ``(path in data, one-line message)``, the
    message counting the others (:func:`describe_validation_errors` lists them all)."""
    return first_problem(describe_validation_errors(exc, data, model))


def describe_validation_errors(
    exc: ValidationError, data: Any, model: type[BaseModel] | None = None
) -> list[Problem]:
    """Every problem of a pydantic error as ``(path in data, one-line message)``, in the order
    a file is fixed in. An unknown key comes first, with the field it may misspell
    (a misspelled required key is also a missing one; the unknown key is what the file says,
    on its own line): the missing keys beside it, else the fields of ``model`` at its place.
    The failed members of one union are one problem (its first member's message)."""
    errors = exc.errors()
    described = [validation_problem(err, data) for err in errors]  # each error's, once
    problems: list[Problem] = []
    for problem in described:
        if all(problem[0] != seen for seen, _ in problems):
            problems.append(problem)
    unknown = [k for k, err in enumerate(errors) if err["type"] == "extra_forbidden"]
    if unknown:
        path, msg = described[unknown[0]]
        same: KeyPath | None = None
        if path and isinstance(path[-1], str):
            missing = [
                q[-1]
                for q, err in zip((d[0] for d in described), errors, strict=True)
                if err["type"] == "missing" and q[:-1] == path[:-1] and isinstance(q[-1], str)
            ]
            close = difflib.get_close_matches(path[-1], missing, n=1, cutoff=0.6)
            # the key it misspells is missing for that reason: one mistake, one problem
            same = (*path[:-1], close[0]) if close else None
            if not close and model is not None:
                close = difflib.get_close_matches(path[-1], _field_names(model, path[:-1]), n=1)
            home = _home_table(path, described, errors)
            if home is not None:  # not a misspelling: the key is written one table too high
                msg += f" (it belongs in {home}, where it is missing)"
            elif close:
                msg += f" (did you mean {close[0]!r}?)"
        problems = [(path, msg), *[q for q in problems if q[0] not in (path, same)]]
    return problems


def _home_table(
    path: KeyPath, described: Sequence[Problem], errors: Sequence[Mapping[str, Any]]
) -> str | None:
    """The table an unknown key at ``path`` belongs in, when the same key is missing from a
    table nested right there (:func:`data_path` blames such a missing key where the file writes
    it): ``"[scenario]"`` for a top-level ``title`` that belongs in ``[scenario]`` (it read
    "unknown key 'title' (did you mean 'title'?)"), a dotted path for a table inside a list.
    ``None`` when no missing key matches it.

    >>> errs = [{"type": "missing", "loc": ("scenario", "title")}]
    >>> _home_table(("title",), [(("title",), "required field is missing")], errs)
    '[scenario]'
    >>> errs = [{"type": "missing", "loc": ("forces", 2, "meta", "name")}]
    >>> _home_table(("forces", 2, "name"), [(("forces", 2, "name"), "")], errs)
    'forces[2].meta'
    """
    for (where, _), err in zip(described, errors, strict=True):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        if err["type"] != "missing" or where != path or len(loc) <= len(path):
            continue
        if loc[-1] != path[-1] or tuple(loc[: len(path) - 1]) != tuple(path[:-1]):
            continue
        table = tuple(loc[:-1])
        return f"[{'.'.join(table)}]" if all(isinstance(t, str) for t in table) else dotted(table)
    return None


def _field_names(model: type[BaseModel], path: Sequence[Any]) -> list[str]:
    """The keys ``model`` accepts at key path ``path`` of its data (through lists, optionals
    and nested models), or none where the path leaves the models."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _nested_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _nested_model(annotation: Any) -> Any:
    """The pydantic model inside a field's type (``list[Force]``, ``Settings | None``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def first_problem(problems: Sequence[Problem]) -> Problem:
    """The first ``(path, message)`` of a list, the message counting the others."""
    path, msg = problems[0]
    if len(problems) > 1:
        msg += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    return path, msg
