"""The registry: every published figure the README's validation tables compare cposim with.

Each value is computed live by the model's own functions; ``tests/validation/test_registry_cases.py``
runs every calibration and prediction and pins its verdict, and the identities are unit tests.
Imports are deferred (inside the functions): this package sits above presets, package,
fabric and engine, and nothing in the model imports it.
"""

from __future__ import annotations

import functools

from cposim.validate.case import Calibrated, Case

V, A, E = "validation", "architecture-validation", "engine-validation"

#: ``9 W`` quoted to the watt: +-0.5 W, so the ratio 30 W / 9 W lies in [29.5/9.5, 30.5/8.5].
RATIO_LO, RATIO_HI = 29.5 / 9.5, 30.5 / 8.5
#: SYS-NV-11 (5.6 pJ/bit) is 9 W / 1.6 Tb/s: the 9 W's +-0.5 W gives 8.5..9.5 W / 1.6 Tb/s.
NV_PJ_LO, NV_PJ_HI = 8.5 / 1.6, 9.5 / 1.6

NINE_W = "'9 W' is quoted to the watt: +-0.5 W"
THIRTY_W = "'30 W' is quoted to the watt: +-0.5 W"
FLOAT = "float rounding only (1e-9 relative)"


# ---- shared computations (each once per process) ----------------------------------------------


@functools.lru_cache(maxsize=None)
def _preset_energy(name: str):
    from cposim.link.engine import evaluate
    from cposim.presets import PRESETS

    return evaluate(PRESETS[name].build()).energy


@functools.lru_cache(maxsize=None)
def _port(name: str, port_rate_bps: float = 1.6e12, lane_rate_bps: float = 200e9):
    from cposim.package.architectures import evaluate_port

    return evaluate_port(name, port_rate_bps=port_rate_bps, lane_rate_bps=lane_rate_bps)


@functools.lru_cache(maxsize=None)
def _engine_report(name: str) -> dict:
    from cposim.engine.rollup import design_engine
    from cposim.engine.spec import engine_preset

    return design_engine(engine_preset(name)).report


def _ring_spec(**kw):
    from cposim.engine.spec import EngineSpec

    spec = EngineSpec(wavelengths_per_fiber=8, channel_spacing_hz=200e9, ring_radius_m=5e-6,
                      centre_wavelength_m=1310e-9)
    return spec.replace(**kw) if kw else spec


def _heater_per_fsr_mw(**kw) -> float:
    from cposim.engine.ring_design import design_rings
    from cposim.engine.rollup import tune_rings

    spec = _ring_spec(**kw)
    return float(tune_rings(spec, design_rings(spec)).heater_power_per_fsr_w) * 1e3


@functools.lru_cache(maxsize=None)
def _fabric_400k() -> dict:
    from cposim.fabric.cluster import cluster
    from cposim.fabric.options import OPTIONS
    from cposim.fabric.topology import FabricSpec

    dsp = OPTIONS["dsp"].with_powers(module_power_w=30.0, source="SYS-NV-08")
    cpo = OPTIONS["cpo"].with_powers(engine_port_power_w=9.0, source="SYS-NV-09")
    r = cluster(FabricSpec(gpus=400_000, radix=128, port_rate_bps=1.6e12), options=(dsp, cpo))
    d, c = r.options["dsp"].summary(), r.options["cpo"].summary()
    return {"tiers": int(r.sizing.tiers), "modules_per_gpu": float(d["modules_per_gpu"]),
            "dsp_mw": float(d["power_mw"]), "cpo_mw": float(c["power_mw"])}


#: NVIDIA DGX B200 SuperPOD compute fabric (CPS-FAB-01): SUs -> (leaf, spine, core, cables per tier);
#: tests/unit/fabric/test_identities_fabric.py checks the fabric model against this table.
SUPERPOD_B200 = {
    2: (16, 8, 0, 512),
    4: (32, 16, 0, 1024),
    8: (64, 32, 0, 2048),
    16: (128, 128, 64, 4096),
    32: (256, 256, 128, 8192),
    64: (512, 512, 256, 16384),
}


def _superpod_mismatches() -> float:
    """How many of the RA's numbers (tiers, switches per tier, cables per tier boundary) the model misses."""
    from cposim.fabric.topology import FabricSpec, size_fabric

    missed = 0
    for sus, (leaf, spine, core, cables) in SUPERPOD_B200.items():
        s = size_fabric(FabricSpec(gpus=sus * 32 * 8, radix=64, port_rate_bps=400e9, gpus_per_node=8))
        tiers = 2 if core == 0 else 3
        want = {"leaf": leaf, "spine": spine} if tiers == 2 else {"leaf": leaf, "spine": spine, "core": core}
        got = s.switches_by_tier()
        missed += int(int(s.tiers) != tiers)
        missed += sum(int(got.get(k) != v) for k, v in want.items()) + sum(1 for k in got if k not in want)
        links = list(s.links_by_boundary().values())
        missed += sum(int(x != cables) for x in links) + abs(len(links) - tiers)
    return float(missed)


