"""Where the SDF may act: the three statutory location tests and territory types.

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

"Combat act" (戦闘行為) is defined in each statute as acts that kill or injure people or destroy
things as part of an international armed conflict (SAA Art. 3(1)(ii)).

Each location name of the vocabulary is a bundle of facts (:class:`Place`); the tests are pure
functions of those facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Territory = Literal["japan", "high-seas", "foreign"]


@dataclass(frozen=True)
class Place:
    """The facts about a location that the statutory tests look at.

    Attributes
    ----------
    name: vocabulary name.
    territory: ``japan`` (land, territorial sea and airspace), ``high-seas`` (EEZ included, with
        the airspace above) or ``foreign`` (a foreign state's land, territorial sea, airspace).
    near_japan: the high seas are "around Japan" (我が国周辺); always True for Japanese territory.
    consent: the territorial state consents (only meaningful for foreign territory).
    combat_now: combat acts (戦闘行為) are actually taking place there (現に).
    combat_expected: combat acts are expected there during the activity.
    """

    name: str
    territory: Territory
    near_japan: bool
    consent: bool
    combat_now: bool
    combat_expected: bool


PLACES: dict[str, Place] = {
    "japan": Place("japan", "japan", True, True, False, False),
    "high-seas-near-japan": Place("high-seas-near-japan", "high-seas", True, True, False, False),
    "high-seas": Place("high-seas", "high-seas", False, True, False, False),
    "foreign-territory-with-consent": Place(
        "foreign-territory-with-consent", "foreign", False, True, False, False
    ),
    "foreign-territory": Place("foreign-territory", "foreign", False, False, False, False),
    # A scene of actual combat outside Japan (abroad or at sea); combat is also expected there.
    "combat-scene": Place("combat-scene", "foreign", False, True, True, True),
}


@dataclass(frozen=True)
class TestResult:
    """Outcome of one location test: passed or not, and why (English with the Japanese term)."""

    test: str
    passed: bool
    reason: str


def rear_area(p: Place) -> TestResult:
    """Rear area (後方地域), Surrounding Areas Act Art. 3(1)(iii) (Act No. 60 of 1999).

    Japanese territory always qualifies; the high seas and airspace around Japan qualify only where
    no combat is taking place now and none is expected during the activity; foreign territory never.
    """
    if p.territory == "japan":
        return TestResult("rear-area", True, "Japanese territory (我が国領域) is rear area")
    if p.territory == "foreign":
        return TestResult(
            "rear-area",
            False,
            "foreign territory is never rear area (後方地域) under SAA Art. 3(1)(iii)",
        )
    if not p.near_japan:
        return TestResult(
            "rear-area",
            False,
            "only the high seas around Japan (我が国周辺の公海) can be rear area, not distant waters",
        )
    if p.combat_now or p.combat_expected:
        return TestResult(
            "rear-area", False, "combat is taking place or expected there: not rear area"
        )
    return TestResult(
        "rear-area",
        True,
        "high seas around Japan with no combat now or expected during the activity: rear area",
    )


def non_combat_area(p: Place) -> TestResult:
    """Non-combat area (非戦闘地域), Anti-Terrorism Special Measures Act Art. 2(3) (Act No. 113 of
    2001) and Iraq Special Measures Act Art. 2(3) (Act No. 137 of 2003).

    Japanese territory, or the high seas or (with consent) foreign territory where no combat is
    taking place now and none is expected during the activity.
    """
    if p.territory == "japan":
        return TestResult("non-combat-area", True, "Japanese territory (我が国領域)")
    if p.combat_now or p.combat_expected:
        return TestResult(
            "non-combat-area",
            False,
            "combat is taking place or expected there during the activity: not a non-combat area "
            "(非戦闘地域)",
        )
    if p.territory == "foreign" and not p.consent:
        return TestResult(
            "non-combat-area", False, "foreign territory only with the state's consent (同意)"
        )
    return TestResult(
        "non-combat-area", True, "no combat now and none expected during the activity (非戦闘地域)"
    )


def not_combat_scene(p: Place) -> TestResult:
    """Not the scene of actual combat, Important Influence Situations Act Art. 2(3)-(4) and
    International Peace Support Act Art. 2(3)-(4) (2016).

    Only present combat disqualifies (現に戦闘行為が行われている現場); foreign territory needs the
    consent of the state (Art. 2(4)).
    """
    if p.combat_now:
        return TestResult(
            "not-combat-scene",
            False,
            "the scene where combat is actually taking place (現に戦闘行為が行われている現場) is excluded",
        )
    if p.territory == "foreign" and not p.consent:
        return TestResult(
            "not-combat-scene",
            False,
            "measures in foreign territory only with that state's consent (当該外国の同意) (Art. 2(4))",
        )
    return TestResult(
        "not-combat-scene", True, "not the scene where combat is actually taking place"
    )


def no_test(p: Place) -> TestResult:
    """No statutory location test (e.g. use of force under a defense-operation order)."""
    return TestResult("none", True, "the statute sets no location test")


TESTS = {
    "rear-area": rear_area,
    "non-combat-area": non_combat_area,
    "not-combat-scene": not_combat_scene,
    "none": no_test,
}
