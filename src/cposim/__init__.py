"""cposim: co-packaged optics from device to data center.

Layers (each imports only from those below it)::

    cli                       people: commands, tables, plots
    scenario, presets         scenario files parsed and validated at the edge
    link                      analytic link engine: budget, noise, BER, energy per bit
    devices                   lasers, modulators, couplers, fiber, PD, TIA, SerDes, FEC
    units, references, errors conversions and constants; cited sources; one error family
"""

from cposim.errors import ConfigError, CposimError, PhysicsError

__version__ = "0.1.0"

__all__ = ["ConfigError", "CposimError", "PhysicsError", "__version__"]
