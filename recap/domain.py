"""Plain data passed between recap's stages.

Every stage takes and returns these dataclasses; only ``store.py`` and the
renderers turn them into files. ``to_dict``/``from_dict`` give the JSON shape
used both in the store and in ``--json`` output.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, cast, get_args

Kind = Literal["commitment", "next_step", "insight", "goal"]
KINDS: tuple[str, ...] = get_args(Kind)
#: The kinds that are things to do: each has an owner and may have a due date.
ACTIONS: tuple[str, ...] = ("commitment", "next_step")
Role = Literal["coach", "client"]
#: A track's role: one side of the call, or both on one microphone.
TrackRole = Literal["coach", "client", "mixed"]
ItemStatus = Literal["open", "done", "dropped"]


def as_kind(value: str) -> Kind:
    """``value`` as an item kind, once checked (from a command line, a draft, a file)."""
    if value not in KINDS:
        raise ValueError(f"unknown kind {value!r}; one of {', '.join(KINDS)}")
    return cast(Kind, value)


ROLES: tuple[str, ...] = get_args(Role)

#: Samples per second of every track recap writes and of the audio Whisper reads: one rate end
#: to end, so nothing is resampled between capture and transcription.
SAMPLE_RATE = 16000

#: Items whose confidence is below this are shown as "possible", not dropped.
POSSIBLE_BELOW = 0.5


def client_key(name: str | None) -> str:
    """A client's name as sessions are matched on it: "priya  raman" is "Priya Raman"."""
    return " ".join((name or "").casefold().split())


def same_client(a: str | None, b: str | None) -> bool:
    return bool(a and b) and client_key(a) == client_key(b)


def _plain(obj: Any, **types: type) -> None:
    """Coerce the named fields of ``obj`` to plain Python types, in place.

    Numbers from audio and Whisper code arrive as NumPy scalars (float32,
    float64, bool_, int64), which no JSON writer accepts. Domain objects
    only ever hold plain ``float``/``int``/``bool`` (None stays None), so
    nothing NumPy can reach the store, a transcript file or ``--json``.
    """
    for name, kind in types.items():
        value = getattr(obj, name)
        if value is not None and type(value) is not kind:
            object.__setattr__(obj, name, kind(value))


@dataclass(frozen=True)
class Segment:
    """One stretch of speech: a transcript cue or a Whisper segment."""

    start: float
    end: float
    text: str
    speaker: str | None = None  # display name: "Sarah", "coach", "Therapist"...
    role: Role | None = None  # None when unknown
    uncertain: bool = False  # low-confidence ASR output, shown as such

    def __post_init__(self) -> None:
        _plain(self, start=float, end=float, uncertain=bool)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        return cls(
            start=float(data["start"]),
            end=float(data["end"]),
            text=data["text"],
            speaker=data.get("speaker"),
            role=data.get("role"),
            uncertain=bool(data.get("uncertain", False)),
        )


