"""PDF pages as pictures, rendered with PDFium (the pypdfium2 wheels bundle it).

Pillow can write PDFs but not draw them; PDFium draws them as a browser does (fonts,
vectors, transparency). Every page of a version is rendered once at the display size and
kept in the cache by content: the file key is the blob SHA, the page number and a short
hash of the settings, so a warm build opens no PDF at all (the ``pdfpages`` manifest
remembers each page's picture size and page size).

PDFium is not thread-safe, not even across documents: every call into it goes through one
process-wide lock (:data:`_PDFIUM`). Only rendering is serial; scaling and encoding the
pictures run in the callers' thread pools, in parallel with the next render.

A damaged or password-protected PDF never breaks a build: the drawing functions raise
:class:`PdfError`, whose message is one line saying how to fix it, and the page renderer
(like the thumbnailer) turns it into a warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from .cache import Cache
from .pixels import ThumbJob, ThumbSettings, encode, for_format
from .pool import run_distinct

PAGES_RENDERER = "1"  # bump when page pixels change, to invalidate cached pages
MAX_PAGES = 50  # pages rendered per document; the page view says when there are more
_PASSWORD, _SECURITY = 4, 5  # PDFium's FPDF_ERR_PASSWORD and FPDF_ERR_SECURITY
_PDFIUM = threading.RLock()  # one PDFium call at a time in the whole process

Source = Path | bytes


class PdfError(Exception):
    """A PDF that cannot be drawn; ``str()`` is the one-line warning."""

    def __init__(self, reason: str, fix: str = "replace it with a valid PDF") -> None:
        super().__init__(f"cannot read PDF ({reason}): {fix}")


@dataclass(frozen=True)
class PdfFacts:
    pages: int  # pages in the document
    sizes: tuple[tuple[float, float], ...]  # of the first MAX_PAGES pages, in points (1/72 in)


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether pypdfium2 is installed (checked without importing it)."""
    return importlib.util.find_spec("pypdfium2") is not None


@contextlib.contextmanager
def _document(source: Source) -> Iterator[object]:
    """An open ``PdfDocument``; opened and closed under the lock. Raises :class:`PdfError`."""
    if not available():
        raise PdfError("pypdfium2 is not installed", "install proofroom with its dependencies")
    import pypdfium2 as pdfium

    if isinstance(source, Path) and not source.is_file():
        raise FileNotFoundError(source)  # not the content's fault: the caller tries again
    with _PDFIUM:
        try:
            doc = pdfium.PdfDocument(source)  # a path is read by PDFium as it needs it
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code in (_PASSWORD, _SECURITY):
                raise PdfError("password protected", "export it without a password") from exc
            raise PdfError("damaged file or not a PDF") from exc
        except Exception as exc:  # anything else PDFium says: unreadable, never a crash
            raise PdfError(_reason(exc)) from exc
    try:
        yield doc
    finally:
        with _PDFIUM:
            doc.close()


def _reason(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:120]


def _facts(doc: object, limit: int) -> PdfFacts:
    with _PDFIUM:
        try:
            count = len(doc)  # type: ignore[arg-type]
            sizes = tuple(
                doc.get_page_size(i)  # type: ignore[attr-defined]
                for i in range(min(count, limit))
            )
        except Exception as exc:
            raise PdfError(_reason(exc)) from exc
    if count <= 0:
        raise PdfError("no pages")
    return PdfFacts(count, tuple((float(w), float(h)) for w, h in sizes))


def _render(doc: object, index: int, size: int) -> Image.Image:
    """Page ``index`` (0-based) with its longest side ``size`` pixels (the other one
    rounded up), RGB on white."""
    with _PDFIUM:
        page = None
        try:
            page = doc.get_page(index)  # type: ignore[attr-defined]
            width, height = page.get_size()
            if not (width > 0 and height > 0):
                raise PdfError(f"page {index + 1} has no size")
            # pypdfium2 rounds both sides up: aim just under ``size`` so the longest is it.
            scale = (size - 0.001) / max(width, height)
            bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
            try:
                picture = bitmap.to_pil().convert("RGB")  # a copy: the bitmap is freed below
            finally:
                bitmap.close()
        except PdfError:
            raise
        except Exception as exc:
            raise PdfError(f"page {index + 1}: {_reason(exc)}") from exc
        finally:
            if page is not None:
                page.close()
    return picture


def facts(source: Source, *, limit: int = MAX_PAGES) -> PdfFacts:
    """The page count and the size of the first ``limit`` pages, in points."""
    with _document(source) as doc:
        return _facts(doc, limit)


def render_page(source: Source, page: int, size: int) -> Image.Image:
    """Page ``page`` (1-based) as an RGB picture whose longest side is ``size`` pixels."""
    with _document(source) as doc:
        count = _facts(doc, 0).pages
        if not 1 <= page <= count:
            raise PdfError(f"no page {page}, the document has {count}", "ask for another page")
        return _render(doc, page - 1, size)


def render_pages(
    source: Source, size: int, *, limit: int = MAX_PAGES
) -> Generator[tuple[PdfFacts, int, Image.Image], None, None]:
    """``(facts, page number, picture)`` for the first ``limit`` pages, in order.

    The document stays open between pages; the lock is only held while PDFium works,
    so the caller can encode one page while another thread renders.
    """
    with _document(source) as doc:
        found = _facts(doc, limit)
        for index in range(min(found.pages, limit)):
            yield found, index + 1, _render(doc, index, size)


