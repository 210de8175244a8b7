"""VALIDATION (calibrations and predictions) driven by the registry (issue 11).

Every case of ``cposim.validate.cases.CASES`` whose class is ``calibration`` (a parameter was
set so that the model meets the figure) or ``prediction`` (no parameter was set from it) is
evaluated here at the registry's tolerance, which is the source's own precision. Identities
are not validation; they are unit tests (tests/unit/*/test_identities_*.py) and
tests/unit/test_validate.py checks the registry itself.

Each case's verdict must equal the one recorded below. A known miss is recorded as ``"fail"``
with its reason, not hidden behind a wider window; a change of verdict either way (a miss
that now passes, a pass that now fails) fails this test so that it gets noticed and the
record (and the README tables, ``cposim validate --markdown``) is updated. A case added to
the registry fails here until its verdict is recorded.

Verdicts recorded from ``cposim validate --json``.
"""

from __future__ import annotations

import math

import pytest

from cposim.validate.cases import CASES

VALIDATION_CLASSES = ("calibration", "prediction")

#: case id -> the verdict of ``cposim validate`` at the registry's tolerance.
EXPECTED: dict[str, str] = {
    "kp4-flr": "pass",
    "preset-1p6t-dsp-module": "pass",
    "preset-1p6t-cpo-port": "fail",
    "preset-800g-lpo-module": "pass",
    "preset-400g-dr4-module": "pass",
    "preset-1p6t-ratio": "pass",
    "ieee-dr4-launch-oma": "pass",
    "ieee-dr4-extinction-ratio": "pass",
    "ieee-dr4-rx-sensitivity": "pass",
    "arch-1p6t-dsp-port": "fail",
    "arch-1p6t-cpo-port": "fail",
    "arch-1p6t-ratio": "fail",
    "host-channel-front-panel": "pass",
    "host-channel-co-packaged": "fail",
    "copper-reach-100g": "pass",
    "copper-reach-200g": "pass",
    "acc-reach-100g": "pass",
    "acc-end-power-800g": "fail",
    "acc-end-power-400g": "pass",
    "davisson-interconnect-cut": "fail",
    "humboldt-switch-cut": "fail",
    "oif-edge-density": "fail",
    "engine-nv-1p6t-energy": "fail",
    "engine-nv-3p2t-energy": "fail",
}

#: case id -> why it misses (one line), for every expected "fail".
WHY_FAIL: dict[str, str] = {
    "preset-1p6t-cpo-port": "7.7 W: the cpo-mrm-wdm-200g lane's devices plus an XSR host SerDes sum 14 % below "
                            "NVIDIA's 9 W (the preset's host is not charged for the linear channel, cf. "
                            "arch-1p6t-cpo-port)",
    "arch-1p6t-dsp-port": "33.0 W: the 26.9 W 1.6T DSP module plus 8 VSR host lanes (6.1 W) lands 10 % above 30 W",
    "arch-1p6t-cpo-port": "11.6 W: the linear engine's host SerDes is charged VSR for the ~16.7 dB unretimed channel "
                          "(CPS-LIN-01); engine plus a USR host would be ~7 W",
    "arch-1p6t-ratio": "2.84: follows from the two port misses above (33.0 W / 11.6 W)",
    "host-channel-co-packaged": "3.36 dB: die networks plus the 20 mm substrate trace (CPS-ELE-27) fall 0.14 dB "
                                "short of '4 dB' quoted to the dB",
    "acc-end-power-800g": "1.28 W: the redrivers' 1.5 pJ/bit (CPS-ARC-10, an estimate: half the PWR-13 retimer) on "
                          "8 x 106.25 Gb/s is 15 % below NVIDIA's 1.5 W",
    "davisson-interconnect-cut": "76.5 %: the cpo-dr port (no DSP, XSR host) against the 33.0 W dsp-dr port, "
                                 "itself 10 % above SYS-NV-08 (arch-1p6t-dsp-port), saves more than Broadcom's 70 %",
    "humboldt-switch-cut": "49.3 % (349 W vs 688 W) with every port on CPO engines; Humboldt put only half its "
                           "capacity on them (SYS-BC-01), the likely main reason the saving exceeds the 30 % quoted",
    "oif-edge-density": "145.5 Gb/s/mm: 3.2 Tb/s over a 22 mm pitch (20 mm edge + 2 mm gap) is 0.5 above '~140' "
                        "quoted to two figures",
    "engine-nv-1p6t-energy": "4.83 pJ/bit: the engine roll-up (laser 0.50, drivers 1.63, tuning 0.38, TIA 0.75, "
                             "SerDes 1.40, delivery 0.16) is 14 % below 9 W / 1.6 Tb/s",
    "engine-nv-3p2t-energy": "4.83 pJ/bit: same lanes as nv-1.6t (16 instead of 8), so the same miss of 9 W / 1.6 Tb/s",
}

VALIDATION_CASES = [c for c in CASES if c.klass in VALIDATION_CLASSES]


def test_the_record_is_consistent():
    """Verdicts are pass/fail; every recorded fail has a reason, and only fails have one."""
    assert set(EXPECTED.values()) <= {"pass", "fail"}
    fails = {k for k, v in EXPECTED.items() if v == "fail"}
    assert set(WHY_FAIL) == fails, (sorted(fails - set(WHY_FAIL)), sorted(set(WHY_FAIL) - fails))
    assert all(WHY_FAIL[k].strip() for k in fails)


def test_every_recorded_case_is_still_a_calibration_or_prediction_of_the_registry():
    """A recorded id that left the registry, or became an identity, is a stale record."""
    klass = {c.id: c.klass for c in CASES}
    stale = {k: klass.get(k, "removed") for k in sorted(EXPECTED) if klass.get(k) not in VALIDATION_CLASSES}
    assert not stale, (f"recorded verdicts for cases that are no longer calibrations/predictions of the registry "
                       f"(id: its class now): {stale}; update EXPECTED")


@pytest.mark.parametrize("case", VALIDATION_CASES, ids=lambda c: c.id)
def test_registry_case_verdict_is_the_recorded_one(case):
    assert case.id in EXPECTED, (
        f"record the verdict of new case {case.id!r} ({case.klass}) in EXPECTED of {__file__} "
        f"(run `cposim validate --json`; a 'fail' also needs its reason in WHY_FAIL)")
    result = case.evaluate()
    assert math.isfinite(result.value), f"{case.id}: cposim value {result.value!r} is not finite"
    expected = EXPECTED[case.id]
    bounds = f"[{case.lo if case.lo is not None else '-inf'}, {case.hi if case.hi is not None else '+inf'}]"
    if expected == "fail":
        assert result.verdict() == "fail", (
            f"{case.id} now PASSES ({result.value_text()} inside {bounds}, published {case.published_text}): "
            f"it was recorded as a known miss ({WHY_FAIL[case.id]}); record 'pass' and drop the reason")
    else:
        assert result.verdict() == "pass", (
            f"{case.id} now FAILS: {result.value_text()} outside {bounds} ({case.tolerance_text}: "
            f"{case.tolerance_why}; published {case.published_text})")
