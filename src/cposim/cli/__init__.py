"""The ``cposim`` command line (typer + rich). Rendering only: no physics here."""
