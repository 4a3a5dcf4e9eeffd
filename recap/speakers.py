"""Who is the coach: speaker names in a transcript, matched to roles.

A transcript names its speakers ("Dana Whitfield", "Coach", "Therapist",
"Speaker 2"). Extraction needs to know which one is the coach: whose "I'll
send you the worksheet" is the coach's promise, whose answers are the
client's. In order:

1. ``--coach NAME`` (or the configured coach): the speaker with that name or
   first name, case-insensitive. No match, or several, is an error that lists
   the speakers.
2. Role labels: "Coach", "Therapist", "Counsellor"... are the coach; "Client",
   "Coachee", "Patient"... the client.
3. Two speakers and nothing else to go on: coaching is asking, so the one who
   asks clearly more questions is the coach.

Otherwise roles stay unknown, and items carry no owner rather than a guess.
"""

from __future__ import annotations

import re

from .domain import Role, Segment
from .errors import RecapError

COACH_LABELS = (
    "coach",
    "therapist",
    "counsellor",
    "counselor",
    "mentor",
    "facilitator",
    "practitioner",
    "interviewer",
    "clinician",
    "doctor",
    "nurse",
    "consultant",
    "trainer",
)
CLIENT_LABELS = ("client", "coachee", "patient", "mentee", "participant", "customer", "interviewee")
#: The coach asks at least this many times as many questions per word as the client,
#: says "I" less often per word, and asks 3 questions or more.
QUESTION_RATIO = 1.5


class SpeakerError(RecapError):
    """A named coach is not (or not uniquely) among the transcript's speakers."""


def speakers(segments: list[Segment]) -> list[str]:
    """The speaker names in order of first appearance."""
    return list(dict.fromkeys(s.speaker for s in segments if s.speaker))


def label_role(name: str) -> Role | None:
    """ "Coach" -> coach, "Coachee 1" -> client, "Dana" -> None."""
    first = re.split(r"[\s_\-\d]+", name.strip().casefold())[0]
    if first in COACH_LABELS:
        return "coach"
    if first in CLIENT_LABELS:
        return "client"
    return None


def is_role_label(name: str | None) -> bool:
    """True for a speaker label that names a role, not a person ("Coachee", "Client 2")."""
    return bool(name) and label_role(name) is not None  # type: ignore[arg-type]


def match_coach(coach: str, names: list[str]) -> str:
    """The one speaker ``coach`` names: full name or first name, case-insensitive.

    Raises:
        SpeakerError: no speaker matches, or several do.
    """
    want = " ".join(coach.casefold().split())
    exact = [n for n in names if " ".join(n.casefold().split()) == want]
    # "Dana" finds "Dana Whitfield"; "Dana Whitfield" finds a speaker labelled just "Dana".
    found = exact or [
        n
        for n in names
        if n.split() and n.casefold().split()[0] == want.split()[0] and (len(want.split()) == 1 or len(n.split()) == 1)
    ]
    if len(found) == 1:
        return found[0]
    listed = ", ".join(names) if names else "none (the transcript names no speakers)"
    if not found:
        raise SpeakerError(f"--coach {coach!r} matches no speaker in the transcript; its speakers: {listed}")
    raise SpeakerError(f"--coach {coach!r} matches {len(found)} speakers ({', '.join(found)}); give the full name")


def _habits(segments: list[Segment], name: str) -> tuple[int, float, float]:
    """(questions, questions per word, first-person words per word) of one speaker."""
    said = [s.text for s in segments if s.speaker == name]
    words = [w for text in said for w in re.findall(r"[a-z']+", text.lower())]
    questions = sum(text.count("?") for text in said)
    first = sum(w in ("i", "i'm", "i've", "i'll", "i'd", "me", "my", "myself") for w in words)
    n = max(1, len(words))
    return questions, questions / n, first / n