def _superpod_counts() -> int:
    return sum(1 + (2 if core == 0 else 3) * 2 for (_, _, core, _) in SUPERPOD_B200.values())


@functools.lru_cache(maxsize=None)
def _fat_tree_48():
    from cposim.fabric.topology import fat_tree

    return fat_tree(48)


# ---- individual computations -------------------------------------------------------------------


def _dr4_spec_margin() -> float:
    from cposim.link.pmd_spec import spec_budget

    return float(spec_budget("400GBASE-DR4").margin_db)


def _quantum_limit_aj() -> float:
    from cposim.link import quantum_limit as ql

    return float(ql.quantum_limit_energy_per_bit_j(ql.quantum_limit_ber(10.0), 1310e-9)) * 1e18


def _kp4_flr() -> float:
    from cposim.devices.fec import frame_loss_ratio_400g

    return float(frame_loss_ratio_400g(2.4e-4, frame_octets=64))


def _kp4_note() -> str:
    from cposim.devices.fec import ReedSolomonFec

    th = float(ReedSolomonFec().pre_fec_threshold(target_flr=1.7e-12))
    m, ex = f"{th:.3e}".split("e")
    return f"1.7e-12 at {m}e{int(ex)}"


def _ring_fsr_nm() -> float:
    from cposim.engine.ring_design import design_rings

    return float(design_rings(_ring_spec()).fsr_m) * 1e9


def _swing_mw() -> float:
    return float(_engine_report("nv-1.6t")["thermal"]["temperature_power_per_ring_mw"])


def _preset_ratio() -> float:
    return float(_preset_energy("1.6t-dr8").module_power_w) / float(_preset_energy("cpo-mrm-wdm-200g").port_power_w)


def _cpo_mrm_floor_note() -> str:
    from cposim.devices.serdes import Serdes

    r = _port("cpo-mrm")
    floor = float(r.module_power_w) + 8 * float(Serdes(reach_class="usr", lane_rate_bps=212.5e9).power_w)
    return f"{r.host_serdes_class.upper()} host; engine + USR host {floor:.1f} W"


def _host_channel_db(kind: str) -> float:
    from cposim.devices.serdes import LANE_RATE_200G_BPS
    from cposim.electrical.topologies import host_channel_loss_db

    return float(host_channel_loss_db(kind, lane_rate_bps=LANE_RATE_200G_BPS))


def _copper_reach_m(rate: float) -> float:
    from cposim.electrical.reach import copper_cable_reach_m

    return float(copper_cable_reach_m(lane_rate_bps=rate, tolerance_m=0.02))


def _edge_density() -> float:
    from cposim.package.shoreline import plan_shoreline

    return float(plan_shoreline(capacity_bps=51.2e12, engine_capacity_bps=3.2e12,
                                lane_rate_bps=100e9).engine_density_gbps_per_mm)


def _xsr_pj() -> float:
    x = _port("cpo-mrm", 800e9, 100e9)
    if x.host_serdes_class != "xsr":  # the case is about the XSR class: any other class fails it
        return float("nan")
    return float(x.breakdown_w["host_serdes"]) / (8 * 106.25e9) * 1e12


def _th5_pj() -> float:
    from cposim.package.switch import SwitchAsic

    asic = SwitchAsic(capacity_bps=51.2e12)
    return (float(asic.core_power_w) + float(asic.anchor_serdes_power_w)) / 51.2e12 * 1e12


def _ucie_pj(cls: str) -> float:
    from cposim.devices.serdes import Serdes

    return float(Serdes(reach_class=cls, lane_rate_bps=212.5e9, ucie_pin_rate_bps=32e9).energy_pj_per_bit)


def _engine_pj(name: str) -> float:
    return float(_engine_report(name)["energy_pj_per_bit"])


@functools.lru_cache(maxsize=None)
def _preset_result(name: str):
    from cposim.link.engine import evaluate
    from cposim.presets import PRESETS

    return evaluate(PRESETS[name].build())


def _lane_view(name: str, attr: str) -> float:
    """One per-lane view of a lane preset's link result (``launch_oma_dbm``, ``extinction_ratio_db``,
    ``sensitivity_oma_dbm``), as a float."""
    return float(getattr(_preset_result(name), attr))


def _port_cut_pct(pluggable: str, cpo: str, port_rate_bps: float, lane_rate_bps: float) -> float:
    """Per-port power saved by ``cpo`` against ``pluggable`` (both incl. their host SerDes), %."""
    p = float(_port(pluggable, port_rate_bps, lane_rate_bps).power_w_per_port)
    c = float(_port(cpo, port_rate_bps, lane_rate_bps).power_w_per_port)
    return (1.0 - c / p) * 100.0


