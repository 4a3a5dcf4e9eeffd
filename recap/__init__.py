"""recap: record a coaching call, transcribe it locally, and share what matters."""

import os as _os

__version__ = "0.1.0"

# Nothing leaves the coach's machine. ONNX Runtime (which faster-whisper loads for its voice
# activity detection) starts Microsoft telemetry when it initialises: an upload queue, a
# persistent device id under ~/.cache/Microsoft and a DNS lookup of its collector. Its
# documented switch must be set before it loads, so it is set when recap is imported.
_os.environ["ORT_DISABLE_TELEMETRY"] = "1"
