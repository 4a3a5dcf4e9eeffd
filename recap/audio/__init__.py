"""Audio in and out: devices, crash-safe recording, decoding and recovery.

Importing this package is cheap: sounddevice, numpy and PyAV are imported by
the functions that need them, so ``recap --help`` stays instant.
"""

from recap.audio.devices import DeviceInfo, format_devices, list_devices, resolve_device
from recap.audio.files import decode, probe_duration, recover_session_audio
from recap.audio.recorder import Recorder, TrackSpec
from recap.audio.status import RecorderStatus, TrackStatus, format_status
from recap.audio.wavfile import WavWriter, repair_wav

__all__ = [
    "DeviceInfo",
    "Recorder",
    "RecorderStatus",
    "TrackSpec",
    "TrackStatus",
    "WavWriter",
    "decode",
    "format_devices",
    "format_status",
    "list_devices",
    "probe_duration",
    "recover_session_audio",
    "repair_wav",
    "resolve_device",
]