@functools.lru_cache(maxsize=None)
def _switch_total_w(architecture: str, capacity_bps: float, lane_rate_bps: float, port_rate_bps: float) -> float:
    from cposim.package.switch import switch_model

    return float(switch_model(capacity_bps, architecture, lane_rate_bps=lane_rate_bps,
                              port_rate_bps=port_rate_bps).total_power_w)


def _switch_cut_pct(capacity_bps: float, lane_rate_bps: float, port_rate_bps: float) -> float:
    """Switch power (ASIC core + host SerDes + optics) saved by a CPO DR switch against the same
    switch with DSP DR pluggables, %."""
    d = _switch_total_w("dsp-dr", capacity_bps, lane_rate_bps, port_rate_bps)
    c = _switch_total_w("cpo-dr", capacity_bps, lane_rate_bps, port_rate_bps)
    return (1.0 - c / d) * 100.0


def _switch_cut_note() -> str:
    d = _switch_total_w("dsp-dr", 25.6e12, 100e9, 400e9)
    c = _switch_total_w("cpo-dr", 25.6e12, 100e9, 400e9)
    return f"{c:.0f} W vs {d:.0f} W"


def _acc_reach_m() -> float:
    from cposim.devices.serdes import LANE_RATE_100G_BPS
    from cposim.electrical.reach import copper_cable_reach_m

    return float(copper_cable_reach_m(lane_rate_bps=LANE_RATE_100G_BPS, cable="acc", tolerance_m=0.02))


def _acc_end_w(port_rate_bps: float) -> float:
    """Power of one end of an ACC (its linear redrivers) on a port of ``port_rate_bps`` at 100G/lane, W."""
    return float(_port("acc", port_rate_bps, 100e9).module_power_w)


# ---- the registry --------------------------------------------------------------------------------

