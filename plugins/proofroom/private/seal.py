"""Make a built site private: each active share's pages sealed as its bundle, the media
they show sealed once per content, every readable file removed.

The public build runs first, unchanged; this step reads its output. Media are sealed
from the cache (never placed in clear), and their sealed forms are cached by media id,
which depends on the secret and the content: a warm build seals nothing again.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from ..core.atomic import atomic_write
from ..core.inputs.shares import Share, read_all_shares, state
from ..core.media.cache import Cache
from ..core.media.publish import place
from ..core.model import Campaign, Workspace
from ..core.problems import Problem, ProofroomError
from ..core.sealing import bundle_key, media_seal, read_passphrase, seal_bundle, seal_file
from ..core.secret import decision_key, share_key
from ..core.settings import Settings
from ..core.validate import campaign_zones
from ..site.lang import t
from . import pages as p
from .runtime import loader_page, neutral_page, write_runtime

_TYPES = {
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".mov": "video/quicktime",
    ".pdf": "application/pdf",
}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class SealSummary:
    shares: int = 0
    pages: int = 0
    media: int = 0
    sealed: int = 0  # media sealed by this build (0 on a warm build)
    skipped: list[str] = field(default_factory=list)  # share ids not published, and why
    problems: list[Problem] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"private site: {self.shares} share(s), {self.pages} page(s), {self.media} media "
            f"file(s), {self.sealed} sealed now, {self.media - self.sealed} reused"
        )


@dataclass(frozen=True)
class Listed:
    """One page of a share: where the public build wrote it, and what it is called."""

    src: str  # site path of the built page
    title: str  # in the share's side list and the bundle
    heading: str  # the document's <title>


@dataclass(frozen=True)
class Scope:
    """One share and the built pages it opens: the campaign's brief first (for a team
    link, the campaigns index)."""

    share: Share
    title: str  # the header: the campaign's title, or the site's name for a team link
    pages: list[Listed]
    assets: frozenset[str]  # asset paths (relative to the campaign) in the share
    nav: tuple[int, ...]  # the pages the side list names (every one, but for a team link)


CAMPAIGNS_INDEX = "campaigns/index.html"
DASHBOARD = "timeliness/index.html"


def in_scope(share: Share, rel: str) -> bool:
    """Whether the asset ``rel`` (relative to its campaign) is within ``share``."""
    if not share.assets:
        return True
    return any(rel == a or rel.startswith(a.rstrip("/") + "/") for a in share.assets)


def _review_path(review_uri: str) -> str:
    return review_uri[: -len(".md")] + ".html"


def _brief(campaign: Campaign) -> str:
    return f"campaigns/{campaign.id}/index.html"


def campaign_scope(
    ws: Workspace, share: Share, review_uri: Callable, site_dir: Path
) -> Scope | None:
    """A campaign's share: its brief and gallery, then the review page of each asset in
    it; None when the campaign is gone or its brief page was not built."""
    campaign = ws.campaign(share.campaign)
    if campaign is None or not (site_dir / _brief(campaign)).is_file():
        return None
    listed = [Listed(_brief(campaign), campaign.title, campaign.title)]
    rels = []
    for asset in campaign.assets:
        if in_scope(share, asset.rel):
            heading = f"{asset.rel} · {campaign.title}"
            listed.append(Listed(_review_path(review_uri(asset, campaign)), asset.rel, heading))
            rels.append(asset.rel)
    return Scope(share, campaign.title, listed, frozenset(rels), tuple(range(len(listed))))


def team_scope(
    ws: Workspace, share: Share, review_uri: Callable, site_dir: Path, settings: Settings
) -> Scope | None:
    """A team link: the campaigns index, each campaign's brief and gallery, every review
    page, then the timeliness dashboard when it was built. Its side list names the index,
    the campaigns and the dashboard only (review pages are reached from the galleries:
    a workspace has thousands). None when the index page was not built."""
    if not (site_dir / CAMPAIGNS_INDEX).is_file():
        return None
    lang = settings.language
    listed = [Listed(CAMPAIGNS_INDEX, t(lang, "campaigns"), t(lang, "campaigns"))]
    campaigns = [c for c in ws.campaigns if (site_dir / _brief(c)).is_file()]
    listed += [Listed(_brief(c), c.title, c.title) for c in campaigns]
    nav = list(range(len(listed)))
    for campaign in campaigns:
        listed += [
            Listed(_review_path(review_uri(a, campaign)), a.rel, f"{a.rel} · {campaign.title}")
            for a in campaign.assets
        ]
    if (site_dir / DASHBOARD).is_file():
        nav.append(len(listed))
        listed.append(Listed(DASHBOARD, t(lang, "tl_title"), t(lang, "tl_title")))
    title = settings.site_name or t(lang, "campaigns")
    return Scope(share, title, listed, frozenset(), tuple(nav))


def scopes(
    ws: Workspace,
    shares: Iterable[Share],
    review_uri: Callable,
    site_dir: Path,
    settings: Settings | None = None,
) -> list[Scope]:
    """The scope of each share whose pages were built: a campaign's share needs its
    campaign and brief page, a team link the campaigns index (its pages are found once,
    for every team link)."""
    out = []
    team: Scope | None = None
    for share in shares:
        if not share.team:
            found = campaign_scope(ws, share, review_uri, site_dir)
        elif team is None:
            found = team = team_scope(
                ws, share, review_uri, site_dir, settings or Settings(root=site_dir)
            )
        else:
            found = replace(team, share=share)
        if found is not None:
            out.append(found)
    return out


class MediaTable:
    """Site path -> media id, for the cache's content-named files and for files the
    docs folder copied into the site (named by their content's hash)."""

    def __init__(
        self, secret: bytes, files: dict[str, Path], site_dir: Path, listing: set[str], kept
    ) -> None:
        self.secret, self.files, self.site_dir = secret, files, site_dir
        self.listing, self.kept = listing, kept
        self.sources: dict[str, tuple[str, Path]] = {}  # media id -> (path, source)
        self.keys: dict[str, bytes] = {}
        self.ids: dict[str, str | None] = {}  # site path -> media id, once per build
        self.entries: dict[str, dict] = {}

    def __call__(self, path: str) -> str | None:
        if path not in self.ids:
            self.ids[path] = self._identify(path)
        return self.ids[path]

    def _identify(self, path: str) -> str | None:
        source = self.files.get(path)
        content = path
        if source is None:
            if path in self.kept or path.endswith(".html") or path not in self.listing:
                return None
            candidate = self.site_dir / path
            source = candidate
            content = f"{path}@{hashlib.sha256(candidate.read_bytes()).hexdigest()}"
        seal = media_seal(self.secret, content)
        self.sources[seal.id] = (path, source)
        self.keys[seal.id] = seal.key
        return seal.id

    def entry(self, mid: str) -> dict:
        if mid not in self.entries:
            self.entries[mid] = self._entry(mid)
        return self.entries[mid]

    def _entry(self, mid: str) -> dict:
        path, source = self.sources[mid]
        kind = _TYPES.get(Path(path).suffix.lower()) or mimetypes.guess_type(path)[0]
        return {
            "key": b64(self.keys[mid]),
            "size": source.stat().st_size,
            "type": kind or "application/octet-stream",
        }


def theme_files(dirs: Iterable[str | Path], site_files: set[str]) -> set[str]:
    """Built files that come from the theme's folders (CSS, JS, fonts, icons)."""
    kept = set()
    for folder in dirs:
        root = Path(folder)
        for path in site_files:
            if path.startswith("assets/") and (root / path).is_file():
                kept.add(path)
    return kept


def site_listing(site_dir: Path) -> set[str]:
    out: set[str] = set()
    for folder, _dirs, names in os.walk(site_dir):
        rel = Path(folder).relative_to(site_dir).as_posix()
        prefix = "" if rel == "." else rel + "/"
        out.update(prefix + n for n in names)
    return out


@dataclass
class SealJob:
    """One private build: what it reads and where it writes."""

    site_dir: Path
    workspace: Workspace
    settings: Settings
    media_files: dict[str, Path]  # content-named site path -> cached file
    secret: bytes
    now: datetime
    review_uri: Callable
    theme_dirs: list[str]
    extra: set[str]  # the user's extra_css / extra_javascript, kept as they are
    static: set[str]  # Proofroom's own static files, kept
    progress: Callable[[str], None] | None = None

    def run(self) -> SealSummary:
        summary = SealSummary()
        listing = site_listing(self.site_dir)
        kept = theme_files(self.theme_dirs, listing) | (self.static & listing)
        kept |= self.extra & listing
        media = MediaTable(self.secret, self.media_files, self.site_dir, listing, kept)
        all_pages = {p.page_dir(f) for f in listing if f.endswith("index.html")}
        used: set[str] = set()
        loader = loader_page(self.settings.language).encode("utf-8")
        workers = min(4, os.cpu_count() or 2)
        # Pages are rewritten here, one share after the other; compressing and sealing
        # (zlib and OpenSSL let go of the GIL) run beside, a few bundles at a time.
        with ThreadPoolExecutor(workers, "proofroom-bundle") as pool:
            pending: deque = deque()
            active = self._active(summary)
            for scope in scopes(
                self.workspace, active, self.review_uri, self.site_dir, self.settings
            ):
                made = self._bundle(scope, media, kept, all_pages, summary)
                if made is None:
                    continue
                key, content, ids = made
                used |= ids
                summary.shares += 1
                summary.pages += len(scope.pages)
                pending.append(pool.submit(self._place_bundle, scope.share, key, content, loader))
                while len(pending) > 2 * workers:
                    pending.popleft().result()
            for future in pending:
                future.result()
        _remove_all_but(self.site_dir, listing, kept)
        self._write(sorted(used), media, summary)
        return summary

    def _place_bundle(self, share: Share, key: bytes, content: dict, loader: bytes) -> None:
        sealed = seal_bundle(key, share.id, content, passphrase=share.passphrase)
        atomic_write(self.site_dir / "s" / share.id / "bundle", sealed)
        atomic_write(self.site_dir / "s" / share.id / "index.html", loader)

    def _active(self, summary: SealSummary) -> list[Share]:
        files, problems = read_all_shares(
            self.settings.root,
            reviews_dir=self.settings.reviews_dir,
            assets_dir=self.settings.assets_dir,
            zones=campaign_zones(self.workspace),
        )
        summary.problems += problems
        out = []
        for found in files:
            for share in found.shares:
                how = state(share, self.now)
                if how == "active":
                    out.append(share)
                else:
                    summary.skipped.append(f"{share.id} ({how})")
        return out

    def _key(self, share: Share, summary: SealSummary) -> bytes | None:
        link = share_key(self.secret, share.id)
        if not share.passphrase:
            return bundle_key(link, share.id)
        sealed = share.passphrase_key
        if not sealed:
            summary.problems.append(_no_passphrase(share))
            return None
        try:
            return bundle_key(link, share.id, read_passphrase(self.secret, share.id, sealed))
        except ProofroomError:
            summary.problems.append(_no_passphrase(share))
            return None

    def _bundle(
        self, scope: Scope, media: MediaTable, kept: set[str], all_pages: set[str], summary
    ) -> tuple[bytes, dict, set[str]] | None:
        """The bundle key and content of one share, and the media ids its pages use."""
        share = scope.share
        key = self._key(share, summary)
        if key is None:
            return None
        targets = p.Targets(
            pages={p.page_dir(page.src): n for n, page in enumerate(scope.pages)},
            all_pages=all_pages,
            media=media,
            kept=kept,
        )
        guest = self._guest(share)
        content = {
            "v": 1,
            "share": {k: guest[k] for k in ("to", "can", "campaign", "expires_at")}
            | {"id": share.id},
            "sign_key": guest["sign_key"],
            "lang": self.settings.language,
            "title": scope.title,
            "pages": self._pages(scope, targets, kept, guest),
            "media": {mid: media.entry(mid) for mid in sorted(targets.used)},
        }
        return key, content, set(targets.used)

    def _guest(self, share: Share) -> dict:
        """The link's terms, as each page gives them to the decision panel (``campaign``
        is null for a team link: every campaign)."""
        sign = decision_key(self.secret, share.id) if share.can != "view" else None
        return {
            "share": share.id,
            "to": share.to,
            "can": share.can,
            "campaign": None if share.team else share.campaign,
            "sign_key": b64(sign) if sign else None,
            "expires_at": _utc(share.expires_at),
        }

    def _pages(self, scope: Scope, targets: p.Targets, kept: set[str], guest: dict) -> list:
        """Each page of the share as a whole document, its URLs rewritten."""
        nav = [p.NavItem(n, scope.pages[n].title) for n in scope.nav]
        chrome = None
        out = []
        for n, page in enumerate(scope.pages):
            built = (self.site_dir / page.src).read_text("utf-8")
            chrome = chrome or p.Chrome.of(built, page.src, kept)
            body = p.article(built)
            if n == 0 and scope.share.assets:
                body = p.drop_cards(body, lambda rel: rel in scope.assets)
            body = p.PageRewriter(page.src, targets).rewrite(body)
            doc = p.document(
                lang=self.settings.language,
                title=page.heading,
                campaign_title=scope.title,
                body=body,
                nav=nav,
                current=n,
                chrome=chrome,
                guest=guest,
            )
            out.append({"title": page.title, "html": doc})
        return out

    def _write(self, used: list[str], media: MediaTable, summary: SealSummary) -> None:
        """Sealed media (from the cache, sealing what is new), the runtime, the neutral
        pages."""
        cache = Cache(self.settings.cache_root)
        out = self.site_dir / "s" / "m"

        cached = {mid: cache.path("sealed", mid, "bin") for mid in used}

        def seal(mid: str) -> None:
            cached[mid].parent.mkdir(parents=True, exist_ok=True)
            seal_file(media.keys[mid], media.sources[mid][1], cached[mid])
            cache.record(cached[mid])

        fresh = [mid for mid in used if not cache.ok(cached[mid])]  # checked, as all cache files
        for path, what in cache.take_damaged():
            message = f"cached file was damaged ({what}); sealed it again, nothing to do"
            name = Path(os.path.relpath(path, self.settings.root)).as_posix()
            summary.problems.append(Problem(name, 0, "warning", message))
        if fresh:  # AES-GCM lets go of the GIL: sealing runs on every core
            with ThreadPoolExecutor(min(8, os.cpu_count() or 2), "proofroom-seal") as pool:
                list(pool.map(seal, fresh))
        cache.save()
        summary.sealed = len(fresh)
        out.mkdir(parents=True, exist_ok=True)
        folder = str(out)
        for mid in used:
            _link(cached[mid], f"{folder}/{mid}")
        summary.media = len(used)
        lang = self.settings.language
        write_runtime(self.site_dir, lang)
        neutral = neutral_page(lang).encode("utf-8")
        atomic_write(self.site_dir / "index.html", neutral)
        atomic_write(self.site_dir / "404.html", neutral)


def _utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _no_passphrase(share: Share) -> Problem:
    return Problem(
        share.path,
        share.line,
        "error",
        f"share {share.id} asks for a passphrase, but its passphrase_key does not open with "
        "this PROOFROOM_SECRET; revoke it and make a new one with `proofroom share "
        "--passphrase`",
    )


def _link(src: Path, dest: str) -> None:
    """A sealed file into the site: a new hard link in the folder MkDocs just emptied,
    else :func:`place` (a file already there, no hard links on this disk)."""
    try:
        os.link(src, dest)
    except OSError:
        place(src, Path(dest))


def _remove_all_but(site_dir: Path, listing: set[str], kept: set[str]) -> None:
    """Every built file not kept goes; then the folders left empty."""
    for rel in listing - kept:
        (site_dir / rel).unlink(missing_ok=True)
    for folder, dirs, names in os.walk(site_dir, topdown=False):
        if not dirs and not names and Path(folder) != site_dir:
            shutil.rmtree(folder, ignore_errors=True)
        elif Path(folder) != site_dir and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
