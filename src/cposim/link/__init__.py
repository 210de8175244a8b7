"""Analytic link engine: lanes, budget, noise, BER, margin and energy per bit."""