CASES: tuple[Case, ...] = (
    # ---- README "Validation against published figures" ----
    Case("dr4-spec-budget", "400GBASE-DR4 spec budget: (OMA-TDECQ)min - channel loss vs stressed sensitivity",
         ("STD-12", "STD-15", "STD-14", "STD-08"),
         "-2.2 dBm - 3.0 dB vs -1.9 dBm with SECQ 3.4 dB: 0.1 dB", 0.1, "dB", "identity",
         "cposim.link.pmd_spec.spec_budget adds and subtracts the four quoted spec figures, which are its inputs.",
         _dr4_spec_margin, 0.1 - 1e-9, 0.1 + 1e-9, "1e-9 dB",
         "arithmetic of quoted figures: only float rounding is allowed", (V,), fmt=".1f"),
    Case("quantum-limit", "Quantum-limit energy per bit, 10 photons/bit at 1310 nm", ("LIM-04", "LIM-03"),
         "10 x 1.52e-19 J = 1.52 aJ", 1.52, "aJ", "identity",
         "The Poisson shot-noise closed form gives 10 photons at BER 1e-9 (LIM-03) and 10 x hc/lambda, which is "
         "how LIM-04 is derived.", _quantum_limit_aj, 1.515, 1.525, "+-0.005 aJ",
         "'1.52' is quoted to 0.01 aJ", (V,)),
    Case("kp4-flr", "KP4 RS(544,514) at pre-FEC BER 2.4e-4: frame loss ratio (64-octet frames)", ("STD-01",),
         "< 1.7e-12", None, "", "prediction",
         "cposim.devices.fec.frame_loss_ratio_400g counts uncorrectable codewords (t = 15 ten-bit symbols) under "
         "independent bit errors and maps them to 64-octet frames; no parameter is set from the 1.7e-12.",
         _kp4_flr, None, 1.75e-12, "<= 1.75e-12 (one-sided)",
         "a one-sided bound '< 1.7e-12', its last digit +-0.05e-12", (V,), fmt=".2e", note=_kp4_note),
    Case("ring-fsr", "Micro-ring FSR, R = 5 um, n_g 4.2, 1310 nm", ("DEV-10",), "13 nm", 13.0, "nm", "identity",
         "design_rings evaluates lambda^2 / (n_g 2 pi R), the formula DEV-10 is derived with, on the same inputs.",
         _ring_fsr_nm, 12.5, 13.5, "+-0.5 nm", "'13 nm' is quoted to the nm", (V,), fmt=".1f"),
    Case("ring-heater-swing", "Heater power for a 40 K swing: 83 pm/K x 40 K at 0.1 nm/mW, per ring",
         ("DEV-09", "DEV-04"), "83 pm/K x 40 K / 0.1 nm/mW = 33.2 mW", 33.2, "mW", "identity",
         "The engine designer multiplies the drift (DEV-09), the spec's 40 K swing and the heater efficiency "
         "(DEV-04), all inputs.", _swing_mw, 33.15, 33.25, "+-0.05 mW",
         "'33.2 mW' is the product of the quoted inputs, written to 0.1 mW", (V, E), fmt=".1f"),
    Case("preset-1p6t-dsp-module", "1.6T DSP pluggable module (`1.6t-dr8`), bottom-up", ("PWR-07",), "25-30 W",
         None, "W", "prediction",
         "The link engine's energy accounting sums the preset's device parameters (DSP CPS-DSP-01, drivers, laser, "
         "TIA); none of them was set from PWR-07.",
         lambda: float(_preset_energy("1.6t-dr8").module_power_w), 25.0, 30.0, "25-30 W",
         "a range is its own bounds", (V,), fmt=".1f"),
    Case("preset-1p6t-cpo-port", "1.6T CPO port (`cpo-mrm-wdm-200g`, 8 x 200G micro-ring lanes) incl. laser share",
         ("SYS-NV-09",), "9 W", 9.0, "W", "prediction",
         "The link engine's energy accounting sums the CPO lane's device parameters and its host SerDes; none was "
         "set from SYS-NV-09.", lambda: float(_preset_energy("cpo-mrm-wdm-200g").port_power_w), 8.5, 9.5,
         "+-0.5 W", NINE_W, (V,), fmt=".1f"),
    Case("preset-800g-lpo-module", "800G LPO module (`800g-lpo`), bottom-up", ("PWR-08",), "8-9 W", None, "W",
         "calibration",
         "The link engine sums the preset's device parameters; the linear driver's static power (CPS-PRE-04) was "
         "chosen consistent with PWR-08's 8-9 W LPO modules.",
         lambda: float(_preset_energy("800g-lpo").module_power_w), 8.0, 9.0, "8-9 W",
         "a range is its own bounds", (V,),
         calibrated=(Calibrated("800g-lpo driver.static_power_w", "CPS-PRE-04", "PWR-08"),), fmt=".1f"),
    Case("preset-400g-dr4-module", "400G DR4 module (`400g-dr4`), bottom-up", ("PWR-04",), "9 W", 9.0, "W",
         "calibration",
         "The link engine sums the preset's device parameters; the 400G DSP power (CPS-PRE-02, 5.0 W) was solved by "
         "scripts/calibrate.py so that the module meets PWR-04's 9 W ('400G DR4 modules at 8-9 W').",
         lambda: float(_preset_energy("400g-dr4").module_power_w), 8.5, 9.5, "+-0.5 W", NINE_W, (V,),
         calibrated=(Calibrated("400g-dr4 dsp.energy_j_per_bit", "CPS-PRE-02", "PWR-04"),), fmt=".1f"),
    Case("preset-1p6t-ratio", "Pluggable module / CPO port power at 1.6T (lane presets)", ("SYS-NV-08", "SYS-NV-09"),
         "30 W / 9 W = 3.33", 30.0 / 9.0, "", "prediction",
         "Ratio of the two bottom-up preset numbers above (`1.6t-dr8` module, `cpo-mrm-wdm-200g` port); neither "
         "was set from SYS-NV-08/09.", _preset_ratio, RATIO_LO, RATIO_HI, f"{RATIO_LO:.2f}-{RATIO_HI:.2f}",
         "30 W and 9 W each +-0.5 W: 29.5/9.5 to 30.5/8.5", (V,)),
    Case("ieee-dr4-launch-oma", "400GBASE-DR4 transmitter (`400g-dr4`): launch OMAouter per lane vs the 802.3bs range",
         ("STD-10",), "-0.8 to 4.2 dBm", None, "dBm", "prediction",
         "The link engine's launch OMA (outer levels, into the fiber) of the preset: the DFB's 100 mW (LAS-10/11) "
         "split 1:4 with its excess loss, the silicon MZM's loss and 1 V quadrature drive (CPS-MOD-10..17), the Tx "
         "waveguide and coupler; no laser, split, modulator or coupler parameter was set from the standard's OMA "
         "range (STD-10 is cited nowhere in the model).",
         lambda: _lane_view("400g-dr4", "launch_oma_dbm"), -0.8, 4.2, "-0.8 to 4.2 dBm",
         "a range is its own bounds", (V,), fmt=".2f"),
    Case("ieee-dr4-extinction-ratio",
         "400GBASE-DR4 transmitter (`400g-dr4`): outer extinction ratio vs the 802.3bs minimum",
         ("STD-09",), ">= 3.5 dB", None, "dB", "prediction",
         "Ratio of the preset's outer launch levels: the MZM transfer function at quadrature (CPS-MOD-17) driven "
         "with 1 V (CPS-MOD-14) on a 3 mm phase shifter of VpiL 2 V cm (CPS-MOD-10, DEV-21), 30 dB static ER "
         "(CPS-MOD-13); no modulator parameter was set from STD-09, which the model does not cite.",
         lambda: _lane_view("400g-dr4", "extinction_ratio_db"), 3.45, None, ">= 3.45 dB (one-sided)",
         "a one-sided minimum '3.5 dB', its last digit +-0.05 dB", (V,), fmt=".2f"),
    Case("ieee-dr4-rx-sensitivity", "400GBASE-DR4 receiver (`400g-dr4`): OMA needed at the KP4 threshold vs the "
         "802.3bs receiver sensitivity", ("STD-13", "STD-01"), "<= max(-4.4, SECQ - 5.8) dBm = -4.4 dBm", None, "dBm",
         "prediction",
         "The link engine's received OMA minus its margin at the KP4 pre-FEC BER 2.4e-4 (STD-01): Ge PD, DEV-40 "
         "TIA noise (CPS-TIA-02), the lane's own waveform penalty (0.6 dB, below the 1.4 dB SECQ where the max() "
         "switches to the -4.4 floor); no receiver parameter was set from STD-13, which only pmd_spec cites as a "
         "spec field.", lambda: _lane_view("400g-dr4", "sensitivity_oma_dbm"), None, -4.35,
         "<= -4.35 dBm (one-sided)", "a one-sided maximum '-4.4 dBm', its last digit +-0.05 dB", (V,), fmt=".2f"),

    # ---- README architecture validation ----
    Case("arch-1p6t-dsp-port", "1.6T port, DSP pluggable (`dsp-dr`), incl. the host SerDes", ("SYS-NV-08",), "30 W",
         30.0, "W", "prediction",
         "evaluate_port('dsp-dr') adds the module's devices and the host SerDes class its ~22 dB channel needs; "
         "nothing is set from SYS-NV-08.", lambda: float(_port("dsp-dr").power_w_per_port), 29.5, 30.5,
         "+-0.5 W", THIRTY_W, (A,), fmt=".1f"),
    Case("arch-1p6t-cpo-port", "1.6T port, linear CPO micro-ring (`cpo-mrm`), host SerDes for the whole linear channel",
         ("SYS-NV-09",), "9 W", 9.0, "W", "prediction",
         "evaluate_port('cpo-mrm') adds the engine's devices and the host SerDes class the unretimed channel "
         "(both hosts plus the optical link, CPS-LIN-01) needs; nothing is set from SYS-NV-09.",
         lambda: float(_port("cpo-mrm").power_w_per_port), 8.5, 9.5, "+-0.5 W", NINE_W, (A,), fmt=".1f",
         note=_cpo_mrm_floor_note),
    Case("arch-1p6t-ratio", "1.6T port ratio, DSP pluggable / linear CPO (architectures)", ("SYS-NV-08", "SYS-NV-09"),
         "30 W / 9 W = 3.33", 30.0 / 9.0, "", "prediction",
         "Ratio of the two architecture ports above; neither was set from SYS-NV-08/09.",
         lambda: float(_port("dsp-dr").power_w_per_port) / float(_port("cpo-mrm").power_w_per_port),
         RATIO_LO, RATIO_HI, f"{RATIO_LO:.2f}-{RATIO_HI:.2f}", "30 W and 9 W each +-0.5 W: 29.5/9.5 to 30.5/8.5",
         (A,)),
    Case("host-channel-front-panel", "Host channel to a front-panel pluggable, 200G/lane, at Nyquist", ("SYS-NV-06",),
         "22 dB", 22.0, "dB", "prediction",
         "host_channel_loss_db cascades package (CPS-ELE-24), 280 mm C2M host PCB (CPS-ELE-25), connector and "
         "paddle card; no length was set from SYS-NV-06.",
         lambda: _host_channel_db("front_panel_pluggable"), 21.5, 22.5, "+-0.5 dB", "'22 dB' is quoted to the dB",
         (A,), fmt=".1f"),
    Case("host-channel-co-packaged", "Host channel to a co-packaged engine, 200G/lane, at Nyquist", ("SYS-NV-07",),
         "4 dB", 4.0, "dB", "prediction",
         "host_channel_loss_db cascades the die networks and a 20 mm substrate trace (CPS-ELE-27, from the "
         "project's worked CPO contrast); the length was not set from SYS-NV-07.",
         lambda: _host_channel_db("co_packaged"), 3.5, 4.5, "+-0.5 dB", "'4 dB' is quoted to the dB", (A,),
         fmt=".1f"),
    Case("copper-reach-100g", "Passive copper (26 AWG) reach at 100G/lane", ("RCH-01",), "2 m", 2.0, "m",
         "prediction",
         "COM-lite solves the longest passing cable on the copper host route; the route was set at 200G/lane "
         "(RCH-04), and the 100G reach follows from rate scaling, not from RCH-01.",
         lambda: _copper_reach_m(_rate(100)), 1.5, 2.5, "+-0.5 m", "'2 m' is quoted to the metre",
         (A,)),
    Case("copper-reach-200g", "Passive copper (26 AWG) reach at 200G/lane", ("RCH-04",), "1 m", 1.0, "m",
         "calibration",
         "COM-lite solves the longest passing cable on the copper host route, whose 180 mm PCB length (CPS-ELE-28) "
         "was chosen once so that this reach lands near RCH-04.",
         lambda: _copper_reach_m(_rate(200)), 0.5, 1.5, "+-0.5 m", "'~1 m' is quoted to the metre", (A,),
         calibrated=(Calibrated("electrical.topologies.COPPER_PORT_PCB_M", "CPS-ELE-28", "RCH-04"),)),
    Case("acc-reach-100g", "Active copper cable (ACC, linear redriver, 26 AWG) reach at 100G/lane", ("RCH-02",),
         "4-5 m", None, "m", "prediction",
         "COM-lite solves the longest passing ACC on the copper host route with the redriver's CTLE (up to 15 dB "
         "peaking, CPS-ELE-29, an unsourced planning value); the route was set at 200G/lane against RCH-04, and no "
         "redriver or cable parameter was set from RCH-02.", _acc_reach_m, 4.0, 5.0, "4-5 m",
         "a range is its own bounds", (A,)),
    Case("acc-end-power-800g", "ACC cable-end power, 800G twin-port OSFP end (8 x 100G-PAM4)", ("VAL-01",), "1.5 W",
         1.5, "W", "prediction",
         "evaluate_port('acc') at 800G, 100G/lane: one end's linear redrivers, 1.5 pJ/bit (CPS-ARC-10, estimated "
         "as about half the PWR-13 retimer) on 8 x 106.25 Gb/s; nothing was set from NVIDIA's 1.5 W.",
         lambda: _acc_end_w(800e9), 1.45, 1.55, "+-0.05 W", "'1.5 W' is quoted to 0.1 W", (A,), fmt=".2f"),
    Case("acc-end-power-400g", "ACC cable-end power, 400G split end (4 x 100G-PAM4)", ("VAL-02",), "0.6 W", 0.6,
         "W", "prediction",
         "evaluate_port('acc') at 400G, 100G/lane: one end's linear redrivers, 1.5 pJ/bit (CPS-ARC-10) on "
         "4 x 106.25 Gb/s; nothing was set from NVIDIA's split-end figure.", lambda: _acc_end_w(400e9), 0.55, 0.65,
         "+-0.05 W",
         "'0.6W' is quoted to 0.1 W", (A,), fmt=".3f"),
    Case("davisson-interconnect-cut", "1.6T port, CPO DR engine (`cpo-dr`) vs DSP pluggable (`dsp-dr`), 200G/lane: "
         "interconnect power saved", ("SYS-BC-09",), "70 % less (Broadcom TH6-Davisson)", 70.0, "%", "prediction",
         "1 - evaluate_port('cpo-dr') / evaluate_port('dsp-dr') at 1.6T, 200G/lane, each port incl. its host SerDes "
         "(the engine's MZM lanes, external laser share and XSR host vs the module's DSP, lasers and VSR host); no "
         "parameter was set from SYS-BC-09 (cited nowhere in the model).",
         lambda: _port_cut_pct("dsp-dr", "cpo-dr", 1.6e12, 200e9), 69.5, 70.5, "+-0.5 % points",
         "'70%' is quoted to the percent; the same release's '>3.5x lower power per bit' (> 71.4 %) disagrees "
         "with it and is not used", (A,), fmt=".1f"),
    Case("humboldt-switch-cut", "25.6T switch, CPO DR engines vs DSP DR pluggables (100G/lane, 400G ports): switch "
         "power saved", ("SYS-BC-02", "SYS-BC-01"), "30 % less (Broadcom Humboldt, 2021)", 30.0, "%", "prediction",
         "1 - switch_model(25.6T, 'cpo-dr') / switch_model(25.6T, 'dsp-dr') total power (ASIC core extrapolated "
         "from TH5, host SerDes, engines or modules incl. lasers; no fans, power supplies or CPU) with every port "
         "on 3.2T engines (Humboldt put half its capacity on them, SYS-BC-01) and TH4's 50G SerDes modelled as "
         "100G lanes; no parameter was set from SYS-BC-02 (cited nowhere in the model).",
         lambda: _switch_cut_pct(25.6e12, 100e9, 400e9), 29.5, 30.5, "+-0.5 % points",
         "'30%' is quoted to the percent", (A,), fmt=".1f", note=_switch_cut_note),
    Case("oif-edge-density", "OIF 3.2T module edge density (engine pitch incl. keep-out gap)", ("STD-18", "STD-17"),
         "~140 Gb/s/mm", 140.0, "Gb/s/mm", "prediction",
         "plan_shoreline divides 3.2 Tb/s by the engine pitch: 32 lanes x 0.625 mm (PWR-17's ~20 mm module edge, "
         "CPS-PKG-05) plus a 2 mm gap (CPS-PKG-04); neither was set from STD-18.", _edge_density, 135.0, 145.0,
         "+-5 Gb/s/mm", "'~140' is quoted to two significant figures", (A,), fmt=".1f"),
    Case("xsr-serdes-energy", "XSR SerDes energy, linear CPO host at 100G/lane (`cpo-mrm`, 800G)", ("SER-10",),
         "<= 1.1 pJ/bit", 1.1, "pJ/bit", "identity",
         "The XSR class's energy is SER-10's 1.1 pJ/bit, an input (cposim.devices.serdes); the case reads it back "
         "through the port's host SerDes power (and fails if the class is not XSR).",
         _xsr_pj, None, 1.1 * (1 + 1e-9), "<= 1.1 pJ/bit (one-sided)",
         "a one-sided bound; the input read back, so only float rounding is allowed", (A,)),
    Case("th5-energy", "TH5 chip energy per bit: core + 512 LR SerDes over 51.2 Tb/s", ("PWR-19", "PWR-18"),
         "9.8 pJ/bit", 9.8, "pJ/bit", "identity",
         "The ASIC core power is defined as 500 W (PWR-18) minus the SerDes (CPS-PKG-01), so core plus SerDes over "
         "51.2 Tb/s gives 500 W / 51.2 Tb/s back.", _th5_pj, 9.75, 9.85, "+-0.05 pJ/bit",
         "'9.8' is quoted to 0.1 pJ/bit", (A,)),
    Case("ucie-2d", "UCIe 2D die-to-die energy (32 GT/s pins)", ("SER-15",), "0.5-0.6 pJ/bit", None, "pJ/bit",
         "identity", "The UCIe class energies are the published ranges, inputs of cposim.devices.serdes; read back.",
         lambda: _ucie_pj("ucie_2d"), 0.5, 0.6, "0.5-0.6 pJ/bit", "a range is its own bounds", (A,), fmt=".3f"),
    Case("ucie-2p5d", "UCIe 2.5D die-to-die energy (32 GT/s pins)", ("SER-16",), "0.25-0.3 pJ/bit", None, "pJ/bit",
         "identity", "The UCIe class energies are the published ranges, inputs of cposim.devices.serdes; read back.",
         lambda: _ucie_pj("ucie_2.5d"), 0.25, 0.3, "0.25-0.3 pJ/bit", "a range is its own bounds", (A,), fmt=".3f"),
    Case("ucie-3d", "UCIe 3D die-to-die energy (32 GT/s pins)", ("SER-17",), "0.01-0.05 pJ/bit", None, "pJ/bit",
         "identity", "The UCIe class energies are the published ranges, inputs of cposim.devices.serdes; read back.",
         lambda: _ucie_pj("ucie_3d"), 0.01, 0.05, "0.01-0.05 pJ/bit", "a range is its own bounds", (A,), fmt=".3f"),
    Case("superpod-b200", "DGX B200 SuperPOD compute fabric, 2-64 SUs: tiers, switches per tier, cables per tier",
         ("CPS-FAB-01",), f"{_superpod_counts()} counts (RA table)", 0.0, "counts missed", "identity",
         "size_fabric's non-blocking folded-Clos closed forms (CPS-FAB-05) with 64-port switches and 8 NICs per node: "
         "the RA's counts are those of that Clos by definition.", _superpod_mismatches, 0.0, 0.0, "exact",
         "integer counts: exact", (A,), fmt=".0f"),
    Case("fat-tree-k48-hosts", "k = 48 fat tree: hosts", ("CPS-FAB-04",), "27,648 hosts (k^3/4)", 27_648.0, "hosts",
         "identity", "fat_tree(48) builds the three-tier fat tree whose host count is k^3/4 by definition.",
         lambda: float(_fat_tree_48().gpus), 27_648.0, 27_648.0, "exact", "integer counts: exact", (A,), fmt=",.0f"),
    Case("fat-tree-k48-switches", "k = 48 fat tree: switches", ("CPS-FAB-04",), "2,880 switches (5k^2/4)", 2_880.0,
         "switches", "identity", "fat_tree(48) builds the three-tier fat tree whose switch count is 5k^2/4 by "
         "definition.", lambda: float(_fat_tree_48().total_switches), 2_880.0, 2_880.0, "exact",
         "integer counts: exact", (A,), fmt=",.0f"),
    Case("fabric-400k-modules-per-gpu", "400k GPUs, radix 128, 3 tiers, one module per link end: modules per GPU",
         ("CLU-01",), "~6 per GPU", 6.0, "per GPU", "identity",
         "Three tiers of a non-blocking Clos have one link per GPU at each of three boundaries, two module ends "
         "each: 6 by definition.", lambda: _fabric_400k()["modules_per_gpu"], 6.0, 6.0, "exact",
         "an integer count of the topology: exact", (A,), fmt="g"),
    Case("fabric-400k-pluggable-mw", "400k GPUs, 3 tiers: pluggable (DSP) module power", ("SYS-NV-08", "CLU-01", "CLU-02"),
         "400,000 x 6 x 30 W = 72 MW (CLU-02: 180 W per GPU)", 72.0, "MW", "identity",
         "The 30 W per module is injected (with_powers, SYS-NV-08) and multiplied by the module count.",
         lambda: _fabric_400k()["dsp_mw"], 72.0 * (1 - 1e-9), 72.0 * (1 + 1e-9), "1e-9 relative", FLOAT, (A,),
         fmt=".1f"),
    Case("fabric-400k-cpo-mw", "400k GPUs, 3 tiers: co-packaged port power", ("SYS-NV-09", "CLU-01"),
         "400,000 x 6 x 9 W = 21.6 MW", 21.6, "MW", "identity",
         "The 9 W per CPO port is injected (with_powers, SYS-NV-09) and multiplied by the port count.",
         lambda: _fabric_400k()["cpo_mw"], 21.6 * (1 - 1e-9), 21.6 * (1 + 1e-9), "1e-9 relative", FLOAT, (A,),
         fmt=".1f"),

    # ---- README engine designer validation ----
    Case("heater-per-fsr-0p1", "Heater power per FSR, R = 5 um, 0.1 nm/mW", ("DEV-11", "DEV-04", "DEV-10"),
         "130 mW", 130.0, "mW", "identity",
         "tune_rings divides the ring's FSR (DEV-10's closed form) by the heater efficiency (DEV-04), which is "
         "how DEV-11 is derived.", lambda: _heater_per_fsr_mw(), 129.5, 130.5, "+-0.5 mW",
         "'130 mW' is quoted to the mW", (E,), fmt=".1f"),
    Case("heater-per-fsr-0p3", "Heater power per FSR, R = 5 um, 0.3 nm/mW", ("DEV-11", "DEV-10"), "43 mW", 43.0, "mW",
         "identity", "tune_rings divides the ring's FSR (DEV-10's closed form) by 0.3 nm/mW, which is how DEV-11's "
         "low end is derived.", lambda: _heater_per_fsr_mw(heater_efficiency_m_per_w=3e-7), 42.5, 43.5,
         "+-0.5 mW", "'43 mW' is quoted to the mW", (E,), fmt=".1f"),
    Case("engine-nv-1p6t-energy", "NVIDIA-shaped 8 x 200G (1.6T) engine (`cposim engine nv-1.6t`), incl. laser",
         ("SYS-NV-11", "SYS-NV-09", "SYS-NV-13"), "5.6 pJ/bit (9 W / 1.6 Tb/s)", 5.625, "pJ/bit", "prediction",
         "design_engine rolls up the engine's devices, ring tuning and laser class for SYS-NV-13's lane shape; no "
         "power parameter was set from SYS-NV-09/11.", lambda: _engine_pj("nv-1.6t"), NV_PJ_LO, NV_PJ_HI,
         f"{NV_PJ_LO:.2f}-{NV_PJ_HI:.2f} pJ/bit", "derived from '9 W', +-0.5 W: 8.5-9.5 W over 1.6 Tb/s", (E,),
         fmt=".1f"),
    Case("engine-nv-3p2t-energy", "NVIDIA-shaped 16 x 200G (3.2T) engine (`cposim engine nv-3.2t`), incl. laser",
         ("SYS-NV-11", "SYS-NV-09", "SYS-NV-14"), "5.6 pJ/bit (9 W / 1.6 Tb/s)", 5.625, "pJ/bit", "prediction",
         "design_engine rolls up the engine's devices, ring tuning and laser class for SYS-NV-14's lane shape; no "
         "power parameter was set from SYS-NV-09/11.", lambda: _engine_pj("nv-3.2t"), NV_PJ_LO, NV_PJ_HI,
         f"{NV_PJ_LO:.2f}-{NV_PJ_HI:.2f} pJ/bit", "derived from '9 W', +-0.5 W: 8.5-9.5 W over 1.6 Tb/s", (E,),
         fmt=".1f"),
)


def _rate(gbps: int) -> float:
    from cposim.devices.serdes import LANE_RATE_100G_BPS, LANE_RATE_200G_BPS

    return {100: LANE_RATE_100G_BPS, 200: LANE_RATE_200G_BPS}[gbps]
