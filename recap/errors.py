"""Errors raised by recap's core, with messages written for the coach.

``cli.py`` turns :class:`RecapError` into a one-line error and a non-zero exit:
:class:`UsageProblem` exits 2 (the command line was wrong), everything else 1.
"""


class RecapError(Exception):
    """A failure the user can understand and act on."""


class UsageProblem(RecapError):
    """The command line asked for something that cannot be (exit code 2)."""


class DeviceError(RecapError):
    """An audio device is missing, busy or unusable."""


class RecordingError(RecapError):
    """Recording could not continue (disk full, device failure...)."""


class AudioFileError(RecapError):
    """An audio file cannot be read or decoded."""


class TranscriptFormatError(RecapError):
    """A transcript file cannot be parsed."""


class ModelError(RecapError):
    """A Whisper model cannot be found or loaded."""


class StoreError(RecapError):
    """The recap store is unreadable, locked or from a newer recap."""


class SessionNotFound(RecapError):
    """No session matches what was asked for."""


class ItemNotFound(RecapError):
    """No item has the id asked for."""


class DuplicateImport(RecapError):
    """The file was imported before (same content)."""

    def __init__(self, message: str, session_id: str) -> None:
        super().__init__(message)
        self.session_id = session_id
