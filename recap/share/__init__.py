"""Share a session, in two views.

The client's recap, a message from the coach, is worded once by
:func:`recap.share.letter.build_letter` and laid out by
:func:`recap.share.formats.render_letter` as md, html, eml, ics, txt or pdf.
The coach's view (every item with its moment, possible items, SMART checks,
notes on the recording) is worded by :mod:`recap.share.common` and laid out
as Markdown (:class:`MarkdownRenderer`) or terminal text (:func:`render_terminal`).
"""

from __future__ import annotations

from ..domain import Item, Session, Transcript
from ..errors import UsageProblem
from .common import Recap, build_recap, group_items
from .markdown import MarkdownRenderer, render_terminal

RENDERERS: dict[str, type] = {
    "md": MarkdownRenderer,
}

__all__ = [
    "RENDERERS",
    "MarkdownRenderer",
    "Recap",
    "build_recap",
    "get_renderer",
    "group_items",
    "render",
    "render_terminal",
]


def get_renderer(fmt: str):
    """Return a renderer instance for a format name.

    Args:
        fmt: a key of :data:`RENDERERS` ("md"), with or without a leading dot.

    Returns:
        The renderer; its ``extension`` names the file to write.

    Raises:
        UsageProblem: no renderer for that format.
    """
    key = fmt.lower().lstrip(".")
    if key == "markdown":
        key = "md"
    if key not in RENDERERS:
        raise UsageProblem(f"unknown recap format {fmt!r}; choose one of {', '.join(RENDERERS)}")
    return RENDERERS[key]()


def render(
    fmt: str,
    session: Session,
    items: list[Item],
    transcript: Transcript | None = None,
    earlier: list[tuple[Session, Item]] | None = None,
) -> str:
    """Render a session's recap in one format.

    Args:
        fmt: a key of :data:`RENDERERS`.
        session: the call.
        items: what was extracted from it.
        transcript: its transcript, for caveats; None when not at hand.
        earlier: the client's actions from earlier sessions, each with its
            session (:func:`recap.continuity.earlier_items`).

    Returns:
        The file's text.
    """
    return get_renderer(fmt).render(session, items, transcript, earlier)
