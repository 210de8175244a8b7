"""Import every device module so that each registers itself in ``DEVICE_REGISTRY``."""

from cposim.devices import (  # noqa: F401
    couplers,
    dsp,
    electro_absorption,
    external_laser,
    fec,
    fiber,
    laser,
    mach_zehnder,
    modulator_driver,
    photodetector,
    ring_demux,
    ring_modulator,
    ring_resonator,
    serdes,
    tia,
    waveguide,
    wavelength_grid,
)
