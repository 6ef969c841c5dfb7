"""The installed version of watchfloor, read once (its own module, so that the CLI, the
API and the pipeline can name it without importing the whole package)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("watchfloor")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

__all__ = ["__version__"]