@dataclass
class Transcript:
    """A whole conversation in time order."""

    segments: list[Segment] = field(default_factory=list)
    language: str | None = None
    model: str | None = None
    duration: float | None = None
    #: True when speakers come from separate tracks or a labelled transcript;
    #: False for a single mixed track where who spoke is unknown.
    speakers_known: bool = True

    def __post_init__(self) -> None:
        _plain(self, duration=float, speakers_known=bool)

    def to_dict(self) -> dict[str, Any]:
        return {
            "segments": [s.to_dict() for s in self.segments],
            "language": self.language,
            "model": self.model,
            "duration": self.duration,
            "speakers_known": self.speakers_known,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        return cls(
            segments=[Segment.from_dict(s) for s in data.get("segments", [])],
            language=data.get("language"),
            model=data.get("model"),
            duration=data.get("duration"),
            speakers_known=data.get("speakers_known", True),
        )

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


@dataclass(frozen=True)
class Measure:
    """The "game worth playing": a number to track ("30 minutes, daily")."""

    quantity: float
    unit: str
    cadence: str | None = None  # "daily", "weekly", "per session"...

    def __post_init__(self) -> None:
        _plain(self, quantity=float)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Measure | None:
        if not data:
            return None
        return cls(float(data["quantity"]), data["unit"], data.get("cadence"))

    def __str__(self) -> str:
        qty = int(self.quantity) if float(self.quantity).is_integer() else self.quantity
        text = f"{qty} {self.unit}"
        return f"{text}, {self.cadence}" if self.cadence else text


#: The SMART letters as stored, with the other spellings a store or a file may hold.
_SMART_SPELLINGS: dict[str, tuple[str, ...]] = {
    "specific": ("specific",),
    "measurable": ("measurable",),
    "attainable": ("attainable", "achievable"),
    "relevant": ("relevant", "realistic"),
    "time_bound": ("time_bound", "timebound", "time-bound", "timely", "time"),
}


@dataclass(frozen=True)
class Smart:
    """A goal's SMART check: each letter met (True), not met (False) or not checked (None),
    and what is missing, in words ("no deadline"); ``missing`` None: say it from the letters."""

    specific: bool | None = None
    measurable: bool | None = None
    attainable: bool | None = None
    relevant: bool | None = None
    time_bound: bool | None = None
    missing: tuple[str, ...] | None = None

    LETTERS = tuple(_SMART_SPELLINGS)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in self.LETTERS if getattr(self, k) is not None}
        if self.missing is not None:
            out["missing"] = list(self.missing)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | Smart | None) -> Smart | None:
        if data is None or isinstance(data, Smart):
            return data
        if not data:
            return None
        flags = {
            name: next((bool(data[k]) for k in spellings if data.get(k) is not None), None)
            for name, spellings in _SMART_SPELLINGS.items()
        }
        missing = data.get("missing")
        if isinstance(missing, str):
            missing = [missing]
        return cls(**flags, missing=tuple(str(m) for m in missing) if missing is not None else None)


@dataclass(frozen=True)
class Item:
    """Something that matters from the call, with the words it came from."""

    kind: Kind
    text: str  # clean statement: "Finish the outline of module one"
    owner: str | None  # "coach" | "client" for actions, None otherwise
    due: date | None  # resolved against the session date
    start: float  # evidence: the segment the words came from
    end: float
    quote: str  # the words themselves
    rule: str  # which rule fired
    speaker: str | None = None
    confidence: float = 1.0
    due_text: str | None = None  # the words of the deadline ("by Friday")
    measure: Measure | None = None
    smart: Smart | None = None  # goals
    status: ItemStatus = "open"  # carried between sessions
    id: str | None = None  # short and stable ("a3f9"), given by the store
    reviewed: bool = False  # the coach has looked at it (recap review)
    edited: bool = False  # changed or added by the coach: re-extraction keeps it as it is
    closed: date | None = None  # when it was marked done or dropped
    marked: bool = False  # said within moments of a mark the coach made during the call
    # What a later session said of it, for the coach to confirm:
    # {"status": "done" | "dropped" | "open", "evidence": quote, "session": id, "start": seconds}
    proposed: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        _plain(self, start=float, end=float, confidence=float)
        if isinstance(self.smart, dict):  # as read from a file or written by hand
            object.__setattr__(self, "smart", Smart.from_dict(self.smart))

    def with_id(self, item_id: str) -> Item:
        return dataclasses.replace(self, id=item_id)

    @property
    def possible(self) -> bool:
        """Not sure enough to share unchecked (an item the coach reviewed is sure)."""
        return self.confidence < POSSIBLE_BELOW and not (self.reviewed or self.edited or self.marked)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "due_text": self.due_text,
            "speaker": self.speaker,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "rule": self.rule,
            "confidence": round(self.confidence, 2),
            "measure": self.measure.to_dict() if self.measure else None,
            "smart": self.smart.to_dict() if self.smart else None,
            "status": self.status,
            "reviewed": self.reviewed,
            "edited": self.edited,
            "closed": self.closed.isoformat() if self.closed else None,
            "marked": self.marked,
            "proposed": self.proposed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        due = data.get("due")
        return cls(
            kind=data["kind"],
            text=data["text"],
            owner=data.get("owner"),
            due=date.fromisoformat(due) if due else None,
            start=float(data["start"]),
            end=float(data["end"]),
            quote=data.get("quote", ""),
            rule=data.get("rule", ""),
            speaker=data.get("speaker"),
            confidence=float(data.get("confidence", 1.0)),
            due_text=data.get("due_text"),
            measure=Measure.from_dict(data.get("measure")),
            smart=Smart.from_dict(data.get("smart")),
            status=data.get("status", "open"),
            id=data.get("id"),
            reviewed=bool(data.get("reviewed", False)),
            edited=bool(data.get("edited", False)),
            closed=date.fromisoformat(data["closed"]) if data.get("closed") else None,
            marked=bool(data.get("marked", False)),
            proposed=data.get("proposed"),
        )


