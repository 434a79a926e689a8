"""PDF pages drawn with PDFium: facts, pages, thumbnails and the page cache, from real
multi-page PDFs written by Pillow."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from proofroom.core.media import pdf
from proofroom.core.media.cache import Cache
from proofroom.core.media.pixels import ThumbJob, ThumbSettings
from proofroom.core.media.thumbs import Thumbnailer

RED, GREEN, BLUE, YELLOW = (200, 30, 30), (30, 200, 30), (30, 30, 200), (230, 200, 20)
A4 = (595, 842)  # points: Pillow writes one pixel as one point at 72 dpi
DAMAGED = "cannot read PDF (damaged file or not a PDF): replace it with a valid PDF"


def pdf_bytes(*pages: Image.Image) -> bytes:
    """A real PDF, one page per picture (Pillow writes PDFs, PDFium reads them)."""
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=list(pages[1:]), resolution=72)
    return out.getvalue()


def page(colour: tuple[int, int, int], size: tuple[int, int] = A4) -> Image.Image:
    return Image.new("RGB", size, colour)


def marked(colour: tuple[int, int, int], size: tuple[int, int] = A4) -> Image.Image:
    """A page with a white square in its top left quarter (to see orientation)."""
    im = page(colour, size)
    w, h = size
    ImageDraw.Draw(im).rectangle((w // 8, h // 8, w * 3 // 8, h * 3 // 8), fill=(255, 255, 255))
    return im


def close(a: tuple, b: tuple, tol: int = 24) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def centre(im: Image.Image) -> tuple:
    return im.convert("RGB").getpixel((im.width // 2, im.height // 2))


def sha(n: int) -> str:
    return f"{n:040x}"


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    """A4 portrait red, A4 landscape green, A5 portrait blue."""
    path = tmp_path / "flyer.pdf"
    path.write_bytes(pdf_bytes(marked(RED), page(GREEN, (842, 595)), page(BLUE, (420, 595))))
    return path


# ---------------------------------------------------------------- reading


def test_facts_give_page_count_and_sizes_in_points(three_pages: Path) -> None:
    found = pdf.facts(three_pages)
    assert found.pages == 3
    assert found.sizes == ((595.0, 842.0), (842.0, 595.0), (420.0, 595.0))
    assert pdf.facts(three_pages.read_bytes(), limit=1).sizes == ((595.0, 842.0),)


def test_render_page_fits_the_longest_side_and_keeps_the_picture(three_pages: Path) -> None:
    first = pdf.render_page(three_pages, 1, 400)
    assert first.mode == "RGB" and max(first.size) == 400
    assert first.size == (math.ceil(595 * 400 / 842), 400)
    assert close(centre(first), RED)
    # The white square sits in the top left quarter: the page is upright, not mirrored.
    assert close(first.getpixel((first.width // 4, first.height // 4)), (255, 255, 255))
    assert close(first.getpixel((first.width * 3 // 4, first.height * 3 // 4)), RED)
    second = pdf.render_page(three_pages.read_bytes(), 2, 400)
    assert second.size == (400, math.ceil(595 * 400 / 842)) and close(centre(second), GREEN)
    third = pdf.render_page(three_pages, 3, 1600)  # a small page is drawn larger: vectors
    assert third.height == 1600 and close(centre(third), BLUE)


def test_no_such_page(three_pages: Path) -> None:
    with pytest.raises(pdf.PdfError, match=r"no page 4, the document has 3"):
        pdf.render_page(three_pages, 4, 100)


@pytest.mark.parametrize(
    "content",
    [b"", b"%PDF-1.4\n" + b"x" * 400, b"not a pdf at all"],
    ids=["empty", "garbage", "text"],
)
def test_unreadable_pdf_raises_one_line(content: bytes) -> None:
    with pytest.raises(pdf.PdfError) as raised:
        pdf.facts(content)
    assert str(raised.value) == DAMAGED


def test_truncated_pdf_raises_one_line(three_pages: Path) -> None:
    whole = three_pages.read_bytes()
    with pytest.raises(pdf.PdfError, match=r"^cannot read PDF \(damaged"):
        pdf.render_page(whole[: len(whole) // 2], 1, 100)


# ---------------------------------------------------------------- thumbnails


def test_thumbnail_of_a_pdf_is_its_first_page(cache: Cache, three_pages: Path) -> None:
    thumb = Thumbnailer(cache, ThumbSettings(size=200), workers=1).get(
        ThumbJob(sha(1), "flyer.pdf", three_pages)
    )
    assert not thumb.placeholder and thumb.warning is None
    assert (thumb.width, thumb.height) == (math.ceil(595 * 200 / 842), 200)
    assert thumb.src_width is None and thumb.src_height is None  # a PDF has no pixel size
    with Image.open(thumb.path) as im:
        assert im.size == (thumb.width, thumb.height)
        assert close(centre(im), RED)


def test_damaged_pdf_keeps_the_icon_with_a_warning(cache: Cache, three_pages: Path) -> None:
    whole = three_pages.read_bytes()
    broken = three_pages.with_name("broken.pdf")
    broken.write_bytes(whole[: len(whole) // 3])
    thumbs = Thumbnailer(cache, ThumbSettings(size=200), workers=1)
    thumb = thumbs.get(ThumbJob(sha(2), "broken.pdf", broken))
    assert thumb.placeholder and thumb.warning == DAMAGED
    # Remembered: the next build says the same without opening the file.
    again = Thumbnailer(cache, ThumbSettings(size=200), workers=1).get(
        ThumbJob(sha(2), "broken.pdf", broken)
    )
    assert not again.made and again.placeholder and again.warning == DAMAGED


# ---------------------------------------------------------------- the page cache


def renderer(cache: Cache, **kw) -> pdf.PageRenderer:
    return pdf.PageRenderer(cache, ThumbSettings(size=300, format="png"), **kw)


def test_every_page_is_drawn_once_and_reused(cache: Cache, three_pages: Path) -> None:
    job = ThumbJob(sha(3), "flyer.pdf", three_pages)
    done = renderer(cache, workers=1).get(job)
    assert done.count == 3 and done.made == 3 and not done.reused and done.warning is None
    assert [p.number for p in done.pages] == [1, 2, 3]
    assert [p.points for p in done.pages] == [(595.0, 842.0), (842.0, 595.0), (420.0, 595.0)]
    for p, colour in zip(done.pages, (RED, GREEN, BLUE), strict=True):
        assert p.path.name == f"{sha(3)}-p{p.number}-{pdf.pages_key(renderer(cache).settings)}.png"
        with Image.open(p.path) as im:
            assert im.size == (p.width, p.height) and max(im.size) == 300
            assert close(centre(im), colour)
    stamps = [p.path.stat().st_mtime_ns for p in done.pages]

    again = renderer(cache, workers=1).get(job)
    assert again.reused and again.made == 0
    assert again.pages == done.pages
    assert [p.path.stat().st_mtime_ns for p in again.pages] == stamps  # nothing rewritten


def test_a_page_gone_from_the_cache_draws_the_document_again(
    cache: Cache, three_pages: Path
) -> None:
    job = ThumbJob(sha(4), "flyer.pdf", three_pages)
    done = renderer(cache, workers=1).get(job)
    done.pages[1].path.unlink()
    again = renderer(cache, workers=1).get(job)
    assert not again.reused and again.made == 3 and again.pages[1].path.is_file()


def test_only_the_first_pages_past_the_limit(cache: Cache, three_pages: Path) -> None:
    done = renderer(cache, workers=1, limit=2).get(ThumbJob(sha(5), "flyer.pdf", three_pages))
    assert done.count == 3 and [p.number for p in done.pages] == [1, 2]
    assert done.page(2) is not None and done.page(3) is None


def test_settings_change_the_key(cache: Cache) -> None:
    keys = {
        pdf.pages_key(ThumbSettings(size=1600)),
        pdf.pages_key(ThumbSettings(size=800)),
        pdf.pages_key(ThumbSettings(size=1600, format="png")),
        pdf.pages_key(ThumbSettings(size=1600), limit=10),
    }
    assert len(keys) == 4


def test_damaged_document_gives_a_warning_and_no_page(cache: Cache, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00" * 300)
    done = renderer(cache, workers=1).get(ThumbJob(sha(6), "broken.pdf", broken))
    assert done.pages == () and done.count == 0 and done.warning == DAMAGED
    again = renderer(cache, workers=1).get(ThumbJob(sha(6), "broken.pdf", broken))
    assert again.reused and again.warning == DAMAGED  # remembered, not reopened


def test_many_documents_in_parallel_each_get_their_own_pages(cache: Cache, tmp_path: Path) -> None:
    """PDFium is not thread-safe: the lock must keep parallel documents apart."""
    colours = [RED, GREEN, BLUE, YELLOW, (120, 30, 160), (20, 160, 160)]
    jobs = []
    for n, colour in enumerate(colours):
        path = tmp_path / f"doc{n}.pdf"
        other = colours[(n + 1) % len(colours)]
        path.write_bytes(pdf_bytes(*(page(c) for c in (colour, other) * 4)))
        jobs.append(ThumbJob(sha(100 + n), path.name, path))
    done = renderer(cache, workers=4).make_all(jobs)
    assert list(done) == [j.blob for j in jobs]
    for n, colour in enumerate(colours):
        doc = done[sha(100 + n)]
        assert doc.count == 8 and doc.made == 8
        other = colours[(n + 1) % len(colours)]
        for p in doc.pages:
            with Image.open(p.path) as im:
                assert close(centre(im), colour if p.number % 2 else other), (n, p.number)
