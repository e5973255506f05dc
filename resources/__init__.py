"""Data files of Optimizer Race: icons, the desktop file, translations, the MNIST sample.

Installed as the package ``optimizer_race_resources`` (see ``pyproject.toml``);
the code finds these files with :func:`engine.platform.resources.resource_path`, which
also works from a checkout and from the PyInstaller bundle.  ``screenshots/``
is for the README only and is not installed.
"""
