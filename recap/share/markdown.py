"""The recap as Markdown for the client, and as plain text for the terminal."""

from __future__ import annotations

import re
import textwrap

from ..domain import Item, Session, Transcript
from .common import Entry, Recap, build_recap

TERMINAL_WIDTH = 80

# Characters that would turn a client's words into Markdown formatting.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _tail(entry: Entry, md: bool) -> str:
    """ " — You · due Fri 27 Nov [12:34]" after an item's text."""
    meta = " · ".join(_md(m) if md else m for m in entry.meta)
    tail = f" — {meta}" if meta else ""
    if entry.moment:
        tail += f" [{entry.moment}]"
    if entry.possible:
        tail += " (possible)"
    return tail


class MarkdownRenderer:
    """The coach's view as Markdown: every item with its moment, possible items, SMART checks and
    notes on the recording (the client's recap is :mod:`recap.share.formats`)."""

    extension = "md"

    def render(
        self,
        session: Session,
        items: list[Item],
        transcript: Transcript | None,
        earlier: list[tuple[Session, Item]] | None = None,
    ) -> str:
        """Render a session's recap.

        Args:
            session: the call.
            items: what was extracted from it.
            transcript: its transcript, for caveats (unknown speakers, passages
                hard to hear); None when not at hand.
            earlier: the client's actions from earlier sessions (Since last time).

        Returns:
            The Markdown document, ending with a newline.
        """
        return render_markdown(build_recap(session, items, transcript, audience="coach", earlier=earlier))


def render_markdown(recap: Recap) -> str:
    """Lay out a worded recap as Markdown.

    Args:
        recap: from :func:`recap.share.common.build_recap`.

    Returns:
        The Markdown document, ending with a newline.
    """
    blocks = [f"# {_md(recap.title)}", _md(recap.summary)]
    if recap.empty_message:
        blocks.append(recap.empty_message)
    for section in recap.sections:
        blocks.append(f"## {section.title}")
        if section.kind == "insight":
            # One quote per insight: adjacent '>' lines would merge into one.
            blocks.extend(
                f"> {_md(e.text)}{_tail(e, md=True)}" + (f"\n>\n> _{_md(e.why)}_" if e.why else "")
                for e in section.entries
            )
            continue
        lines = []
        for entry in section.entries:
            text = _md(entry.text)
            if section.kind == "possible":
                line = f"- {entry.kind_label}: {text}"
            elif entry.item.kind == "goal":
                line = f"- **{text}**"
            else:
                line = f"- [{'x' if entry.done else ' '}] {text}"
            if entry.ref:
                line = line.replace("- ", f"- `{entry.ref}` ", 1)
            lines.append(line + _tail(entry, md=True))
            lines.extend(f"  - {_md(d)}" for d in entry.details + ([entry.why] if entry.why else []))
        blocks.append("\n".join(lines))
        if section.more:
            blocks.append(f"_{_md(section.more)}_")
    if recap.marks:
        blocks.append("## Marked during the call\n\n" + "\n".join(f"- {_md(m)}" for m in recap.marks))
    if recap.notes:
        blocks.append("---")
        blocks.extend(f"_{_md(note)}_" for note in recap.notes)
    return "\n\n".join(blocks) + "\n"


def render_terminal(
    session: Session,
    items: list[Item],
    transcript: Transcript | None,
    earlier: list[tuple[Session, Item]] | None = None,
) -> str:
    """Render a recap as plain text for the coach's terminal.

    People are named rather than addressed ("Sarah", not "You"), lines wrap at
    80 columns and there is no colour: the CLI may add it.

    Args:
        session: the call.
        items: what was extracted from it.
        transcript: its transcript, for caveats; None when not at hand.

    Returns:
        The text, ending with a newline.
    """
    recap = build_recap(session, items, transcript, audience="coach", earlier=earlier)
    out = [recap.title, "=" * min(len(recap.title), TERMINAL_WIDTH), _wrap(recap.summary)]
    if recap.empty_message:
        out += ["", _wrap(recap.empty_message)]
    for section in recap.sections:
        out += ["", section.title]
        for entry in section.entries:
            if section.kind == "possible":
                head, text = "  ? ", f"{entry.kind_label}: {entry.text}"
            elif section.kind == "insight":
                head, text = "  ", f"“{entry.text}”"
            elif entry.item.kind == "goal":
                head, text = "  * ", entry.text
            else:
                head, text = f"  [{'x' if entry.done else ' '}] ", entry.text
            if entry.ref:
                head = f"  {entry.ref} {head.lstrip()}"  # the id to edit, done or drop it by
            out.append(_wrap(text + _tail(entry, md=False), head, " " * len(head)))
            out.extend(_wrap(d, " " * (len(head) + 2)) for d in entry.details)
        if section.more:
            out.append(_wrap(section.more, "  ", "    "))
    if recap.marks:
        out += ["", "Marked during the call"]
        out.extend(_wrap(m, "  ", "    ") for m in recap.marks)
    if recap.notes:
        out.append("")
        out.extend(_wrap(note) for note in recap.notes)
    return "\n".join(out) + "\n"


def _wrap(text: str, indent: str = "", subsequent: str | None = None) -> str:
    return textwrap.fill(
        text,
        width=TERMINAL_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    )
