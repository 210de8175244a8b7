"""IEEE PMD spec-level link budgets reproduce the standards' own arithmetic (ids named per test)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.link.pmd_spec import PMD_SPECS, PmdSpec, get_pmd_spec, spec_budget
from cposim.references import get_source, resolve_sources


def _first_number(text: str) -> float:
    return float(re.search(r"-?\d+(\.\d+)?", text).group(0))


def test_400gbase_dr4_margin_is_0p1_db_from_STD12_STD15_STD14_STD08_abs_tol_1e_9():
    """(-2.2) - 3.0 - (-1.9 - 3.4) = 0.1 dB: the standard's 'additional insertion loss allowed'."""
    b = spec_budget("400GBASE-DR4")
    assert b.margin_db == pytest.approx(0.1, abs=1e-9)
    assert b.power_budget_db == pytest.approx(6.5, abs=1e-9)  # = 3.0 channel + 3.4 penalties + 0.1
    assert b.penalty_allocation_db == pytest.approx(3.4)
    assert b.power_budget_db == pytest.approx(b.channel_insertion_loss_db + b.penalty_allocation_db + b.margin_db)
    assert b.reference_sensitivity_oma_dbm == pytest.approx(-5.3)
    assert {"STD-12", "STD-15", "STD-14", "STD-08"} <= set(b.sources)


def test_dr4_numbers_are_the_reference_table_values_STD08_STD12_STD13_STD14_STD15():
    spec = get_pmd_spec("400GBASE-DR4")
    assert spec.oma_minus_tdecq_min_dbm == _first_number(get_source("STD-12").value)
    assert spec.tdecq_max_db == _first_number(get_source("STD-08").value)
    assert spec.channel_insertion_loss_max_db == _first_number(get_source("STD-15").value)
    assert spec.stressed_sensitivity_oma_dbm == _first_number(get_source("STD-14").value)
    assert spec.secq_db == _first_number(re.search(r"SECQ\s*(\d+(\.\d+)?)", get_source("STD-14").conditions).group(1))
    assert spec.unstressed_sensitivity_oma_dbm == _first_number(get_source("STD-13").value)
    assert spec.reach_m == _first_number(get_source("RCH-09").value)


def test_800gbase_dr8_shares_the_dr_clause_budget_STD15():
    dr4, dr8 = spec_budget("400GBASE-DR4"), spec_budget("800GBASE-DR8")
    assert dr8.margin_db == pytest.approx(dr4.margin_db)
    assert get_pmd_spec("800GBASE-DR8").lanes == 8
    assert "STD-15" in dr8.sources


def test_400gbase_fr4_margin_is_0p3_db_from_STD16_CPS_LKC_01_CPS_LKC_02_abs_tol_1e_9():
    """(-1.7) - 4.0 - (-2.6 - 3.4) = 0.3 dB."""
    b = spec_budget("400GBASE-FR4")
    assert b.margin_db == pytest.approx(0.3, abs=1e-9)
    assert b.power_budget_db == pytest.approx(7.7, abs=1e-9)
    spec = get_pmd_spec("400GBASE-FR4")
    assert spec.oma_minus_tdecq_min_dbm == -1.7 and "-1.7" in get_source("STD-16").value
    assert spec.channel_insertion_loss_max_db == _first_number(get_source("CPS-LKC-01").value)
    assert spec.stressed_sensitivity_oma_dbm == _first_number(get_source("CPS-LKC-02").value)


@pytest.mark.parametrize("name", list(PMD_SPECS))
def test_every_field_cites_sources_that_exist(name):
    spec = PMD_SPECS[name]
    numeric = [f for f in PmdSpec.__dataclass_fields__ if f not in ("name", "sources")]
    assert set(numeric) <= set(spec.sources)
    assert resolve_sources(spec.source_ids())
    assert spec.lane_rate_bps == pytest.approx(2 * spec.signaling_rate_baud)  # PAM4: 2 bits per symbol


def test_margin_against_an_actual_channel_loss_broadcasts():
    b = spec_budget("400GBASE-DR4", channel_insertion_loss_db=np.array([0.0, 1.5, 3.0, 4.0]))
    assert np.allclose(b.margin_db, [3.1, 1.6, 0.1, -0.9])
    with pytest.raises(ConfigError, match="channel_insertion_loss_db"):
        spec_budget("400GBASE-DR4", channel_insertion_loss_db=-1.0)


def test_lookup_is_case_insensitive_and_unknown_names_list_the_valid_ones():
    assert get_pmd_spec("400gbase-dr4").name == "400GBASE-DR4"
    with pytest.raises(ConfigError, match="400GBASE-DR4, 800GBASE-DR8, 400GBASE-FR4"):
        get_pmd_spec("400GBASE-LR4")
