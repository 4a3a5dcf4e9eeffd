"""Extraction: commitments, next steps, insights and goals from a transcript.

The pipeline (:mod:`recap.extract.pipeline`) joins cues into turns and
sentences with their context (:mod:`~recap.extract.context`), runs the named
rules of :mod:`recap.extract.rules` on each, scores every candidate
(:mod:`~recap.extract.scorer`), then resolves deadlines, measures and the SMART
check and folds repeats into one item.
"""

from __future__ import annotations

from recap.extract.pipeline import extract

__all__ = ["extract"]
