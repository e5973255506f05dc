"""Panels: controls that change the session through its public methods."""
