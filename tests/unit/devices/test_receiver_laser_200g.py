"""200G-class receiver (TIA) and the light source's own RIN (issue 10: one consistent lane).

* ``TransimpedanceAmplifier.for_lane_rate``: the 200G-class TIA cites its rows and carries the
  published figures (identities), its noise scales as sqrt(bandwidth), bad input is a ConfigError.
* ``ExternalLaserSource.rin_db_per_hz`` is sourced; the link engine reads the source's own RIN
  (no fallback) and a noisier laser gives a worse BER.
"""

from __future__ import annotations

import numpy as np
import pytest

from cposim.devices.external_laser import ExternalLaserSource
from cposim.devices.laser import DfbLaser
from cposim.devices.tia import TIA_200G, TransimpedanceAmplifier
from cposim.errors import ConfigError
from cposim.link.engine import evaluate, source_rin_db_per_hz
from cposim.link.lane import SOURCE_TYPES
from cposim.presets.lanes import OPTICAL_LINE_RATE_200G_BPS, cpo_mrm_wdm_200g, dr8_1600g
from cposim.references import all_sources


# ---- 200G-class TIA -----------------------------------------------------------------------
def test_200g_tia_builds_and_cites_its_rows():
    tia = TransimpedanceAmplifier.for_lane_rate(OPTICAL_LINE_RATE_200G_BPS)
    by = tia.sources_by_parameter()
    assert by["bandwidth_hz"] == ("DEV-RX200-01",)
    assert by["input_noise_density_a_per_sqrt_hz"] == ("DEV-RX200-02",)
    assert by["transimpedance_ohm"] == ("DEV-RX200-04",)
    assert by["energy_per_bit_j"] == ("DEV-RX200-03", "CPS-RXL-01")
    assert by["bit_rate_bps"] == ("CPS-RXL-02",)
    table = all_sources()
    for sid in tia.source_ids():
        assert sid in table, sid
    assert table["CPS-RXL-01"].confidence == "derived"
    assert "planning value, not a validation target" in table["CPS-RXL-02"].conditions


def test_200g_tia_parameters_equal_the_published_values_identity():
    """Identity (not a validation): the builder copies Garcia Lopez et al., JSSC 2018 (SG13G2 TIA)."""
    tia = TransimpedanceAmplifier.for_lane_rate(OPTICAL_LINE_RATE_200G_BPS)
    assert float(tia.bandwidth_hz) == 66e9  # DEV-RX200-01
    assert float(tia.input_noise_density_a_per_sqrt_hz) == 7.6e-12  # DEV-RX200-02
    assert float(tia.transimpedance_dbohm) == pytest.approx(65.0, abs=1e-12)  # DEV-RX200-04
    assert float(tia.power_w) == pytest.approx(0.150, rel=1e-12)  # DEV-RX200-03 at the lane rate
    assert float(tia.energy_pj_per_bit) == pytest.approx(0.661, abs=5e-4)  # CPS-RXL-01 at 226.875 Gb/s
    table = all_sources()
    assert table["DEV-RX200-01"].value == "66" and table["DEV-RX200-02"].value == "7.6"
    assert table["DEV-RX200-03"].value == "150" and table["DEV-RX200-04"].value == "65"
    assert TIA_200G["power_w"][0] == 0.150


def test_200g_tia_energy_holds_the_published_chip_power_at_any_200g_rate():
    for rate in (212.5e9, 226.875e9):
        tia = TransimpedanceAmplifier.for_lane_rate(rate)
        assert float(tia.power_at_bit_rate_w(rate)) == pytest.approx(0.150, rel=1e-12)
    assert float(TransimpedanceAmplifier.for_lane_rate(212.5e9).energy_pj_per_bit) == pytest.approx(0.706, abs=5e-4)


