"""Unit check, not a published figure: a passive copper link far beyond its reach is refused
with an explanation (moved from tests/validation/test_electrical_published.py, issue 11)."""

from __future__ import annotations

import pytest

from cposim.devices.serdes import LANE_RATE_200G_BPS
from cposim.electrical.reach import check_copper_link
from cposim.errors import PhysicsError


def test_passive_dac_of_5_m_at_200g_is_refused_with_an_explanation():
    with pytest.raises(PhysicsError, match=r"passive DAC .*5 m.*212.5 Gb/s.*margin -\d+.*reaches about 0\.\d m"):
        check_copper_link(5.0, LANE_RATE_200G_BPS)
