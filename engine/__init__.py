"""Optimizer Race engine: surfaces, formulas, optimizers, races. Pure numpy; never imports Qt."""
