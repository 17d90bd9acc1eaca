"""The map palette: complete, documented and colour-blind-safe."""

from __future__ import annotations

import re

import pytest

from frontline.render import palette as pal

KINDS = ("normal", "protan", "deutan", "tritan")


def test_palette_covers_both_vocabularies() -> None:
    assert set(pal.CONTROL_STATUSES) == {
        "occupied",
        "occupied_before_2022",
        "contested",
        "liberated",
        "advanced",
        "claimed_ru",
        "claimed_ua",
        "partisan",
    }
    assert set(pal.CLAIM_STATUSES) == {"claimed", "denied", "confirmed", "refuted", "unverified"}
    assert set(pal.PALETTE) == set(pal.CONTROL_STATUSES) | set(pal.CLAIM_STATUSES)
    assert set(pal.LABELS) == set(pal.PALETTE)
    assert set(pal.CLAIM_DASHES) == set(pal.CLAIM_LINESTYLES) == set(pal.CLAIM_STATUSES)
    for hexcolour in pal.PALETTE.values():
        assert re.fullmatch(r"#[0-9A-F]{6}", hexcolour)


def test_every_colour_is_in_the_documented_table() -> None:
    doc = pal.__doc__ or ""
    for entry in pal.TABLE:
        assert re.search(rf"^{entry.status}\s+{entry.colour}\s", doc, re.M), entry.status


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("group", ["control", "claim"])
def test_pairs_distinguishable_with_colour_vision_deficiency(group: str, kind: str) -> None:
    statuses = pal.CONTROL_STATUSES if group == "control" else pal.CLAIM_STATUSES
    d, a, b = pal.min_delta_e([pal.PALETTE[s] for s in statuses], kind)
    assert d >= 10, f"{a} and {b} differ by only ΔE00={d:.1f} under {kind}"


def test_claim_lines_contrast_with_a_light_base_map() -> None:
    for status in pal.CLAIM_STATUSES:
        assert pal.contrast_ratio(pal.PALETTE[status]) >= 3, status
    # and claims never rely on colour alone: dash patterns differ
    assert len(set(pal.CLAIM_DASHES.values())) == len(pal.CLAIM_STATUSES)


def test_simulation_and_delta_e_reference_values() -> None:
    # Sharma, Wu & Dalal (2005) CIEDE2000 test data, pairs 1, 17 and 25
    assert pal._de2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert pal._de2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert pal._de2000((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387)) == (
        pytest.approx(1.2644, abs=1e-4)
    )
    assert pal.delta_e("#FFFFFF", "#000000") == pytest.approx(100.0, abs=0.01)
    assert pal.delta_e("#123456", "#123456") == 0.0
    assert pal.simulate_cvd("#0072B2", "normal") == "#0072B2"
    assert pal.simulate_cvd("#0072B2", "deutan", severity=0.0) == "#0072B2"
    # red and green collapse for a deuteranope
    assert pal.delta_e(
        pal.simulate_cvd("#FF0000", "deutan"), pal.simulate_cvd("#00FF00", "deutan")
    ) < (pal.delta_e("#FF0000", "#00FF00"))


def test_bad_input_is_a_clear_error() -> None:
    with pytest.raises(LookupError, match="known statuses"):
        pal.colour("occupado")
    with pytest.raises(ValueError, match="#RRGGBB"):
        pal.delta_e("red", "#000000")
    with pytest.raises(ValueError, match="kind must be"):
        pal.simulate_cvd("#000000", "achromat")
