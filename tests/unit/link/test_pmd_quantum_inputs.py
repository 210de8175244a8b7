"""Unit checks of the PMD spec table and the quantum-limit functions that are NOT comparisons
with a published figure: every field cites an existing source, broadcasting, name lookup and
bad input. Moved from tests/validation/test_pmd_spec_budget.py and
tests/validation/test_quantum_limit.py (issue 11)."""

from __future__ import annotations

import numpy as np
import pytest

from cposim.errors import ConfigError
from cposim.link import quantum_limit as ql
from cposim.link.pmd_spec import PMD_SPECS, PmdSpec, get_pmd_spec, spec_budget
from cposim.references import resolve_sources


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


def test_bad_input_is_rejected():
    with pytest.raises(ConfigError, match="ber"):
        ql.quantum_limit_photons_per_bit(0.0)
    with pytest.raises(ConfigError, match="photons_per_bit"):
        ql.quantum_limit_ber(-1.0)
    with pytest.raises(ConfigError, match="wavelength_m"):
        ql.quantum_limit_energy_per_bit_j(1e-9, 1310.0)
