"""What the live preview does to keep MkDocs' own work per rebuild small.

MkDocs makes a new Jinja environment on every build, so every rebuild parses and compiles
Material's templates again (about a second). Jinja can keep compiled templates in a
bytecode cache: this one lives in memory for the life of the preview and is checked
against each template's source, so an edited override is compiled again.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

# Rendered on every build though no edit to a campaign changes them: after the first
# build of a preview, the copies already written are kept.
ONCE_PER_PREVIEW = ("404.html", "sitemap.xml")


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # checks the source checksum; stale: ignored

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


def skip_static_templates(templates: set[str] | list[str]) -> None:
    """Leave out the theme pages that stay as the first build wrote them."""
    for name in ONCE_PER_PREVIEW:
        if isinstance(templates, set):
            templates.discard(name)
        elif name in templates:
            templates.remove(name)
