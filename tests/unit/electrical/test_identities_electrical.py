"""IDENTITIES of the electrical layer's SerDes choice (issue 11): the published SerDes energies
SER-10 (XSR) and SER-15..17 (UCIe) are INPUTS of cposim.devices.serdes; choosing a SerDes
through cposim.electrical.serdes_power reads them back. They validate nothing; exact up to
float rounding. Moved here from tests/validation/test_electrical_published.py.
"""

from __future__ import annotations

import pytest

from cposim.devices.serdes import LANE_RATE_100G_BPS
from cposim.electrical.serdes_power import serdes_for_channel, ucie_for_package
from cposim.electrical.topologies import host_channel_loss_db

FLOAT = 1e-12  # relative: float rounding only


def test_xsr_serdes_for_the_cpo_and_npo_paths_reads_back_1p1_pj_per_bit_SER_10():
    """IDENTITY: SER-10's 1.1 pJ/bit (a published upper bound) is the XSR class energy at 106.25 Gb/s.
    The co-packaged host channel at 100G/lane gets a class no dearer than XSR, and the
    near-packaged channel gets XSR itself, at exactly the input (was: <= 1.1 + 1e-12)."""
    loss = host_channel_loss_db("co_packaged", lane_rate_bps=LANE_RATE_100G_BPS)
    assert float(serdes_for_channel(loss, lane_rate_bps=LANE_RATE_100G_BPS).energy_pj_per_bit) <= 1.1 * (1 + FLOAT)
    xsr_loss = host_channel_loss_db("near_packaged", lane_rate_bps=LANE_RATE_100G_BPS)
    s = serdes_for_channel(xsr_loss, lane_rate_bps=LANE_RATE_100G_BPS)
    assert s.reach_class == "xsr"
    assert float(s.energy_pj_per_bit) == pytest.approx(1.1, rel=FLOAT)


@pytest.mark.parametrize(("package", "lo", "hi"), [("standard", 0.5, 0.6), ("advanced", 0.25, 0.3),
                                                   ("hybrid_bonded", 0.01, 0.05)])
def test_ucie_energy_reads_back_the_published_range_SER_15_16_17(package, lo, hi):
    """IDENTITY: SER-15/16/17 ranges are the UCIe class energies: the low end at pin rates up to
    16 GT/s, the high end above (was: anywhere inside the range)."""
    for pin in (4e9, 16e9, 24e9, 32e9):
        e = float(ucie_for_package(package, pin_rate_bps=pin).energy_pj_per_bit)
        assert e == pytest.approx(lo if pin <= 16e9 else hi, rel=FLOAT), pin