# -- pages in the cache --------------------------------------------------------------------


@dataclass(frozen=True)
class PageImage:
    number: int  # 1-based
    path: Path  # the cached picture
    width: int  # of the picture, in pixels
    height: int
    points: tuple[float, float]  # the page's size, in points


@dataclass(frozen=True)
class PdfPages:
    """Every rendered page of one PDF (at most :data:`MAX_PAGES`)."""

    blob: str
    count: int  # pages in the document (0: unreadable)
    pages: tuple[PageImage, ...]
    warning: str | None  # one line: what is wrong and how to fix it
    made: int  # pages rendered by this call
    reused: bool = False  # read from the cache's manifest: nothing was opened

    def page(self, number: int) -> PageImage | None:
        return self.pages[number - 1] if 1 <= number <= len(self.pages) else None


def pages_key(settings: ThumbSettings, limit: int = MAX_PAGES) -> str:
    """Short stable hash of the page settings and the renderer version."""
    text = f"pdfpage/{PAGES_RENDERER}/{settings.size}/{settings.format}/{settings.quality}/{limit}"
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:10]


def page_id(blob: str, page: int) -> str:
    """The content id of one page's picture (for difference images): ``<blob>-p<page>``."""
    return f"{blob}-p{page}"


class PageRenderer:
    """Makes and reuses page pictures in ``cache`` (``pages`` files, ``pdfpages`` manifest)."""

    def __init__(
        self,
        cache: Cache,
        settings: ThumbSettings,
        *,
        workers: int | None = None,
        limit: int = MAX_PAGES,
    ) -> None:
        self.cache = cache
        self.settings = settings
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.limit = limit
        self.key = pages_key(settings, limit)
        self.manifest = cache.manifest("pdfpages")

    def get(self, job: ThumbJob) -> PdfPages:
        """One document's pages, made or reused; the manifest is saved when it changed."""
        done = self._get(job)
        self.manifest.save()
        return done

    def forget(self, blobs: Iterable[str]) -> None:
        """Drop what the manifest says of ``blobs`` (made from bytes now known bad)."""
        for blob in blobs:
            self.manifest.delete(f"{blob}-{self.key}")

    def make_all(
        self,
        jobs: Iterable[ThumbJob],
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, PdfPages]:
        """Pages by blob, in the order of ``jobs`` (one per distinct blob), documents in
        parallel (rendering itself is serial, see the module's docstring)."""
        try:
            return run_distinct(
                jobs,
                lambda job: job.blob,
                self._get,
                workers=self.workers,
                name="proofroom-pdf",
                progress=progress,
            )
        finally:
            self.manifest.save()

    def page_path(self, blob: str, number: int) -> Path:
        return self.cache.path("pages", f"{blob}-p{number}-{self.key}", self.settings.ext)

    def _get(self, job: ThumbJob) -> PdfPages:
        key = f"{job.blob}-{self.key}"
        reused = self._from_manifest(job.blob, key)
        if reused is not None:
            return reused

        source: Source
        try:
            source = job.source if isinstance(job.source, Path) else job.source()
        except Exception as exc:  # the source's own reader failed: try again next build
            return PdfPages(job.blob, 0, (), f"cannot read file ({_reason(exc)})", 0)
        pages: list[PageImage] = []
        count = 0
        warning = None
        try:
            with contextlib.closing(
                render_pages(source, self.settings.size, limit=self.limit)
            ) as rendered:
                for found, number, picture in rendered:
                    count = found.pages
                    data = encode(for_format(picture, self.settings.format), self.settings)
                    path = self.page_path(job.blob, number)
                    self.cache.write_bytes("pages", path.stem, self.settings.ext, data)
                    size = (picture.width, picture.height)
                    pages.append(PageImage(number, path, *size, found.sizes[number - 1]))
        except PdfError as exc:
            warning = str(exc)
        except OSError as exc:  # a file that went away meanwhile: try again next build
            return PdfPages(job.blob, count, (), f"cannot read file ({_reason(exc)})", len(pages))
        done = PdfPages(job.blob, count, tuple(pages), warning, len(pages))
        self._remember(key, done)
        return done

    def _from_manifest(self, blob: str, key: str) -> PdfPages | None:
        entry = self.manifest.get(key)
        if entry is None:
            return None
        try:
            pages = []
            for number, page in enumerate(entry["pages"], 1):
                path = self.cache.root / str(page["file"])
                if not self.cache.ok(path):
                    return None  # a page deleted from the cache: render them again
                w, h = page["points"]
                points = (float(w), float(h))
                pages.append(
                    PageImage(number, path, int(page["width"]), int(page["height"]), points)
                )
            warning = entry.get("warning")
            return PdfPages(
                blob,
                int(entry["count"]),
                tuple(pages),
                None if warning is None else str(warning),
                made=0,
                reused=True,
            )
        except (KeyError, TypeError, ValueError):
            return None  # an entry of the wrong shape: make it again

    def _remember(self, key: str, done: PdfPages) -> None:
        pages = [
            {
                "file": self.cache.relative(p.path),
                "width": p.width,
                "height": p.height,
                "points": list(p.points),
            }
            for p in done.pages
        ]
        self.manifest.set(key, {"count": done.count, "pages": pages, "warning": done.warning})
