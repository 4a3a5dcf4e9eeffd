"""Device listing and resolution against a real (private) PulseAudio server."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from recap.audio import devices
from recap.audio.devices import DeviceInfo, list_devices, looks_like_loopback, resolve_device
from recap.errors import DeviceError


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Monitor of Built-in Audio Analog Stereo", True),
        ("alsa_output.pci-0000_00_1f.3.analog-stereo.monitor", True),
        ("Stereo Mix (Realtek High Definition Audio)", True),
        ("BlackHole 2ch", True),
        ("What U Hear (Sound Blaster)", True),
        ("MacBook Pro Microphone", False),
        ("USB Audio Device: - (hw:1,0)", False),
    ],
)
def test_looks_like_loopback(name: str, expected: bool) -> None:
    assert looks_like_loopback(name) is expected


def test_parse_short_sources_for_old_pactl() -> None:
    text = "0\tcoach.monitor\tmodule-null-sink.c\ts16le 2ch 48000Hz\tIDLE\n1\tmic\tx\ts16le 1ch 16000Hz\tRUNNING\n"
    assert devices._parse_short_sources(text) == [
        {"name": "coach.monitor", "sample_specification": "s16le 2ch 48000Hz"},
        {"name": "mic", "sample_specification": "s16le 1ch 16000Hz"},
    ]


def test_list_devices_sees_null_sink_monitor(sink) -> None:
    name = sink("lister")
    found = {d.name: d for d in list_devices()}
    monitor = found[f"{name}.monitor"]
    assert monitor.api == "pulse" and monitor.index is None
    assert monitor.is_monitor and monitor.max_input_channels >= 1
    assert monitor.default_samplerate == 48000
    assert monitor.pulse_source == f"{name}.monitor"
    # PortAudio reaches PulseAudio through the ALSA "pulse" device.
    assert any(d.name == "pulse" and d.index is not None for d in found.values())
    assert DeviceInfo(**monitor.to_dict()) == monitor


def test_resolve_by_source_name_sink_name_and_description(sink) -> None:
    name = sink("resolver")
    assert resolve_device(f"{name}.monitor", "loopback").name == f"{name}.monitor"
    # For a loopback the sink's own name means its monitor.
    assert resolve_device(name, "loopback").name == f"{name}.monitor"
    assert resolve_device(f"Monitor of {name}", "loopback").name == f"{name}.monitor"
    assert resolve_device(f"{name.upper()}.MONITOR", "mic").name == f"{name}.monitor"


def test_resolve_by_portaudio_index(pulse) -> None:
    pa = next(d for d in list_devices() if d.name == "pulse")
    assert resolve_device(str(pa.index), "mic") == pa


def test_resolve_unknown_device(pulse) -> None:
    with pytest.raises(DeviceError) as info:
        resolve_device("xyz", "mic")
    assert str(info.value) == ("no input device matches 'xyz' — run `recap devices` to see what is available")
    with pytest.raises(DeviceError, match="no input device matches '999'"):
        resolve_device("999", "mic")


def test_resolve_ambiguous_name(sink) -> None:
    first, second = sink("twin"), sink("twin")
    with pytest.raises(DeviceError, match="matches several input devices") as info:
        resolve_device("twin", "loopback")
    assert first in str(info.value) and second in str(info.value)


def test_loopback_auto_is_monitor_of_default_output(pulse, sink) -> None:
    name = sink("speakers")
    old = pulse.pactl("get-default-sink").strip()
    pulse.pactl("set-default-sink", name)
    try:
        assert resolve_device("auto", "loopback").name == f"{name}.monitor"
        assert resolve_device(None, "loopback").name == f"{name}.monitor"
    finally:
        pulse.pactl("set-default-sink", old)


def test_default_mic_prefers_a_real_source(pulse, sink) -> None:
    # With only monitors around, the default source is still returned...
    assert resolve_device(None, "mic").is_default
    # ...but a real source (here a remapped one, like a USB mic) wins.
    base = sink("micbase")
    module = pulse.pactl(
        "load-module",
        "module-remap-source",
        "source_name=fakemic",
        f"master={base}.monitor",
        "source_properties=device.description=FakeMic",
    ).strip()
    try:
        pulse.pactl("set-default-source", "fakemic")
        mic = resolve_device(None, "mic")
        assert (mic.name, mic.is_monitor, mic.is_default) == ("fakemic", False, True)
        assert resolve_device("fakemic", "mic").description == "FakeMic"
    finally:
        pulse.pactl("unload-module", module)


def test_sound_server_started_after_portaudio(pulse, sink, tmp_path) -> None:
    """PortAudio lists devices once; a server that appears later is still found."""
    name = sink("late")
    code = textwrap.dedent(
        """
        import os, sys
        real = os.environ["PULSE_SERVER"]
        os.environ["PULSE_SERVER"] = "unix:/nonexistent/native"
        import sounddevice  # PortAudio starts while no server answers
        assert "pulse" not in [d["name"] for d in sounddevice.query_devices()]
        os.environ["PULSE_SERVER"] = real
        from recap.audio.recorder import Recorder, TrackSpec
        (track,) = Recorder(sys.argv[1], [TrackSpec("client", sys.argv[2])]).run(0.3)
        print(track.frames)
        """
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path), name], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "4800"


def test_format_devices_table() -> None:
    table = devices.format_devices(
        [
            DeviceInfo("pulse", 0, "pulse", 32, 44100.0, False, False, "ALSA"),
            DeviceInfo("hdmi", 1, "hdmi", 0, 48000.0, False, False, "ALSA"),  # output only
            DeviceInfo("coach.monitor", None, "Monitor of coach", 2, 48000.0, True, True, "pulse"),
        ]
    )
    assert table.splitlines() == [
        "DEVICE         KIND      CH  RATE   API    NAME",
        "0              mic       32  44100  ALSA   pulse",
        "coach.monitor  loopback  2   48000  pulse  Monitor of coach  [default]",
    ]


def test_suggest_pair_offline(monkeypatch) -> None:
    monkeypatch.setattr(devices, "_pulse_defaults", lambda: {"Default Sink": "speakers"})
    listed = [
        DeviceInfo("pulse", 0, "pulse", 32, 44100.0, False, False, "ALSA"),
        DeviceInfo("hdmi.monitor", None, "Monitor of HDMI", 2, 48000.0, False, True, "pulse"),
        DeviceInfo("speakers.monitor", None, "Monitor of Speakers", 2, 48000.0, False, True, "pulse"),
        DeviceInfo("usb-mic", None, "USB Mic", 1, 48000.0, False, False, "pulse"),
        DeviceInfo("laptop-mic", None, "Built-in Mic", 2, 48000.0, True, False, "pulse"),
    ]
    mic, loopback = devices.suggest_pair(listed)
    assert (mic.name, loopback.name) == ("laptop-mic", "speakers.monitor")
    # A Mac: no PulseAudio, a BlackHole device for the call's output.
    monkeypatch.setattr(devices, "_pulse_defaults", lambda: {})
    mac = [
        DeviceInfo("MacBook Pro Microphone", 0, "MacBook Pro Microphone", 1, 48000.0, True, False, "Core Audio"),
        DeviceInfo("BlackHole 2ch", 1, "BlackHole 2ch", 2, 48000.0, False, True, "Core Audio"),
    ]
    assert devices.suggest_pair(mac) == (mac[0], mac[1])
    assert devices.suggest_pair([]) == (None, None)


def test_suggest_pair_on_a_real_server(pulse, sink) -> None:
    speakers, base = sink("speakers"), sink("headsetbase")
    module = pulse.pactl(
        "load-module",
        "module-remap-source",
        "source_name=headsetmic",
        f"master={base}.monitor",
        "source_properties=device.description=Headset",
    ).strip()
    old_sink = pulse.pactl("get-default-sink").strip()
    old_source = pulse.pactl("get-default-source").strip()
    try:
        pulse.pactl("set-default-sink", speakers)
        pulse.pactl("set-default-source", "headsetmic")
        mic, loopback = devices.suggest_pair(list_devices())
        assert (mic.name, loopback.name) == ("headsetmic", f"{speakers}.monitor")
    finally:
        pulse.pactl("set-default-sink", old_sink)
        pulse.pactl("set-default-source", old_source)
        pulse.pactl("unload-module", module)


def test_pulse_source_names(sink) -> None:
    name = sink("named")
    assert f"{name}.monitor" in devices.pulse_source_names()


def test_a_default_input_that_is_the_speakers_monitor_is_never_suggested_as_the_mic(monkeypatch) -> None:
    """ALSA's "default" records the sound server's default source: here the call itself."""
    monkeypatch.setattr(
        devices, "_pulse_defaults", lambda: {"Default Sink": "speakers", "Default Source": "speakers.monitor"}
    )
    portaudio = [
        DeviceInfo("pulse", 0, "pulse", 32, 44100.0, False, False, "ALSA"),
        DeviceInfo("default", 1, "default", 32, 44100.0, True, False, "ALSA"),
        DeviceInfo("hw:1,0", 2, "USB Audio", 1, 48000.0, False, False, "ALSA"),
    ]
    pulse = [DeviceInfo("speakers.monitor", None, "Monitor of Speakers", 2, 48000.0, True, True, "pulse")]
    routed = devices._routed(portaudio, pulse)
    assert [(d.name, d.routes_to, d.is_monitor) for d in routed] == [
        ("pulse", "speakers.monitor", True),
        ("default", "speakers.monitor", True),
        ("hw:1,0", None, False),  # a device of its own: not the server's default
    ]
    mic, loopback = devices.suggest_pair(routed + pulse)
    assert loopback.name == "speakers.monitor" and mic.name == "hw:1,0"
    table = devices.format_devices(routed).splitlines()
    assert table[2].split()[:2] == ["1", "loopback"] and table[2].endswith("[default]  → records speakers.monitor")
    # Nothing but the server's default: no microphone rather than the call twice.
    assert devices.suggest_pair(routed[:2] + pulse) == (None, pulse[0])
    # Without a sound server, a "default" is left as it is.
    assert devices._routed(portaudio, []) == portaudio


def test_devices_never_suggests_one_source_for_both_tracks_on_a_real_server(pulse, sink) -> None:
    from click.testing import CliRunner

    from recap.cli import cli

    speakers = sink("onlyspeakers")
    old_sink = pulse.pactl("get-default-sink").strip()
    old_source = pulse.pactl("get-default-source").strip()
    try:
        pulse.pactl("set-default-sink", speakers)
        pulse.pactl("set-default-source", f"{speakers}.monitor")
        found = list_devices()
        for d in found:
            if d.api != "pulse" and d.name.lower() in devices.SERVER_DEFAULTS:
                assert d.routes_to == f"{speakers}.monitor" and d.is_monitor, d
        mic, loopback = devices.suggest_pair(found)
        assert loopback is not None and loopback.name == f"{speakers}.monitor"
        assert mic is None or devices._source_of(mic) != devices._source_of(loopback)
        out = CliRunner().invoke(cli, ["devices"], env=pulse.env).output
        suggested = next(line for line in out.splitlines() if line.startswith("Suggested:"))
        assert "--mic" not in suggested or mic is not None, out
    finally:
        pulse.pactl("set-default-sink", old_sink)
        pulse.pactl("set-default-source", old_source)


def test_alsa_sysdefault_is_the_card_itself_not_the_servers_default(monkeypatch) -> None:
    monkeypatch.setattr(devices, "_pulse_defaults", lambda: {"Default Source": "speakers.monitor"})
    card = DeviceInfo("sysdefault", 3, "sysdefault", 2, 48000.0, False, False, "ALSA")
    pulse = [DeviceInfo("speakers.monitor", None, "Monitor of Speakers", 2, 48000.0, True, True, "pulse")]
    assert devices._routed([card], pulse) == [card]  # a microphone, not the call
