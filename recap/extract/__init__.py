"""Extraction: commitments, next steps, insights and goals from a transcript.

The pipeline (:mod:`recap.extract.pipeline`) joins cues into turns and
sentences with their context (:mod:`~recap.extract.context`), runs the named
rules of :mod:`recap.extract.rules` on each, scores every candidate
(:mod:`~recap.extract.scorer`), then resolves deadlines, measures and the SMART
check and folds repeats into one item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recap.extract.pipeline import extract

__all__ = ["extract"]


def __getattr__(name: str) -> Any:
    # The pipeline compiles every rule's patterns: only a summarize pays for that, never a
    # listing that needs a small part of this package (its function words, the SMART check).
    if name == "extract":
        from recap.extract.pipeline import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
