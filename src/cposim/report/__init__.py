"""The cposim report: one self-contained HTML page that tells a scenario's whole story.

Sections (one module each): devices, link (budget, BER waterfall, margin, energy, eye), engine
and port (architectures side by side), switch (co-packaged vs pluggable) and fabric (power,
inventory, reliability against cluster size). Section modules collect data from the layers
below into :mod:`cposim.report.model` objects; :mod:`cposim.report.plots` and
:mod:`cposim.report.html` render them and compute no physics.

Example::

    from cposim.report import build_report, write_report
    path = write_report(build_report("cpo-mrm-wdm-200g"), "out/")
"""

from cposim.report.build import build_report, write_report

__all__ = ["build_report", "write_report"]