def infer_coach(segments: list[Segment]) -> str | None:
    """The coach among exactly two unlabelled speakers: the one who asks and the other who tells.

    Coaching is asking: the coach asks clearly more questions per word and
    speaks of "I" less than the client. When the two signs disagree, or the
    difference is small, nobody is guessed.
    """
    names = speakers(segments)
    if len(names) != 2:
        return None
    (qa, rate_a, self_a), (qb, rate_b, self_b) = (_habits(segments, n) for n in names)
    if qa >= 3 and rate_a >= QUESTION_RATIO * rate_b and self_a < self_b:
        return names[0]
    if qb >= 3 and rate_b >= QUESTION_RATIO * rate_a and self_b < self_a:
        return names[1]
    return None


def assign_roles(
    segments: list[Segment], coach: str | None = None, *, default_coach: str | None = None
) -> list[Segment]:
    """Segments with ``role`` set to coach or client wherever it can be known.

    Segments that already carry a role (from a recording's own tracks) keep it
    unless ``coach`` names a speaker. ``default_coach`` (the configured coach)
    is used when it names a speaker, and otherwise quietly set aside.
    """
    names = speakers(segments)
    roles: dict[str, Role | None] = {}
    if not coach and default_coach and names:
        try:
            match_coach(default_coach, names)
            coach = default_coach
        except SpeakerError:
            pass
    if coach:
        chosen = match_coach(coach, names)
        roles = {n: ("coach" if n == chosen else "client") for n in names}
    else:
        roles = {n: label_role(n) for n in names}
        labelled: set[Role] = {r for r in roles.values() if r}
        if labelled:
            # The unlabelled speakers take the role nobody has: "Coach" and "Priya".
            missing: set[Role] = {"coach", "client"}
            missing -= labelled
            if len(missing) == 1:
                other = missing.pop()
                roles = {n: r or other for n, r in roles.items()}
        elif all(s.role is None for s in segments):
            found = infer_coach(segments)
            if found:
                roles = {n: ("coach" if n == found else "client") for n in names}
    out = []
    for s in segments:
        role = roles.get(s.speaker) if s.speaker else None
        if role is None or (s.role is not None and not coach):
            out.append(s)
        else:
            out.append(Segment(s.start, s.end, s.text, s.speaker, role, s.uncertain))
    return out


def named(segments: list[Segment], role: str) -> str | None:
    """The name the transcript gives the one speaker in ``role``, unless only a role label ("Coachee"):
    then the name the other speaker greets them by ("Hi Nadia, how are you?"), if they do."""
    names = {s.speaker for s in segments if s.role == role and s.speaker}
    if len(names) != 1:
        return None
    name = names.pop()
    return greeted(segments, role) if is_role_label(name) else name


# "Hi Nadia.", "Hello, Nadia, can you hear me?", "Morning, Sam!": a greeting with one capitalised name.
_GREETING = re.compile(
    r"^\W*(?i:(?:oh|well|okay|ok|so)\W+)?(?i:hi|hiya|hello|hey|morning|good morning|good afternoon|good evening)"
    r"(?:\s+there)?,?\s+(?P<name>[A-Z][a-z]+(?:\s+(?!(?:Can|Could|How|It|I|Are|Is|Do|Did|Good|Nice|Great|Thanks|Sorry|Hi)\b)[A-Z][a-z]+)?)\b"
)
_NOT_GREETED = frozenset({"there", "everyone", "all", "guys", "again", "yes", "yeah", "okay", "sorry", "thanks"})


def greeted(segments: list[Segment], role: str) -> str | None:
    """The name the other speaker greets the one in ``role`` by, in the call's first minutes."""
    start = segments[0].start if segments else 0.0
    for seg in segments:
        if seg.start - start > 180:
            break
        m = _GREETING.match(seg.text) if seg.role and seg.role != role else None
        if m and m.group("name").lower() not in _NOT_GREETED:
            return m.group("name")
    return None
