"""IEEE 802.3 PMD spec-level link budgets (the standard's own arithmetic, not a device model).

An IEEE optical PMD closes its link on paper with four numbers per lane: the transmitter's
minimum *launch power in OMAouter minus TDECQ*, the channel's maximum insertion loss, and the
receiver's *stressed sensitivity* measured with a stressed eye of closure *SECQ*. The
standard's "illustrative link power budget" follows from them:

* reference sensitivity (an ideal, zero-penalty signal) ``S_ref = stressed_sens - SECQ``, dBm;
* power budget (for maximum TDECQ) ``= (OMA - TDECQ)_min + TDECQ_max - S_ref``, dB;
* allocation for penalties (for maximum TDECQ) ``= TDECQ_max``, dB;
* margin, the standard's "additional insertion loss allowed",
  ``= (OMA - TDECQ)_min - channel_IL_max - S_ref``, dB.

For 400GBASE-DR4: ``(-2.2) - 3.0 - (-1.9 - 3.4) = 0.1`` dB (STD-12, STD-15, STD-14, STD-08).
Every number comes from the reference table; :class:`PmdSpec` records the ids per field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np

from cposim.errors import ConfigError
from cposim.units import ArrayLike
from cposim.validation import check_number

__all__ = ["PMD_SPECS", "PmdSpec", "SpecBudget", "get_pmd_spec", "spec_budget"]


@dataclass(frozen=True, kw_only=True)
class PmdSpec:
    """Per-lane spec limits of one IEEE optical PMD (dB quantities in dB, powers in dBm).

    ``name``: PMD name (``"400GBASE-DR4"``); ``lanes``: optical lanes; ``modulation``:
    ``"PAM4"``; ``signaling_rate_baud``: symbol rate per lane, Bd; ``lane_rate_bps``: line
    rate per lane, bit/s (incl. FEC); ``reach_m``: m; ``oma_minus_tdecq_min_dbm``: launch OMAouter
    minus TDECQ, min, dBm; ``tdecq_max_db``: dB; ``channel_insertion_loss_max_db``: dB;
    ``stressed_sensitivity_oma_dbm``: stressed receiver sensitivity (OMAouter), max, dBm;
    ``secq_db``: SECQ of that test, dB; ``unstressed_sensitivity_oma_dbm``: informative
    receiver-sensitivity floor (OMAouter), dBm; ``sources``: field name -> source ids.
    """

    name: str
    lanes: int
    modulation: str
    signaling_rate_baud: float
    lane_rate_bps: float
    reach_m: float
    oma_minus_tdecq_min_dbm: float
    tdecq_max_db: float
    channel_insertion_loss_max_db: float
    stressed_sensitivity_oma_dbm: float
    secq_db: float
    unstressed_sensitivity_oma_dbm: float
    sources: Mapping[str, tuple[str, ...]] = field(hash=False)

    def source_ids(self) -> tuple[str, ...]:
        """Every source id behind this spec, first-seen order, each once."""
        seen: dict[str, None] = {}
        for ids in self.sources.values():
            for i in ids:
                seen.setdefault(i, None)
        return tuple(seen)


@dataclass(frozen=True)
class SpecBudget:
    """Spec-level link budget of a PMD (per lane; arrays if a channel loss array was given).

    ``power_budget_db``: power budget for max TDECQ, dB; ``channel_insertion_loss_db``: the
    loss the margin is taken against, dB; ``penalty_allocation_db``: TDECQ max, dB;
    ``reference_sensitivity_oma_dbm``: stressed sensitivity minus SECQ, dBm;
    ``received_oma_minus_tdecq_dbm``: worst-case (OMA - TDECQ) at the receiver, dBm;
    ``margin_db``: additional insertion loss allowed, dB (negative: the link does not close);
    ``sources``: ids used.
    """

    pmd: str
    power_budget_db: float
    channel_insertion_loss_db: float | np.ndarray
    penalty_allocation_db: float
    reference_sensitivity_oma_dbm: float
    received_oma_minus_tdecq_dbm: float | np.ndarray
    margin_db: float | np.ndarray
    sources: tuple[str, ...]


_DR_SOURCES = {
    "lanes": ("STD-27",),
    "modulation": ("CPS-LKC-03",),
    "signaling_rate_baud": ("CPS-LKC-03",),
    "lane_rate_bps": ("CPS-LKC-03",),
    "reach_m": ("RCH-09",),
    "oma_minus_tdecq_min_dbm": ("STD-12",),
    "tdecq_max_db": ("STD-08",),
    "channel_insertion_loss_max_db": ("STD-15",),
    "stressed_sensitivity_oma_dbm": ("STD-14",),
    "secq_db": ("STD-14",),
    "unstressed_sensitivity_oma_dbm": ("STD-13",),
}

_DR_VALUES = dict(
    modulation="PAM4",
    signaling_rate_baud=53.125e9,
    lane_rate_bps=106.25e9,
    reach_m=500.0,
    oma_minus_tdecq_min_dbm=-2.2,
    tdecq_max_db=3.4,
    channel_insertion_loss_max_db=3.0,
    stressed_sensitivity_oma_dbm=-1.9,
    secq_db=3.4,
    unstressed_sensitivity_oma_dbm=-4.4,
)

#: The PMDs cposim knows, by name.
PMD_SPECS: Mapping[str, PmdSpec] = MappingProxyType(
    {
        "400GBASE-DR4": PmdSpec(name="400GBASE-DR4", lanes=4, **_DR_VALUES, sources=MappingProxyType(dict(_DR_SOURCES))),
        "800GBASE-DR8": PmdSpec(
            name="800GBASE-DR8",
            lanes=8,
            **_DR_VALUES,
            sources=MappingProxyType(dict(_DR_SOURCES)),
        ),
        "400GBASE-FR4": PmdSpec(
            name="400GBASE-FR4",
            lanes=4,
            modulation="PAM4",
            signaling_rate_baud=53.125e9,
            lane_rate_bps=106.25e9,
            reach_m=2000.0,
            oma_minus_tdecq_min_dbm=-1.7,
            tdecq_max_db=3.4,
            channel_insertion_loss_max_db=4.0,
            stressed_sensitivity_oma_dbm=-2.6,
            secq_db=3.4,
            unstressed_sensitivity_oma_dbm=-4.6,
            sources=MappingProxyType(
                {
                    "lanes": ("STD-25",),
                    "modulation": ("CPS-LKC-03",),
                    "signaling_rate_baud": ("CPS-LKC-03",),
                    "lane_rate_bps": ("CPS-LKC-03",),
                    "reach_m": ("RCH-10",),
                    "oma_minus_tdecq_min_dbm": ("STD-16",),
                    "tdecq_max_db": ("STD-16",),
                    "channel_insertion_loss_max_db": ("CPS-LKC-01",),
                    "stressed_sensitivity_oma_dbm": ("CPS-LKC-02",),
                    "secq_db": ("CPS-LKC-02",),
                    "unstressed_sensitivity_oma_dbm": ("CPS-LKC-02",),
                }
            ),
        ),
    }
)


def get_pmd_spec(name: str) -> PmdSpec:
    """The :class:`PmdSpec` called ``name`` (case-insensitive); ConfigError lists valid names."""
    if isinstance(name, str):
        spec = PMD_SPECS.get(name.strip().upper())
        if spec is not None:
            return spec
    import difflib

    hint = ""
    if isinstance(name, str):
        close = difflib.get_close_matches(name.strip().upper(), list(PMD_SPECS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ConfigError("pmd", name, f"is not a known PMD; expected one of {', '.join(PMD_SPECS)}{hint}")


def spec_budget(pmd: PmdSpec | str, *, channel_insertion_loss_db: ArrayLike | None = None) -> SpecBudget:
    """Spec-level link budget of ``pmd`` (a :class:`PmdSpec` or its name).

    ``channel_insertion_loss_db``: optional actual channel loss, dB (>= 0, broadcasts) to take
    the margin against instead of the spec maximum (e.g. a short CPO link).
    """
    spec = pmd if isinstance(pmd, PmdSpec) else get_pmd_spec(pmd)
    if channel_insertion_loss_db is None:
        loss: float | np.ndarray = spec.channel_insertion_loss_max_db
    else:
        loss = check_number("spec_budget.channel_insertion_loss_db", channel_insertion_loss_db, unit="dB", lo=0.0, hi=100.0)
    s_ref = spec.stressed_sensitivity_oma_dbm - spec.secq_db
    received = spec.oma_minus_tdecq_min_dbm - np.asarray(loss)
    margin = received - s_ref
    as_out = (lambda x: float(x)) if np.ndim(loss) == 0 else (lambda x: x)
    return SpecBudget(
        pmd=spec.name,
        power_budget_db=spec.oma_minus_tdecq_min_dbm + spec.tdecq_max_db - s_ref,
        channel_insertion_loss_db=as_out(np.asarray(loss, dtype=float)),
        penalty_allocation_db=spec.tdecq_max_db,
        reference_sensitivity_oma_dbm=s_ref,
        received_oma_minus_tdecq_dbm=as_out(received),
        margin_db=as_out(margin),
        sources=spec.source_ids(),
    )
