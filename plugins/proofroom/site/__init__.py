"""Turns the review model into pages (Markdown holding raw HTML) and static files.

No MkDocs import here: the adapter registers the returned :class:`SitePage` values, and
``proofroom export`` can write the same pages for another generator.
"""

from pathlib import Path

from proofroom.site.gallery import campaign_stub_page, gallery_html
from proofroom.site.html import (
    campaign_uri,
    campaigns_index_uri,
    review_paths,
    review_uri,
    safe_title,
)
from proofroom.site.index import campaigns_index
from proofroom.site.lang import t
from proofroom.site.media_refs import MediaLookup, MediaRef
from proofroom.site.parts import SitePage
from proofroom.site.review import deliverable_of, review_page

STATIC_DIR = Path(__file__).parent / "static"
STATIC_FILES = (
    "proofroom.css",
    "compare.css",
    "decide.css",
    "video.css",
    "pdf.css",
    "proofroom.js",
    "compare.js",
    "decide-yaml.js",  # before decide.js, which uses it (and decide-marks.js) as it loads
    "decide-marks.js",
    "decide-sign.js",  # before decide.js too: a guest's page signs the decision
    "decide.js",
    "video.js",
    "archive.js",
)  # copied to the site under ``proofroom/``

__all__ = [
    "STATIC_DIR",
    "STATIC_FILES",
    "MediaLookup",
    "MediaRef",
    "SitePage",
    "campaign_stub_page",
    "campaign_uri",
    "campaigns_index",
    "campaigns_index_uri",
    "deliverable_of",
    "gallery_html",
    "review_page",
    "review_paths",
    "review_uri",
    "safe_title",
    "t",
]
