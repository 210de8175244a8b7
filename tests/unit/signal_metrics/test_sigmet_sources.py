"""Every source id cited by the signal-metrics modules exists, and the TDECQ constants are
the numbers of their reference rows."""

from __future__ import annotations

import pytest

from cposim.references import all_sources, get_source
from cposim.signal import bathtub, equalizers_stream, metrics, statistical_ber, tdecq

MODULES = [bathtub, equalizers_stream, metrics, statistical_ber, tdecq]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_cited_ids_exist(module):
    table = all_sources()
    ids = [i for group in module.SOURCES.values() for i in group]
    assert ids
    for sid in ids:
        assert sid in table, f"{module.__name__} cites unknown source {sid}"


def test_tdecq_constants_match_their_rows():
    row = get_source("CPS-SGM-01")
    assert "4.8e-4" in row.value and str(tdecq.TDECQ_Q_T) in row.value
    assert tdecq.TDECQ_TARGET_SER == 4.8e-4
    assert "5-tap" in get_source("CPS-SGM-02").value and tdecq.REFERENCE_FFE_TAPS == 5
    assert "0.5 x" in get_source("CPS-SGM-03").value and tdecq.REFERENCE_BANDWIDTH_FRACTION == 0.5
    win = get_source("CPS-SGM-04").value
    assert "0.04 UI" in win and "0.05 UI" in win
    assert (tdecq.HISTOGRAM_WIDTH_UI, tdecq.HISTOGRAM_OFFSET_UI) == (0.04, 0.05)
    assert float(get_source("CPS-SGM-08").value) == equalizers_stream.DEFAULT_STEP_SIZE
