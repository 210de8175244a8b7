"""Published FEC figures reproduced by the Reed-Solomon and concatenated FEC models."""

from __future__ import annotations

import pytest

from cposim.devices.fec import ConcatenatedFec, ReedSolomonFec, frame_loss_ratio_400g


def test_std01_kp4_flr_at_threshold_within_5_percent():
    """STD-01: RS(544,514) at pre-FEC BER 2.4e-4 gives FLR < 1.7e-12 for 64-octet frames at 400G.

    Tolerance 5 %: the published figure has two significant digits (+-3 %) and the frame
    boundary convention (preamble counted or not) moves the result by ~0.5 %. The model
    (2-way interleaved codewords, independent bit errors) gives 1.72e-12.
    """
    flr = float(frame_loss_ratio_400g(2.4e-4, frame_octets=64))
    assert flr == pytest.approx(1.7e-12, rel=0.05)


def test_std01_threshold_from_the_flr_target_within_2_percent():
    """STD-01 read backwards: the pre-FEC BER meeting FLR = 1.7e-12 is 2.4e-4 (tolerance 2 %:
    FLR ~ BER^16, so 5 % in FLR is ~0.3 % in BER; 2 % allows for the rounding of 2.4e-4)."""
    th = float(ReedSolomonFec().pre_fec_threshold(target_flr=1.7e-12))
    assert th == pytest.approx(2.4e-4, rel=0.02)


def test_std03_concatenated_threshold_in_the_neighbourhood_of_proposals():
    """STD-03: Hamming(128,120) + RS(544,514) proposals quote a pre-FEC BER near 4.8e-3.

    Our inner decoder is hard-decision (single-error-correcting, double-error-detecting), so
    the threshold must come out above the bare KP4 threshold 2.4e-4 and below 4.8e-3, within
    a factor 5 of it (soft-decision decoding is worth a factor 3-4 in BER). Model: ~1.4e-3.
    """
    th = float(ConcatenatedFec().threshold_ber)
    assert 2.4e-4 < th < 4.8e-3
    assert th > 4.8e-3 / 5
