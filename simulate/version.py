"""The package version, in one place (the package, setup.cfg and run folders read it)."""
__version__ = "0.1.0"
