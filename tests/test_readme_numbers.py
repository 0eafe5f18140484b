"""Numbers the README states as computed results are computed here and looked up in the README.

Each test computes a value with the library and checks that the README prints exactly that value
in the sentence that reports it, so a change of the code or of the data that moves the number
fails here until the README says the new one. (The README's Python examples are doctests run by
tests/test_docs_examples.py; this file covers the numbers stated in its prose.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from _support import book_scenarios

ROOT = Path(__file__).resolve().parents[1]
README = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())


def test_japan_fy2001_shares_and_coverage() -> None:
    """FY2001 host-nation support as a share of GDP and of the defense budget, and how many
    fiscal years from FY1978 to the last figure have a budget figure ([mod-japan2007; mod-japan2016])."""
    from anpo.burden.japan import hns_measures

    m = hns_measures().set_index("fy")
    gdp = f"{100 * float(m.loc[2001, 'share_of_gdp']):.3f}% of GDP"
    defense = f"{100 * float(m.loc[2001, 'share_of_defense']):.1f}% of the defense budget"
    assert f"FY2001: {gdp}, {defense}" in README
    span = m["hns_bn_yen"]
    first, last = int(m.index.min()), int(m.index.max())
    assert f"{int(span.notna().sum())} of {len(span)} years FY{first}-{last}" in README
    budget, settled = float(m.loc[2001, "hns_bn_yen"]), float(m.loc[2001, "settled_bn_yen"])
    assert f"budget {budget:.1f}" in README and f"spent {settled:.1f}" in README


@pytest.fixture(scope="module")
def sipri(shared_data: Path) -> pd.DataFrame:
    """The SIPRI excerpt, read once for the module's tests."""
    from anpo.data.sipri import read_sipri_milex

    path = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    if not path.exists():
        pytest.skip("the SIPRI excerpt is absent from the shared data")
    return read_sipri_milex(path)


