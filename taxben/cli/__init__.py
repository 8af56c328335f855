"""The ``taxben`` command line (typer + rich); the app is ``taxben.cli.main:app``."""
