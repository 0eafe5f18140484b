"""Every Japanese quote of a rule built from a statute in ``shared_data/law/statutes`` must occur in
that statute's e-Gov text (whitespace and markdown emphasis removed on both sides).

Source: the e-Gov texts in ``../shared/data/law/statutes`` (H11HO060, H12HO145, H16HO113,
S29HO165 pre-2015 and 2015 revision).
"""

from __future__ import annotations

import re

import pytest

from anpo.law.loader import ruleset

_WS = re.compile(r"[\s*]+")


def _norm(text: str) -> str:
    return _WS.sub("", text)


def _verified_provisions():
    out = []
    for lf in ruleset().laws.values():
        for key, prov in lf.provisions.items():
            if prov.verified:
                out.append(pytest.param(lf.law.key, lf.law.statute_text, key, prov.quote,
                                        id=f"{lf.law.key}:{key}"))
    return out


def test_verified_quotes_belong_to_laws_with_a_shared_text():
    """A provision marked verified must belong to a law whose shared e-Gov text is named."""
    for lf in ruleset().laws.values():
        if any(p.verified for p in lf.provisions.values()):
            assert lf.law.statute_text, f"{lf.law.key} has verified quotes but no statute_text"


@pytest.mark.parametrize(("law_key", "text_file", "prov_key", "quote"), _verified_provisions())
def test_quote_occurs_in_statute_text(shared_data, law_key, text_file, prov_key, quote):
    """The quoted provision occurs verbatim in the shared e-Gov text of its law."""
    path = shared_data / "law" / "statutes" / text_file
    assert path.is_file(), f"missing statute text {path}"
    text = _norm(path.read_text(encoding="utf-8"))
    assert _norm(quote) in text, f"{law_key}:{prov_key} quote not found in {text_file}"


def test_most_shared_statute_quotes_are_verified():
    """The laws whose text is shared quote it in full: every one of their provisions is verified."""
    for lf in ruleset().laws.values():
        if lf.law.statute_text:
            unverified = [k for k, p in lf.provisions.items() if not p.verified]
            assert unverified == [], f"{lf.law.key}: unverified quotes {unverified}"