@pytest.fixture(scope="module")
def exploitation_panels(sipri: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The NATO and U.S.-allies-in-Asia panels on the SIPRI excerpt, every year."""
    from anpo.burden.panel import build_panel

    return {key: build_panel(key, sipri=sipri) for key in ("nato", "us_asia")}


@pytest.fixture(scope="module")
def nato_panels(shared_data: Path, sipri: pd.DataFrame) -> dict[int, pd.DataFrame]:
    from anpo.burden.panel import build_panel

    nmc_path = shared_data / "cow" / "NMC-60-abridged.csv"
    if not nmc_path.exists():
        pytest.skip("NMC 6.0 is absent from the shared data")
    from anpo.data import read_nmc

    nmc = read_nmc(nmc_path)
    return {y: build_panel("nato", sipri=sipri, nmc=nmc, years=[y]) for y in (1964, 1994)}


def test_nato_1964_and_1994_correlations(nato_panels: dict[int, pd.DataFrame]) -> None:
    """NATO 1964 over Olson & Zeckhauser's allies [olson1966, Table 1] and NATO 1994, simple and
    with GDP per head held fixed [sandler2000, Table 9], from the SIPRI excerpt and NMC 6.0.
    1964 is given with both p-values, and the printed 0.490 over 14 allies ("significant at the
    .05 level", [olson1966, p. 268]) with its one-sided p-value computed, below 0.05, and its
    two-sided one, above."""
    from anpo.burden.panel import exploitation_by_year
    from anpo.burden.stats import p_value_from_r

    r1964 = exploitation_by_year(nato_panels[1964]).iloc[0]
    assert r1964["alternative"] == "two-sided"
    one = exploitation_by_year(nato_panels[1964], alternative="greater").iloc[0]["p_value"]
    assert (
        f"NATO 1964 gives rho {r1964['rho']:.2f} over Olson & Zeckhauser's {r1964['n']} allies, "
        f"p {r1964['p_value']:.3f} two-sided and {one:.3f} one-sided (rho > 0)" in README
    )
    oz_one, oz_two = p_value_from_r(0.490, 12, "greater"), p_value_from_r(0.490, 12)
    assert oz_one < 0.05 < oz_two
    assert (
        f'they print 0.490, "significant at the .05 level", which holds one-sided only '
        f"(p {oz_one:.3f} one-sided, {oz_two:.3f} two-sided, df 12)" in README
    )
    simple = exploitation_by_year(nato_panels[1994]).iloc[0]
    partial = exploitation_by_year(nato_panels[1994], controls=["gdp_per_capita"]).iloc[0]
    m = re.search(
        r"NATO 1994 gives (0\.\d\d) .*? and (0\.\d\d) with GDP per head held fixed", README
    )
    assert m is not None
    assert (m.group(1), m.group(2)) == (f"{simple['rho']:.2f}", f"{partial['rho']:.2f}")


@pytest.mark.slow
def test_exploitation_verdicts_by_statistic(
    exploitation_panels: dict[str, pd.DataFrame],
) -> None:
    """The README's robustness sentence: how many years the exploitation test is significant
    (5 %) for NATO and for the U.S. allies in Asia by Spearman with t, by Spearman exact and by
    Kendall's tau-b ([olson1966]; [kendall1990, ch. 4]), by the default (two-sided) and by the
    one-sided alternative (rho > 0)."""
    from anpo.burden.panel import exploitation_by_year

    counts = {}
    for key, panel in exploitation_panels.items():
        for alt in ("two-sided", "greater"):
            for label, kw in (
                ("t", {}),
                ("exact", {"method": "auto"}),
                ("kendall", {"statistic": "kendall"}),
            ):
                res = exploitation_by_year(panel, alternative=alt, **kw)  # type: ignore[arg-type]
                ok = res[res["status"] == "ok"]
                counts[key, alt, label] = (int((ok["p_value"] < 0.05).sum()), len(ok))
    nato_t, nato_n = counts["nato", "two-sided", "t"]
    one = [counts["nato", "greater", s][0] for s in ("t", "exact", "kendall")]
    assert (
        f"NATO significant (two-sided, 5%) in {nato_t} of {nato_n} years by t, "
        f"{counts['nato', 'two-sided', 'exact'][0]} by the exact Spearman test, "
        f"{counts['nato', 'two-sided', 'kendall'][0]} by Kendall; the U.S. allies in Asia in "
        f"none of {counts['us_asia', 'two-sided', 't'][1]} by any of the three "
        f"(one-sided, rho > 0: NATO in {one[0]}, {one[1]} and {one[2]} of {nato_n} years; Asia in "
        "none)" in README
    )
    assert all(
        counts["us_asia", a, s][0] == 0
        for a in ("two-sided", "greater")
        for s in ("t", "exact", "kendall")
    )


def test_nato_exploitation_years_after_1967(
    exploitation_panels: dict[str, pd.DataFrame],
) -> None:
    """The README's note on [khanna1996]'s 1967 break: the years 1950-2023 in which anpo's
    exploitation test for NATO ([olson1966]; t-approximation, 5 %) is significant on the SIPRI
    excerpt. Two-sided (the default): all but one of the years to 1966 and none after; one-sided
    (rho > 0): one block ending in 1966 and the three years 1983-1985."""
    from anpo.burden.panel import exploitation_by_year

    res = exploitation_by_year(exploitation_panels["nato"])
    ok = res[res["status"] == "ok"]
    first = int(ok["year"].min())
    two = sorted(int(y) for y in ok.loc[ok["p_value"] < 0.05, "year"])
    early = list(range(first, 1967))
    missed = [y for y in early if y not in two]
    assert max(two) <= 1966 and len(missed) == 1
    assert (
        f"default two-sided test is significant at 5% in {len(two)} of the {len(early)} years "
        f"{first}-1966 (not {missed[0]}) and in no year after" in README
    )
    res = exploitation_by_year(exploitation_panels["nato"], alternative="greater")
    ok = res[res["status"] == "ok"]
    years = sorted(int(y) for y in ok.loc[ok["p_value"] < 0.05, "year"])
    late = [y for y in years if y > 1967]
    assert years == list(range(first, 1967)) + late and 1967 not in years
    assert f"{late[0]}-{late[-1]}" == "1983-1985" and late == list(range(1983, 1986))
    assert (
        f"one-sided test (rho > 0) is significant at 5% in every year {first}-1966, not in 1967, "
        f"but again in {late[0]}-{late[-1]} (the Reagan build-up)" in README
    )


@pytest.mark.slow
def test_roles_validation_table(roles_inputs: dict, roles_prep) -> None:  # type: ignore[no-untyped-def]
    """The README's roles validation table (F1 against the U.S. collective defense treaties
    [state-cda2024], the state sponsors of terrorism [state-sst2024], Thompson & Dreyer's
    rivalries [thompson2001] and TSS's principal flag), 1950-2016, all years / training decades /
    held-out years: the rules changed this session (seatless states, nominal pacts with the
    rival) must not have moved it without the README saying so."""
    from anpo.relations.taxonomy import roles_panel
    from anpo.relations.validate import load_codings, validate_roles

    panel = roles_panel(list(range(1950, 2017)), prepared=roles_prep)
    v = validate_roles(panel, load_codings(), roles_inputs["rivalries"]).per_role
    targets = {
        "ally": "U.S. collective defense treaties",
        "rogue state": "state sponsors of terrorism (1979-)",
        "strategic rival": "Thompson & Dreyer (to 2010)",
        "primary rival": "TSS principal rivalry",
    }
    for role, target in targets.items():
        f1 = v.loc[v["role"] == role, "f1"].tolist()  # all, training, held-out
        row = f"| {role} | {target} | " + " | ".join(f"{x:.2f}" for x in f1) + " |"
        assert row in README, row


@pytest.mark.slow
def test_roles_focal_table(roles_inputs: dict) -> None:
    """The README's cross-focal table (the rival rules on other focal states, against Thompson
    & Dreyer's rivalries [thompson2012] and TSS's principal flag [thompson2022], 1950-2010) is
    what ``tools/roles_focal_table.py`` generates from the shared data now."""
    import importlib.util

    from anpo.relations.taxonomy import load_thresholds
    from anpo.relations.validate import validate_focal_states

    spec = importlib.util.spec_from_file_location(
        "roles_focal_table", ROOT / "tools" / "roles_focal_table.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    body = tool.table(validate_focal_states(roles_inputs, load_thresholds()))
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    begin, end = text.index(tool.README_BEGIN), text.index(tool.README_END)
    assert text[begin + len(tool.README_BEGIN) : end].strip() == body.strip()


@pytest.mark.slow
def test_roles_rivalry_ablation(roles_inputs: dict) -> None:
    """The README's ablation of the rivalry input (Thompson, Sakuwa & Suhas 2022 [thompson2022]
    as input, validated against Thompson & Dreyer 2012 [thompson2012] and TSS's principal flag)
    is what ``tools/roles_rivalry_ablation.py`` generates from the shared data now, and its prose
    reads the numbers right: TSS codes every T&D rival-year of the focal states; without the
    input the U.S. scores fall a little and the other focal states' strategic-rival F1 falls by
    more than 0.1. ``anpo roles validate`` states the lineage in its notes; with
    ``rivalry_lists = []`` the rows say the rivalry evidence is not used and no list is an
    input (so no lineage note)."""
    import importlib.util

    from anpo.relations.taxonomy import load_thresholds, with_overrides
    from anpo.relations.validate import US, validate_focal

    spec = importlib.util.spec_from_file_location(
        "roles_rivalry_ablation", ROOT / "tools" / "roles_rivalry_ablation.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    result = tool.measure(roles_inputs)
    body = tool.table(result)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    begin, end = text.index(tool.README_BEGIN), text.index(tool.README_END)
    assert text[begin + len(tool.README_BEGIN) : end].strip() == body.strip()
    (ub, uc), (ob, oc) = result["overlap"]["us"], result["overlap"]["others"]
    assert ub == uc > 0 and ob == oc > 0
    with_input, without = result["variants"]
    assert with_input["label"].startswith("TSS") and without["label"] == "no rivalry input"
    for role in ("strategic rival", "primary rival"):
        assert without["us_f1"][role][0] < with_input["us_f1"][role][0]
    sr_with = with_input["pooled"]["strategic rival"]["f1"]
    assert without["pooled"]["strategic rival"]["f1"] < sr_with - 0.1
    years = range(1950, 2011)
    shipped = validate_focal(roles_inputs, US, years, load_thresholds())
    assert any(f"{uc} of the target's {uc} rival-years" in n for n in shipped.notes)
    off = with_overrides(load_thresholds(), rivalry_lists=[])
    res_off = validate_focal(roles_inputs, US, [2001], off)
    assert not any("one lineage" in n for n in res_off.notes)


@pytest.mark.slow
def test_roles_validation_with_the_war_list(roles_inputs: dict, shared_data: Path) -> None:
    """The README's sentence before the roles validation table: with the COW inter-state war
    list [sarkees2010] in the inputs too, the rogue-state F1 against the state sponsors of
    terrorism [state-sst2024] on all years and on the training decades is what the README says,
    the held-out years unchanged (the report reads whatever the catalog holds)."""
    import anpo.data as data
    from anpo.relations.validate import US, validate_focal

    wars = data.load(shared_data / "peacesciencer" / "cow_war_inter.csv", "cow_war_inter")
    years = range(1950, 2017)
    without = validate_focal(roles_inputs, US, years).per_role
    with_w = validate_focal({**roles_inputs, "wars": wars}, US, years).per_role
    rogue = with_w[with_w["role"] == "rogue state"]["f1"].tolist()
    base = without[without["role"] == "rogue state"]["f1"].tolist()
    assert rogue[2] == pytest.approx(base[2])
    assert (
        f"the rogue-state F1 is {rogue[0]:.2f} on all years and {rogue[1]:.2f} on the training "
        "decades, the held-out years unchanged" in README
    )


@pytest.mark.slow
def test_roles_focal_table_with_the_war_list(roles_inputs: dict, shared_data: Path) -> None:
    """The README's sentence before the cross-focal table: with the COW inter-state war list
    [sarkees2010] too, the Soviet Union / Russia's and China's strategic-rival counts and scores
    and the pooled row's count are what the README says, the pooled scores unchanged (targets:
    Thompson & Dreyer [thompson2012])."""
    import anpo.data as data
    from anpo.relations.taxonomy import load_thresholds
    from anpo.relations.validate import pooled_held_out, validate_focal_states

    wars = data.load(shared_data / "peacesciencer" / "cow_war_inter.csv", "cow_war_inter")
    th = load_thresholds()
    base = validate_focal_states(roles_inputs, th)
    with_w = validate_focal_states({**roles_inputs, "wars": wars}, th)

    def row(frame, focal):  # type: ignore[no-untyped-def]
        sel = frame[(frame["focal"] == focal) & (frame["role"] == "strategic rival")]
        return sel.iloc[0]

    ru, cn = row(with_w, 365), row(with_w, 710)
    scores = " / ".join(f"{cn[k]:.2f}" for k in ("precision", "recall", "f1", "kappa"))
    pw, pb = pooled_held_out(with_w), pooled_held_out(base)
    sw = pw[pw["role"] == "strategic rival"].iloc[0]
    sb = pb[pb["role"] == "strategic rival"].iloc[0]
    for k in ("precision", "recall", "f1", "kappa"):
        assert f"{sw[k]:.2f}" == f"{sb[k]:.2f}", k
    assert (
        f"Soviet Union / Russia names {int(ru['predicted'])} strategic-rival state-years "
        f"(kappa {ru['kappa']:.2f}), China {int(cn['predicted'])} ({scores}), the pooled row "
        f"{int(sw['predicted'])}, its scores unchanged" in README
    )


def test_book_figures_the_readme_quotes() -> None:
    """The README's paragraph on the built-in book quotes figures of the book files (China's
    2025 warheads as the sum of its components, the GBI counts, the 2001 interceptor counts);
    each is computed from the book here, so an edit of a book figure fails until the README
    says the new one."""

    book = {s.scenario.year: s for s in book_scenarios()}

    def warheads(year: int, actor: str) -> int:
        return sum(
            f.launchers * f.warheads_per_launcher
            for f in book[year].forces
            if f.actor == actor and f.baseline
        )

    def interceptors(year: int, did: str) -> int:
        d = next(d for d in book[year].defenses if d.id == did)
        return d.layers[0].interceptors

    assert f"China at {warheads(2025, 'CHN')} warheads" in README
    assert warheads(2030, "CHN") > 1000 and "China above 1,000 warheads" in README
    assert f"2025: the {interceptors(2025, 'gmd-44')} deployed ground-based" in README
    assert f"2030: {interceptors(2030, 'gmd-64')} interceptors" in README
    assert f"{interceptors(2001, 'a135')} interceptors in 2001" in README
    assert f"{interceptors(2025, 'a135')} endo-atmospheric 53T6" in README
    assert f"capability 1 with {interceptors(2001, 'nmd-c1')}" in README
    assert f"capability 3 with {interceptors(2001, 'nmd-c3')} at two sites" in README


def test_recipe2_paragraph_quotes_the_shipped_weights_and_the_2001_instance() -> None:
    """The README's recipe-2 paragraph ("Recipes and sizes") quotes the shipped fitted weights
    and the UN affinity of two U.S. pairs in the built-in 2001 Asia-Pacific instance (recipe 2:
    ``1 - 2F(d)``, anpo.align.recipe, on Bailey, Strezhnev & Voeten's ideal points); both are
    read here from the code and the book file, so a refit or a rebuilt instance fails until the
    README says the new figures."""
    import tomllib
    from importlib.resources import files

    from anpo.align import recipe as rc

    w = rc.RECIPES[rc.RECIPE_V2].weights

    def signed(x: float) -> str:
        return f"{x:+g}"

    weights = (
        f"(defense pact {signed(w.defense)}, other obligation {signed(w.other_alliance)}, "
        f"rivalry {signed(w.rivalry)}, disputes {signed(w.disputes)}, UN {signed(w.un)}, "
        f"regime {signed(w.regime)}, contiguity {signed(w.contiguity)})"
    )
    assert weights in README
    book = tomllib.loads(
        files("anpo.align.book").joinpath("asia_pacific_2001.toml").read_text("utf-8")
    )
    assert book["provenance"]["recipe"] == rc.RECIPE_V2
    un = {
        frozenset((p["a"], p["b"])): p["factors"]["un"]
        for p in book["pair"]
        if "USA" in (p["a"], p["b"])
    }
    jp, cn = un[frozenset(("USA", "JPN"))], un[frozenset(("USA", "CHN"))]
    assert jp > cn
    assert f"recipe 2 scores U.S.-Japan {jp:.2f} and U.S.-China {cn:.2f}" in README
