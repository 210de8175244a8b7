"""IDENTITIES of the link layer (issue 11): IEEE PMD spec budgets (arithmetic of the quoted spec
figures, which are the model's inputs, read back from the reference table) and the quantum
limit of direct detection (a closed form; LIM-03/LIM-04 are that closed form rounded). They
validate nothing; tolerances are float rounding, or the rounding of the quoted figure where
the check is that the closed form rounds to it. Moved here from
tests/validation/test_pmd_spec_budget.py and tests/validation/test_quantum_limit.py; the
registry carries ``dr4-spec-budget`` and ``quantum-limit`` as identity cases.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy import stats

from cposim.link import quantum_limit as ql
from cposim.link.pmd_spec import get_pmd_spec, spec_budget
from cposim.references import get_source
from cposim.units import photon_energy_j

FLOAT = 1e-9  # absolute, dB: float rounding of a sum of one-decimal figures


def _first_number(text: str) -> float:
    return float(re.search(r"-?\d+(\.\d+)?", text).group(0))


# ---- IEEE PMD spec budgets --------------------------------------------------------------------


def test_400gbase_dr4_margin_is_0p1_db_from_STD12_STD15_STD14_STD08_abs_tol_1e_9():
    """IDENTITY: (-2.2) - 3.0 - (-1.9 - 3.4) = 0.1 dB, the standard's 'additional insertion loss
    allowed': spec_budget adds and subtracts the four quoted figures, its inputs."""
    b = spec_budget("400GBASE-DR4")
    assert b.margin_db == pytest.approx(0.1, abs=FLOAT)
    assert b.power_budget_db == pytest.approx(6.5, abs=FLOAT)  # = 3.0 channel + 3.4 penalties + 0.1
    assert b.penalty_allocation_db == pytest.approx(3.4, abs=FLOAT)
    assert b.power_budget_db == pytest.approx(b.channel_insertion_loss_db + b.penalty_allocation_db + b.margin_db,
                                              abs=FLOAT)
    assert b.reference_sensitivity_oma_dbm == pytest.approx(-5.3, abs=FLOAT)
    assert {"STD-12", "STD-15", "STD-14", "STD-08"} <= set(b.sources)


def test_dr4_numbers_are_the_reference_table_values_STD08_STD12_STD13_STD14_STD15():
    """IDENTITY: every DR4 spec number is the reference row's value, read back exactly."""
    spec = get_pmd_spec("400GBASE-DR4")
    assert spec.oma_minus_tdecq_min_dbm == _first_number(get_source("STD-12").value)
    assert spec.tdecq_max_db == _first_number(get_source("STD-08").value)
    assert spec.channel_insertion_loss_max_db == _first_number(get_source("STD-15").value)
    assert spec.stressed_sensitivity_oma_dbm == _first_number(get_source("STD-14").value)
    assert spec.secq_db == _first_number(re.search(r"SECQ\s*(\d+(\.\d+)?)", get_source("STD-14").conditions).group(1))
    assert spec.unstressed_sensitivity_oma_dbm == _first_number(get_source("STD-13").value)
    assert spec.reach_m == _first_number(get_source("RCH-09").value)


def test_800gbase_dr8_shares_the_dr_clause_budget_STD15():
    """IDENTITY: DR8 uses the same clause figures as DR4, so the same margin (float rounding)."""
    dr4, dr8 = spec_budget("400GBASE-DR4"), spec_budget("800GBASE-DR8")
    assert dr8.margin_db == pytest.approx(dr4.margin_db, abs=FLOAT)
    assert get_pmd_spec("800GBASE-DR8").lanes == 8
    assert "STD-15" in dr8.sources


def test_400gbase_fr4_margin_is_0p3_db_from_STD16_CPS_LKC_01_CPS_LKC_02_abs_tol_1e_9():
    """IDENTITY: (-1.7) - 4.0 - (-2.6 - 3.4) = 0.3 dB, arithmetic of the quoted (input) figures."""
    b = spec_budget("400GBASE-FR4")
    assert b.margin_db == pytest.approx(0.3, abs=FLOAT)
    assert b.power_budget_db == pytest.approx(7.7, abs=FLOAT)
    spec = get_pmd_spec("400GBASE-FR4")
    assert spec.oma_minus_tdecq_min_dbm == -1.7 and "-1.7" in get_source("STD-16").value
    assert spec.channel_insertion_loss_max_db == _first_number(get_source("CPS-LKC-01").value)
    assert spec.stressed_sensitivity_oma_dbm == _first_number(get_source("CPS-LKC-02").value)


# ---- quantum limit (LIM-03, LIM-04) -------------------------------------------------------------


def test_ber_1e_minus_9_needs_about_10_photons_per_bit_LIM03_closed_form():
    """IDENTITY: n = ln(1 / (2 BER)) / 2 = 10.015 at BER 1e-9 (Poisson, shot noise only); LIM-03's
    '10' is that closed form rounded to the photon (was: rel 1 %)."""
    n = ql.quantum_limit_photons_per_bit(1e-9)
    assert n == pytest.approx(0.5 * math.log(0.5e9), rel=1e-12)
    assert round(n) == float(get_source("LIM-03").value) == 10


def test_10_photons_per_bit_at_1310_nm_is_1p52_aJ_LIM04_closed_form():
    """IDENTITY: LIM-04 is derived as 10 x hc/lambda = 10 x 1.52e-19 J; the model gives exactly
    10 photon energies, which round to 1.52 aJ (the conditions' figure) and to the table's
    1.5 aJ/bit (was: rel 1 % and rel 2 %)."""
    energy = ql.quantum_limit_energy_per_bit_j(ql.quantum_limit_ber(10.0), 1310e-9)
    assert energy == pytest.approx(10 * photon_energy_j(1310e-9), rel=1e-12)
    assert round(energy / 1e-18, 2) == 1.52
    assert round(energy / 1e-18, 1) == float(get_source("LIM-04").value)


def test_poisson_counting_cross_check():
    """IDENTITY (independent path): P(0 photons | mean n1) from scipy's Poisson law, n1 = 2 n;
    and the photons-per-bit function inverts the BER function."""
    n = np.array([1.0, 5.0, 10.0, 20.0])
    assert np.allclose(ql.quantum_limit_ber(n), 0.5 * stats.poisson.pmf(0, 2 * n), rtol=1e-12, atol=0.0)
    ber = np.array([1e-3, 2.4e-4, 1e-12])
    assert np.allclose(ql.quantum_limit_ber(ql.quantum_limit_photons_per_bit(ber)), ber, rtol=1e-12, atol=0.0)


def test_sensitivity_power_is_energy_per_bit_times_bit_rate():
    """IDENTITY: P = E_bit x bit rate; at 1e-9, 1310 nm and 100 Gb/s that is -38.2 dBm to the
    0.1 dB it is written with."""
    p = ql.quantum_limit_sensitivity_w(1e-9, 1310e-9, 100e9)
    assert p == pytest.approx(ql.quantum_limit_energy_per_bit_j(1e-9, 1310e-9) * 100e9, rel=1e-12)
    assert 10 * math.log10(p / 1e-3) == pytest.approx(-38.2, abs=0.05)
