"""recap: record a coaching call, transcribe it locally, and share what matters."""

__version__ = "0.1.0"
