"""English: the interface strings, the check messages, months, numbers and plurals.

English is the fallback of every other language: a key missing there is read here.
"""

from __future__ import annotations

from proofroom.core.media.specs import MESSAGES

# A value is a string, or a (one, other) pair chosen by the ``n`` keyword.
Text = str | tuple[str, ...]

STRINGS: dict[str, Text] = {
    "campaigns": "Campaigns",
    "no_campaigns": "No campaign yet. Create one with: proofroom new NAME",
    "undated": "Undated",
    "untagged": "No tag",
    "owner": "Owner: {owner}",
    "launch": "Launch: {date}",
    "n_deliverables": ("{n} deliverable", "{n} deliverables"),
    "n_versions": ("{n} version", "{n} versions"),
    "n_overdue": ("{n} overdue", "{n} overdue"),
    "n_variants": ("{n} variant", "{n} variants"),
    "variant_of": "Variant of {master}",
    "card_channel": "Channel: {channel}",
    "family_title": ("{master} and its variant", "{master} and its {n} variants"),
    "status_missing": "missing",
    "status_in_review": "in review",
    "status_changes_requested": "changes requested",
    "status_rejected": "rejected",
    "status_approved": "approved",
    "status_other": "not a deliverable",
    "deliverables": "Deliverables",
    "other_files": "Other files",
    "gallery_empty": "No file yet under {path}",
    "stage": "Stage: {stage}",
    "last_landed": "Last version: {date}",
    "due": "Due: {date}",
    "due_today": "today",
    "due_in": ("in {n} day", "in {n} days"),
    "late_by": ("{n} day late", "{n} days late"),
    "overdue": "overdue",
    "stale": "stale approvals",
    "expected_file": "Expected file: {path}",
    "removed": "removed from the branch",
    "no_version": "no version yet",
    "stub_no_brief": "This campaign has no brief yet.",
    "stub_how": "Create {path} (title, owner, stages, deliverables), or run: {command}",
    "breadcrumb": "Breadcrumb",
    "review_of": "Review: {name}",
    "status": "Status",
    "current_version": "Current version: v{n}",
    "download_original": "Download the original",
    "lfs_stored": "Stored in Git LFS",
    "lfs_detail": "{size}, oid {oid}",
    "lfs_hint": "The file is not in this build; run git lfs pull to see it.",
    "working_copy": "working copy (not committed)",
    "not_available": "The file is not available in this build.",
    "no_preview": "No preview for this type of file.",
    # the pages of a PDF
    "pdf_pages": ("{n} page", "{n} pages"),
    "pdf_page_size": "{w} × {h} mm",
    "pdf_page_of": "Page {n} of {total}",
    "pdf_page_alt": "{name}, page {n}",
    "pdf_pages_nav": "Pages",
    "pdf_page_comments": "Comments on page {n}",
    "pdf_more_pages": (
        "Only the first {shown} of the {total} pages are shown: download the original"
        " for the others."
    ),
    "compare_page": "Page",
    "compare_no_page": "This version has no such page.",
    "versions": "Versions",
    "version": "v{n}",
    "same_as": "same as v{n}",
    "made_by": "by {name}",
    "landing_commit": "commit {sha}",
    "full_message": "Full message",
    "compare": "Compare versions",
    "compare_left": "Left",
    "compare_right": "Right",
    "compare_mode": "View",
    "compare_side": "Side by side",
    "compare_swipe": "Swipe",
    "compare_onion": "Onion skin",
    "compare_diff": "Difference",
    "compare_zoom_in": "Zoom in",
    "compare_zoom_out": "Zoom out",
    "compare_zoom_reset": "Reset zoom",
    "compare_zoom_hint": "Ctrl + wheel or pinch to zoom both sides; drag to pan.",
    "compare_split": "Split",
    "compare_opacity": "Opacity of the right version",
    "compare_changed": "{share} % of pixels changed",
    "compare_diff_alt": "Difference between {older} and {newer}",
    "compare_diff_legend": "Changed pixels in colour over a faded copy of the newer version.",
    "compare_no_diff": "No difference image for these versions.",
    "compare_diff_limit": "Difference images cover the {n} newest versions only.",
    "decisions": "Decisions",
    "checks": "Automated checks",
    "dimensions": "{w} × {h} px",
    "bytes": ("{n} byte", "{n} bytes"),
    "kB": "{n} kB",
    "MB": "{n} MB",
    "GB": "{n} GB",
    "datetime": "{date}, {time}",
    "status_counts": "Deliverables by status",
    "count_approved": ("{n} approved", "{n} approved"),
    "count_in_review": ("{n} in review", "{n} in review"),
    "count_changes_requested": ("{n} changes requested", "{n} changes requested"),
    "count_rejected": ("{n} rejected", "{n} rejected"),
    "count_missing": ("{n} missing", "{n} missing"),
    "decision_approved": "approved",
    "decision_approved_with_changes": "approved with changes",
    "decision_changes_requested": "changes requested",
    "decision_rejected": "rejected",
    "decision_comment": "comment",
    "no_decision": "no decision yet",
    "workflow": "Workflow",
    "state_waiting": "waiting",
    "state_open": "open",
    "state_passed": "passed",
    "state_blocked": "blocked",
    "required_of": ("{n} of {total} required", "{n} of {total} required"),
    "approvals_required": ("{n} approval required", "{n} approvals required"),
    "opened_on": "opened {date}",
    "passed_on": "passed {date}",
    "approved_version": "approved v{n}",
    "approved_unknown": "approved an unknown version",
    "comments": "Comments",
    "comments_of": "Comments on v{n}",
    "comments_unknown": "Comments on an unknown version",
    "current": "current",
    "comment_n": "Comment {n}",
    "page_n": "page {n}",
    "timeline": "Comments on the video's timeline",
    "comment_at": "Comment {n} at {time}",
    "after_end": "after the end ({duration})",
    "play_from": "Play from {time}",
    "play_both": "Play both",
    "pause_both": "Pause both",
    "audit": "Audit trail",
    "no_decisions": "No decision yet.",
    "not_committed": "not committed yet",
    "unknown_sha": "unknown sha",
    "tl_title": "Timeliness",
    "tl_overdue": "Overdue",
    "tl_no_overdue": "Nothing is overdue.",
    "tl_campaign": "Campaign",
    "tl_deliverable": "Deliverable",
    "tl_due": "Due",
    "tl_on_time_rate": "On-time rate",
    "tl_on_time_chart": "On-time rate per campaign",
    "tl_no_rate": "No deliverable is approved with a due date or overdue yet.",
    "tl_cycle": "Cycle time",
    "tl_cycle_chart": "Cycle time of approved deliverables, in days",
    "tl_no_cycle": "No deliverable is approved yet, so there is no cycle time.",
    "tl_median": "Median",
    "tl_p90": "90th percentile",
    "tl_bin": "{low}–{high} d",
    "tl_bin_last": "{low}+ d",
    "tl_count": "Deliverables",
    "tl_waits": "Where review waits",
    "tl_waits_chart": "Median wait per stage",
    "tl_no_waits": "No stage has passed yet, so there is no wait to show.",
    "tl_stage": "Stage",
    "tl_median_wait": "Median wait",
    "tl_passed_count": "Passed",
    "tl_bottleneck": "bottleneck",
    "tl_bottleneck_is": "The bottleneck is {stage}: a median wait of {wait}.",
    "tl_all": "All deliverables",
    "tl_no_deliverables": "No deliverable yet.",
    "tl_rounds": "Rounds",
    "tl_lateness": "Lateness",
    "tl_result": "Result",
    "tl_on_time": "on time",
    "tl_late": "late",
    "tl_pending": "not approved",
    "tl_no_due": "no due date",
    "tl_hours": "{n} h",
    "tl_days": "{n} d",
    "tl_percent": "{n}%",
    "tl_none": "–",
    "tl_now": "Figures at {date}.",
    "tl_wip": "Work in progress",
    "tl_no_wip": "Nothing is waiting for review.",
    "tl_not_delivered": "Not delivered",
    "tl_production": "Median production",
    "tl_production_col": "Production",
    "tl_reviewers": "Reviewer response",
    "tl_reviewers_chart": "Median response time per reviewer",
    "tl_no_reviewers": "No decision has landed yet, so there is no response time.",
    "tl_reviewer": "Reviewer",
    "tl_answers": "Answers",
    "tl_definitions": "How these figures are computed",
    "tl_defs": (
        "Landed: when a version or a decision reached the main branch: the time of "
        "the merge, squash or rebased commit (with merge times from GitHub when the "
        "report was made with them). Figures are for each deliverable's current version.",
        "First submitted: when version 1 landed. Approved: when the last stage passed "
        "for the current version; a stage passes at the later of its opening and the "
        "landing of the decision that completes it.",
        "Cycle time: approved minus first submitted. Rounds: the number of the approved version.",
        "Due: a date means 23:59:59 that day in the campaign's timezone. On time: "
        "approved no later than due. Lateness: approved minus due (negative when early).",
        "On-time rate: deliverables approved on time, divided by those approved with a "
        "due date or overdue. Medians and 90th percentiles interpolate linearly between "
        "the closest ranks.",
        "Stage wait: from the stage's opening (the version landed, or the previous stage "
        "passed) to the decision that passed it. The bottleneck is the stage with the "
        "largest median wait.",
        "Response time: from when a version waited for a reviewer (its landing, or the "
        "opening of the reviewer's stage) to the reviewer's decision.",
        "Production: from the commit that made the current version to its landing. Work "
        "in progress: deliverables not approved, by the stage they wait on.",
        "Overdue: the due has passed and the deliverable is not approved. A duration "
        "that cannot be true (dates in the future, approval before submission) is left "
        "blank and reported as a warning, never rounded to zero.",
    ),
    "decide_title": "Your decision",
    "decide_intro": (
        "Write your decision on version {n} here. Nothing leaves this page until you "
        "propose it on GitHub, download it or copy it."
    ),
    "decide_decision": "Decision",
    "decide_reviewer": "Your login (GitHub user name)",
    "decide_reviewer_hint": "Letters, digits and dashes, e.g. alice. Remembered here.",
    "decide_stage": "Stage (optional)",
    "decide_stage_auto": "Let Proofroom work it out",
    "decide_stage_option": "{stage} ({people})",
    "decide_summary": "Summary: one sentence, why",
    "decide_comments": "Comments",
    "decide_add_pin": "Add a pin",
    "decide_add_box": "Add a box",
    "decide_add_comment": "Add a comment",
    "decide_draw_hint": (
        "Add a pin, then click the image; or Add a box, then drag on it. With the "
        "keyboard, these buttons place a mark at the centre: move it with the arrow "
        "keys (Shift + arrow keys resize a box), Enter goes to its text."
    ),
    "decide_no_draw": "Comments cannot be placed on this type of file.",
    "decide_file": "Your decision file",
    "decide_file_name": "File name:",
    "decide_propose": "Propose on GitHub",
    "decide_download": "Download the file",
    "decide_copy": "Copy",
    "decide_no_repo": (
        "This site has no repository address (repo_url in mkdocs.yml), so there is no "
        "GitHub link: download or copy the file instead."
    ),
    "decide_github_how": (
        "Propose on GitHub opens the new file in the repository: sign in, then propose "
        "it; GitHub makes a pull request (and a copy of the repository if you cannot "
        "write to it)."
    ),
    "decide_no_account": (
        "No GitHub account? Download the file and send it by e-mail to {owner}, who "
        "files it with: proofroom import FILE"
    ),
    "decide_owner_unknown": "the owner of the campaign",
    "decide_owner_named": "the owner of the campaign ({owner})",
    "decide_needs_js": (
        "This panel needs JavaScript. Without it, write the decision with: "
        "proofroom review {asset} -d DECISION -r LOGIN"
    ),
    "decide_missing_decision": "Choose a decision.",
    "decide_missing_reviewer": "Write your login.",
    "decide_bad_reviewer": (
        "“{login}” is not a login: use letters, digits and dashes (at most 39), e.g. alice."
    ),
    "decide_missing_text": "Write the text of comment {n}, or remove it.",
    "decide_ready": "Ready: propose it on GitHub, or download or copy it.",
    "decide_ready_no_repo": "Ready: download or copy it.",
    "decide_ready_guest": "Ready: e-mail it to the owner, or download or copy it.",
    "decide_email": "E-mail it to the owner",
    "decide_email_subject": "Decision on {asset}",
    "decide_email_too_long": "Too long for an e-mail link: download it and attach it.",
    "decide_guest_view": "This link lets you see the work, not decide on it.",
    "decide_cannot_sign": (
        "This browser cannot sign the decision: open the link in an up-to-date browser."
    ),
    "decide_too_long": (
        "This decision is long for a link: if GitHub refuses it, download the file instead."
    ),
    "decide_copied": "Copied.",
    "decide_copy_failed": "Copy did not work: the text is selected, press Ctrl+C (⌘+C).",
    "decide_general": "General comment",
    "decide_pin_at": "Pin at {x}%, {y}%",
    "decide_box_at": "Box at {x}%, {y}%, {w}% × {h}%",
    "decide_text_of": "Text of comment {n}",
    "decide_remove": "Remove",
    "decide_remove_n": "Remove comment {n}",
    "decide_mark_label": "Comment {n}: arrow keys move it, Enter goes to its text",
    "decide_pin_mode": "Click the image to drop a pin. Press Escape to stop.",
    "decide_box_mode": "Drag on the image to draw a box. Press Escape to stop.",
    "zoom_open": "Zoom",
    "zoom_title": "Zoom: {name}",
    "zoom_in": "Zoom in",
    "zoom_out": "Zoom out",
    "zoom_reset": "Fit",
    "zoom_close": "Close",
    "zoom_help": "+ and − zoom, 0 fits, arrow keys or dragging move, Escape closes.",
    "archive_filters": "Filter campaigns",
    "archive_year": "Year",
    "archive_status": "Status",
    "archive_tag": "Tag",
    "archive_channel": "Channel",
    "archive_all": "All",
    "archive_reset": "Show all",
    "archive_shown": ("{n} campaign shown", "{n} campaigns shown"),
    "archive_none": "No campaign matches these filters.",
    "archive_file": "File: {value}",
    "archive_deliverable": "Deliverable: {value}",
    "archive_channel_is": "Channel: {value}",
    "archive_tags_are": "Tags: {value}",
    "archive_alt": "Alt text: {value}",
    "archive_year_is": "Year: {value}",
    # the automated checks panel
    "checks_channel": "Channel: {name} ({id})",
    "checks_unknown_channel": "Unknown channel: {id}",
    "checks_status_pass": "Pass",
    "checks_status_warn": "Warning",
    "checks_status_fail": "Fail",
    "checks_status_unknown": "Unknown",
    "check_format": "Format",
    "check_channel-size": "Channel fit",
    "check_file-size": "File size",
    "check_duration": "Duration",
    "check_dpi": "Resolution",
    "check_colour-profile": "Colour profile",
    "check_alt-text": "Alt text",
    "check_channel": "Channel",
    "checks_summary": "Passed: {passed} of {total}",
    "checks_sources": "Where these figures come from",
    "checks_read": "read {date}",
    "checks_via": "via {host}",
}

# The automated checks are worded in English by core (the command line's language).
CHECK_TEMPLATES: dict[str, str] = dict(MESSAGES)
OR_WORD = "or"  # the last item of a list of choices: "1:1, 4:5 or 1.91:1"

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def plural_one(n: int) -> bool:
    """The singular is for 1 only ("0 versions")."""
    return n == 1


def decimal(number: str) -> str:
    """A number written with a decimal point, as English writes it: unchanged."""
    return number