def test_200g_tia_noise_scales_with_root_bandwidth_and_rms_over_66_ghz():
    tia = TransimpedanceAmplifier.for_lane_rate(OPTICAL_LINE_RATE_200G_BPS)
    assert float(tia.input_noise_rms_in_band_a) == pytest.approx(7.6e-12 * np.sqrt(66e9), rel=1e-12)  # ~1.95 uA
    bw = np.array([10e9, 40e9, 160e9])
    np.testing.assert_allclose(tia.input_noise_rms_a(bw), tia.input_noise_rms_a(10e9) * np.array([1, 2, 4]), rtol=1e-12)


def test_200g_tia_is_wider_and_quieter_per_root_hz_than_the_112g_tia():
    old = TransimpedanceAmplifier()
    new = TransimpedanceAmplifier.for_lane_rate(OPTICAL_LINE_RATE_200G_BPS)
    assert float(new.bandwidth_hz) > float(old.bandwidth_hz)
    # 66 GHz covers the Nyquist frequency of 113.4375 GBd; 45 GHz does not
    assert float(new.bandwidth_hz) > 113.4375e9 / 2 > float(old.bandwidth_hz)
    assert float(new.input_noise_density_a_per_sqrt_hz) < float(old.input_noise_density_a_per_sqrt_hz)


def test_for_lane_rate_keeps_the_112g_tia_for_100g_lanes_and_accepts_changes():
    assert TransimpedanceAmplifier.for_lane_rate(106.25e9) == TransimpedanceAmplifier()
    tia = TransimpedanceAmplifier.for_lane_rate(226.875e9, bandwidth_hz=70e9)
    assert float(tia.bandwidth_hz) == 70e9


@pytest.mark.parametrize("bad", [-1.0, 0.0, float("nan"), "fast", 400e9])
def test_for_lane_rate_rejects_bad_rates_with_a_config_error(bad):
    with pytest.raises(ConfigError, match="for_lane_rate bit_rate_bps"):
        TransimpedanceAmplifier.for_lane_rate(bad)


def test_200g_presets_use_the_200g_class_tia():
    for lane in (cpo_mrm_wdm_200g(), dr8_1600g()):
        assert float(lane.tia.bandwidth_hz) == 66e9
        assert "DEV-RX200-02" in lane.source_ids()


# ---- light-source RIN ----------------------------------------------------------------------
def test_els_has_a_sourced_rin_that_is_not_the_ieee_rin_xoma_limit():
    els = ExternalLaserSource()
    assert float(els.rin_db_per_hz) == -145.0
    info = ExternalLaserSource.parameter_info()["rin_db_per_hz"]
    assert info["sources"] == ("LAS-RIN-01",) and info["unit"] == "dB/Hz"
    table = all_sources()
    assert table["LAS-RIN-01"].value == "-145"
    assert "LAS-16" not in info["sources"]
    with pytest.raises(ConfigError, match="ExternalLaserSource.rin_db_per_hz"):
        ExternalLaserSource(rin_db_per_hz=-90.0)


def test_every_source_type_declares_its_own_rin():
    for cls in SOURCE_TYPES:
        assert "rin_db_per_hz" in cls.parameter_info(), cls.__name__
        assert cls.parameter_info()["rin_db_per_hz"]["sources"]
    assert DfbLaser.parameter_info()["rin_db_per_hz"]["sources"][0] == "CPS-LAS-01"


def test_engine_rin_is_the_source_own_parameter():
    lane = cpo_mrm_wdm_200g()
    assert source_rin_db_per_hz(lane) == lane.source.rin_db_per_hz
    noisy = lane.replace(source=lane.source.replace(rin_db_per_hz=-131.0))
    assert float(source_rin_db_per_hz(noisy)) == -131.0


def test_engine_has_no_silent_rin_fallback():
    class _NoRin:
        pass

    class _FakeLane:
        source = _NoRin()

    with pytest.raises(ConfigError, match="rin_db_per_hz"):
        source_rin_db_per_hz(_FakeLane())


def test_noisier_els_gives_worse_ber_monotonic():
    lane = cpo_mrm_wdm_200g()
    bers = [float(evaluate(lane.replace(source=lane.source.replace(rin_db_per_hz=r))).ber) for r in (-150.0, -145.0, -140.0)]
    assert bers[0] < bers[1] < bers[2]
