"""The panel where a reviewer writes a decision (``data-proofroom="decision-form"``)."""

from __future__ import annotations

from proofroom.site.review_context import ReviewContext


def decision_panel_section(ctx: ReviewContext) -> str:
    """The panel to write a decision (``data-proofroom="decision-form"``): a later part."""
    return ""
