"""Where the SDF may act: the statutory location tests, as functions of the facts of a question.

Japanese law has used three *different* location tests for support to foreign forces; they are not
one flag and the engine keeps them apart:

* **rear area** (後方地域), Surrounding Areas Act (Act No. 60 of 1999) Art. 3(1)(iii): Japanese
  territory, plus the high seas (EEZ included) and airspace *around Japan* where combat is not
  taking place now and is not expected during the activity. Foreign territory is never rear area.
* **non-combat area** (非戦闘地域), Anti-Terrorism Special Measures Act (Act No. 113 of 2001)
  Art. 2(3) and Iraq Special Measures Act (Act No. 137 of 2003) Art. 2(3): the same two-pronged
  no-combat test (no combat now, none expected during the activity), but on any high seas and, with
  the host state's consent, on foreign territory.
* **not the scene of actual combat** (現に戦闘行為が行われている現場では実施しない), Important
  Influence Situations Act Art. 2(3) and International Peace Support Act Art. 2(3) (2016): only
  the present-combat prong remains; foreign territory needs consent (Art. 2(4)).

A fourth test belongs to the International Peace Cooperation Act (Act No. 79 of 1992), Art. 3:
its assignments are carried out **overseas** (海外: outside Japan, the high seas included), in a
foreign state only with its consent (Art. 6(1)); it has no combat test of its own (the ceasefire
is one of the Five Principles, a condition).

"Combat act" (戦闘行為) is defined in each statute as acts that kill or injure people or destroy
things as part of an international armed conflict (SAA Art. 3(1)(ii)).

Each test reads the facts ``where``, ``consent``, ``combat_now`` and ``combat_expected``
(:data:`anpo.law.vocab.FACTS`). It returns ``passed`` True or False with the facts that decided it,
or ``passed = None`` with the facts it would need when the question leaves them open: the engine
then answers ``depends-on``, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from anpo.law.facts import fact_label


@dataclass(frozen=True)
class TestResult:
    """Outcome of one location test.

    passed: True (the place qualifies), False (it does not) or None (facts missing).
    reason: why, in English with the Japanese legal term.
    used: the facts that decided the result.
    missing: the facts the test needs but the question does not give (when ``passed`` is None).
    """

    test: str
    passed: bool | None
    reason: str
    used: tuple[str, ...] = field(default=())
    missing: tuple[str, ...] = field(default=())


_JAPAN = ("japan", "japan-territorial-sea")


def _unknown(test: str, facts: Mapping[str, Any], needed: list[str]) -> TestResult:
    missing = tuple(k for k in needed if k not in facts)
    return TestResult(
        test,
        None,
        f"depends on facts not given: {'; '.join(map(fact_label, missing))}",
        tuple(k for k in needed if k in facts),
        missing,
    )


def _japan_reason(where: str, what: str) -> str:
    if where == "japan":
        return (
            f"Japanese territory (我が国領域) is {what}"
            if what
            else "Japanese territory (我が国領域)"
        )
    return (
        f"Japan's territorial sea (我が国領域) is {what}"
        if what
        else "Japan's territorial sea (我が国領域)"
    )


def rear_area(f: Mapping[str, Any]) -> TestResult:
    """Rear area (後方地域), Surrounding Areas Act Art. 3(1)(iii) (Act No. 60 of 1999).

    Japanese territory always qualifies; the high seas and airspace around Japan qualify only where
    no combat is taking place now and none is expected during the activity; foreign territory never.
    """
    t = "rear-area"
    where = f.get("where")
    if where is None:
        return _unknown(t, f, ["where"])
    if where in _JAPAN:
        return TestResult(t, True, _japan_reason(where, "rear area"), ("where",))
    if where == "foreign-territory":
        return TestResult(
            t,
            False,
            "foreign territory is never rear area (後方地域) under SAA Art. 3(1)(iii)",
            ("where",),
        )
    if where == "high-seas":
        return TestResult(
            t,
            False,
            "only the high seas around Japan (我が国周辺の公海) can be rear area, not distant waters",
            ("where",),
        )
    now, expected = f.get("combat_now"), f.get("combat_expected")
    if now and expected:
        return TestResult(
            t,
            False,
            "combat is taking place or expected there: not rear area",
            ("where", "combat_now", "combat_expected"),
        )
    if now:
        return TestResult(
            t,
            False,
            "combat is actually taking place there (現に戦闘行為が行われている): not rear area",
            ("where", "combat_now"),
        )
    if expected:
        return TestResult(
            t,
            False,
            "combat is expected there during the activity: not rear area (後方地域)",
            ("where", "combat_expected"),
        )
    if now is None or expected is None:
        return _unknown(t, f, ["where", "combat_now", "combat_expected"])
    return TestResult(
        t,
        True,
        "high seas around Japan with no combat now or expected during the activity: rear area",
        ("where", "combat_now", "combat_expected"),
    )


def non_combat_area(f: Mapping[str, Any]) -> TestResult:
    """Non-combat area (非戦闘地域), Anti-Terrorism Special Measures Act Art. 2(3) (Act No. 113 of
    2001) and Iraq Special Measures Act Art. 2(3) (Act No. 137 of 2003).

    Japanese territory, or the high seas or (with consent) foreign territory where no combat is
    taking place now and none is expected during the activity.
    """
    # dup-ok: each statutory location test first reads 'where' the same way (unknown, or in Japan);
    # what follows is its own statute's test.
    t = "non-combat-area"
    where = f.get("where")
    if where is None:
        return _unknown(t, f, ["where"])
    if where in _JAPAN:
        return TestResult(t, True, _japan_reason(where, ""), ("where",))
    now, expected = f.get("combat_now"), f.get("combat_expected")
    if now and expected:
        return TestResult(
            t,
            False,
            "combat is taking place or expected there during the activity: not a non-combat area "
            "(非戦闘地域)",
            ("where", "combat_now", "combat_expected"),
        )
    if now:
        return TestResult(
            t,
            False,
            "combat is actually taking place there (現に戦闘行為が行われている): not a non-combat "
            "area (非戦闘地域)",
            ("where", "combat_now"),
        )
    if expected:
        return TestResult(
            t,
            False,
            "combat is expected there during the activity (活動の期間を通じて戦闘行為が行われることが"
            "ないと認められない): not a non-combat area (非戦闘地域)",
            ("where", "combat_expected"),
        )
    foreign = where == "foreign-territory"
    if foreign and f.get("consent") is False:
        return TestResult(
            t,
            False,
            "foreign territory only with the state's consent (同意)",
            ("where", "consent"),
        )
    needed = ["where", "combat_now", "combat_expected"] + (["consent"] if foreign else [])
    if any(k not in f for k in needed):
        return _unknown(t, f, needed)
    return TestResult(
        t,
        True,
        "no combat now and none expected during the activity (非戦闘地域)",
        tuple(needed),
    )


def not_combat_scene(f: Mapping[str, Any]) -> TestResult:
    """Not the scene of actual combat, Important Influence Situations Act Art. 2(3)-(4) and
    International Peace Support Act Art. 2(3)-(4) (2016) [peace-security2015].

    Only present combat disqualifies (現に戦闘行為が行われている現場); combat expected later does
    not (the commanders suspend the activity when it comes near: a condition, not this test);
    foreign territory needs the consent of the state (Art. 2(4)).
    """
    t = "not-combat-scene"
    if f.get("combat_now") is True:
        return TestResult(
            t,
            False,
            "the scene where combat is actually taking place (現に戦闘行為が行われている現場) is excluded",
            ("combat_now",),
        )
    where = f.get("where")
    if where == "foreign-territory" and f.get("consent") is False:
        return TestResult(
            t,
            False,
            "measures in foreign territory only with that state's consent (当該外国の同意) (Art. 2(4))",
            ("where", "consent"),
        )
    needed = ["combat_now", "where"] + (["consent"] if where == "foreign-territory" else [])
    if any(k not in f for k in needed):
        return _unknown(t, f, needed)
    return TestResult(t, True, "not the scene where combat is actually taking place", tuple(needed))


def overseas(f: Mapping[str, Any]) -> TestResult:
    """Overseas (海外), International Peace Cooperation Act (Act No. 79 of 1992) Art. 3
    [pko-act1992]: outside Japan, the high seas included; in a foreign state only with its consent
    (Art. 6(1))."""
    t = "overseas"
    where = f.get("where")
    if where is None:
        return _unknown(t, f, ["where"])
    if where in _JAPAN:
        return TestResult(
            t,
            False,
            "international peace cooperation assignments are carried out overseas (海外), not in "
            "Japan",
            ("where",),
        )
    if where == "foreign-territory":
        consent = f.get("consent")
        if consent is None:
            return _unknown(t, f, ["where", "consent"])
        if not consent:
            return TestResult(
                t,
                False,
                "in a foreign state only with the consent of that state (受入れ同意)",
                ("where", "consent"),
            )
        return TestResult(
            t, True, "overseas, in a state that consents (派遣先国の同意)", ("where", "consent")
        )
    return TestResult(t, True, "overseas (海外), the high seas included", ("where",))


def no_test(f: Mapping[str, Any]) -> TestResult:
    """No statutory location test (e.g. use of force under a defense-operation order)."""
    return TestResult("none", True, "the statute sets no location test")


#: Each location test as a reader names it (the statute's term), for answers and reports.
TEST_NAMES: dict[str, str] = {
    "rear-area": "rear-area test (後方地域)",
    "non-combat-area": "non-combat-area test (非戦闘地域)",
    "not-combat-scene": "test of the scene of actual combat (現に戦闘行為が行われている現場)",
    "overseas": "overseas test (海外)",
    "none": "no location test",
}

TESTS: dict[str, Callable[[Mapping[str, Any]], TestResult]] = {
    "rear-area": rear_area,
    "non-combat-area": non_combat_area,
    "not-combat-scene": not_combat_scene,
    "overseas": overseas,
    "none": no_test,
}


def territory(where: str) -> str:
    """The territory type a rule's ``territories`` list names: ``japan``, ``high-seas`` or
    ``foreign``."""
    if where in _JAPAN:
        return "japan"
    if where in ("high-seas", "high-seas-near-japan"):
        return "high-seas"
    return "foreign"
