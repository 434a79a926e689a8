"""What `proofroom timeliness --format json` promises about its shape."""

from __future__ import annotations

# The keys of a deliverable in `timeliness --format json`, in order.
DELIVERABLE_KEYS = [
    "campaign",
    "id",
    "asset",
    "due",
    "first_submitted_at",
    "approved_at",
    "on_time",
    "lateness_hours",
    "cycle_hours",
    "rounds",
    "stages",
]
