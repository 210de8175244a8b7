"""Slow cross-check: COM-lite vs pychopmarg (an open IEEE COM implementation).

``pychopmarg`` (>= 3.4) is in the test extra, so this runs in ``make test`` (about 20 s). Same setting
as the notes' sweeps (CPS-ELE-19): a matched D3.3 host stripline (CPS-ELE-05) between the
802.3dj class-A reference packages, one flat -45 dB FEXT aggressor, the 802.3dj reference
receiver without MLSD (CPS-ELE-02), on reduced pychopmarg search grids.
Tolerance: 1.5 dB (COM-lite searches its own reduced grids and uses an MMSE Rx FFE).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import pychopmarg  # noqa: F401  (the test extra installs it)

from cposim.devices.serdes import LANE_RATE_200G_BPS  # noqa: E402
from cposim.electrical.annex93a_line import line_s  # noqa: E402
from cposim.electrical.com_settings import DJ_KR  # noqa: E402
from cposim.electrical.frequency import to_network  # noqa: E402
from cposim.electrical.lines import D33_HOST  # noqa: E402
from cposim.electrical.reach import pcb_margin_db  # noqa: E402


def _network(f, s21):
    s = np.zeros((f.size, 2, 2), complex)
    s[:, 1, 0] = s[:, 0, 1] = s21
    return to_network(f, s)


@pytest.mark.slow
@pytest.mark.parametrize("length_m", [0.3, 0.5])
def test_com_lite_within_1p5_db_of_pychopmarg_dj_without_mlsd(length_m):
    from pychopmarg.com import COM
    from pychopmarg.config.ieee_8023dj import IEEE_8023dj

    params = replace(
        IEEE_8023dj,
        g_DC=[0.0, -3.0, -6.0, -9.0, -12.0, -15.0],
        g_DC2=[0.0, -2.5, -5.0],
        fstep=0.05,
        tx_taps_min=[0, 0, -0.3, -0.2, 0, 0],
        tx_taps_max=[0, 0, 0, 0, 0, 0],
        tx_taps_step=[0.1] * 6,
    )
    f = np.arange(1, 2001) * 50e6
    thru = _network(f, line_s(f, length_m, D33_HOST)[:, 1, 0])
    fext = _network(f, np.full(f.size, 10 ** (-45 / 20) + 0j))
    reference = COM(params, {"THRU": [thru], "FEXT": [fext], "NEXT": []})()
    mine = pcb_margin_db(length_m, lane_rate_bps=LANE_RATE_200G_BPS, settings=DJ_KR.replace(mlsd_credit_db=0.0)) + 3.0
    assert mine == pytest.approx(reference, abs=1.5)