@dataclass
class Track:
    """One recorded audio stream: the coach's microphone or the call's output."""

    role: TrackRole
    file: str  # path relative to the session folder, e.g. "audio/coach.wav"
    device: str | None = None
    samplerate: int = SAMPLE_RATE
    channels: int = 1
    started_at: float | None = None  # epoch seconds of the first sample
    frames: int = 0  # samples per channel written so far
    overflows: int = 0  # input blocks PortAudio reported as overflowed
    gaps: list[dict[str, float]] = field(default_factory=list)  # {"at": s, "length": s}
    # Paused stretches: nothing was written; "at" is the track time (s) where the
    # pause falls, "length" the wall-clock seconds it lasted.
    pauses: list[dict[str, float]] = field(default_factory=list)
    # Device changes while recording: {"at": s, "event": "lost"|"fallback"|"restored", "device": name}
    events: list[dict[str, Any]] = field(default_factory=list)
    # Samples per second the device really delivered, measured against the wall
    # clock (differs from samplerate by the device clock's drift).
    measured_rate: float | None = None

    def __post_init__(self) -> None:
        _plain(self, samplerate=int, channels=int, started_at=float, frames=int, overflows=int, measured_rate=float)

    @property
    def duration(self) -> float:
        return self.frames / self.samplerate if self.samplerate else 0.0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Track:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


SessionStatus = Literal["recording", "recorded", "interrupted", "summarized"]


@dataclass
class Session:
    """One coaching call."""

    id: str  # readable and sortable: 2026-11-22-1405-sarah
    created: datetime
    client: str | None = None
    coach: str | None = None
    status: SessionStatus = "recording"
    tracks: list[Track] = field(default_factory=list)
    duration: float | None = None
    source: str | None = None  # "record" | "import" | "demo"
    title: str | None = None
    source_hash: str | None = None  # imports: SHA-256 of the file, to tell a second import of it
    # Recordings: when the coach was reminded to tell the client ({"reminded": iso time}),
    # and what was said ({"note": "Sarah agreed, recording for her recap"}).
    consent: dict[str, Any] | None = None
    audio_removed: str | None = None  # the day its audio was deleted (keep-audio-days); the text stays
    # What went wrong while recording, as the coach was told: [{"at": call seconds,
    # "kind": "same_audio" | "silent" | "device", "text": "both tracks hear the same thing ..."}].
    warnings: list[dict[str, Any]] = field(default_factory=list)
    # Moments the coach marked during the call: [{"at": call seconds, "text": "her big idea" | None}].
    bookmarks: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        _plain(self, duration=float)

    @property
    def date(self) -> date:
        return self.created.date()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created": self.created.isoformat(timespec="seconds"),
            "client": self.client,
            "coach": self.coach,
            "status": self.status,
            "tracks": [t.to_dict() for t in self.tracks],
            "duration": self.duration,
            "source": self.source,
            "title": self.title,
            "source_hash": self.source_hash,
            "consent": self.consent,
            "audio_removed": self.audio_removed,
            **({"warnings": self.warnings} if self.warnings else {}),
            **({"bookmarks": self.bookmarks} if self.bookmarks else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        return cls(
            id=data["id"],
            created=datetime.fromisoformat(data["created"]),
            client=data.get("client"),
            coach=data.get("coach"),
            status=data.get("status", "recorded"),
            tracks=[Track.from_dict(t) for t in data.get("tracks", [])],
            duration=data.get("duration"),
            source=data.get("source"),
            title=data.get("title"),
            source_hash=data.get("source_hash"),
            consent=data.get("consent"),
            audio_removed=data.get("audio_removed"),
            warnings=list(data.get("warnings") or []),
            bookmarks=list(data.get("bookmarks") or []),
        )
