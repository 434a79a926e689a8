"""Thumbnails from real images made with Pillow: sizes, colours, failures, cache reuse."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from helpers.gitrepo import GitRepo
from helpers.sounds import wav_bytes
from PIL import Image

from proofroom.core.git.history import BlobReader
from proofroom.core.media.cache import Cache
from proofroom.core.media.kinds import WEB_IMAGE, kind_of
from proofroom.core.media.pixels import ThumbJob, ThumbSettings
from proofroom.core.media.thumbs import Thumb, Thumbnailer

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def sha(n: int) -> str:
    return f"{n:040x}"


def close(a: tuple, b: tuple, tol: int = 30) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


def thumb_of(cache: Cache, path: Path, n: int = 1, **settings) -> Thumb:
    return Thumbnailer(cache, ThumbSettings(**settings), workers=1).get(
        ThumbJob(sha(n), path.name, path)
    )


def quadrants(width: int, height: int) -> Image.Image:
    im = Image.new("RGB", (width, height), WHITE)
    im.paste(RED, (0, 0, width // 2, height // 2))
    im.paste(GREEN, (width // 2, 0, width, height // 2))
    im.paste(BLUE, (0, height // 2, width // 2, height))
    return im


def png_header(width: int, height: int, bit_depth: int = 8, colour: int = 2) -> bytes:
    """A PNG signature and IHDR declaring any size, then a few bytes of image data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


PEAK = """
import resource, sys
from pathlib import Path
from proofroom.core.media.cache import Cache
from proofroom.core.media.pixels import ThumbJob
from proofroom.core.media.thumbs import Thumbnailer
t = Thumbnailer(Cache(Path(sys.argv[1])), workers=1)
warm = Path(sys.argv[2])
t.get(ThumbJob("0" * 40, warm.name, warm))  # load every module and codec first
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
src = Path(sys.argv[3])
thumb = t.get(ThumbJob("1" * 40, src.name, src))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) // 1024, thumb.placeholder, thumb.width, thumb.height)
"""


def peak_growth(tmp_path: Path, src: Path) -> tuple[int, str]:
    """Peak memory growth (MB) of a fresh interpreter while it makes one thumbnail."""
    warm = tmp_path / "warm.jpg"
    quadrants(800, 600).save(warm)
    out = subprocess.run(
        [sys.executable, "-c", PEAK, str(tmp_path / "peak-cache"), str(warm), str(src)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(out[0]), " ".join(out[1:])


# -- kinds and settings --------------------------------------------------------------------


def test_kind_of_by_extension() -> None:
    assert kind_of("a/b/hero.JPG") == "image"
    assert kind_of("banner.webp") == "image"
    assert kind_of("scan.tiff") == "image"
    assert kind_of("logo.svg") == "svg"
    assert kind_of("spot.MOV") == "video"
    assert kind_of("jingle.flac") == "audio"
    assert kind_of("print/flyer.pdf") == "pdf"
    assert kind_of("notes.docx") == "other"
    assert kind_of("README") == "other"
    assert kind_of(".jpg") == "other"  # a hidden file named ".jpg" has no extension
    assert {"jpg", "png", "webp"} <= WEB_IMAGE
    assert "tiff" not in WEB_IMAGE
    assert "svg" not in WEB_IMAGE  # shown by a raster drawn from it, never as is


def test_kinds_and_the_model_load_without_pillow() -> None:
    """The model and the gallery's variant grouping never need an image library."""
    code = (
        "import sys; sys.modules['PIL'] = None\n"
        "import proofroom.core.media.kinds, proofroom.core.variants, proofroom.core.workspace\n"
        "from proofroom.core.media.kinds import kind_of\n"
        "assert kind_of('spot.mov') == 'video' and kind_of('logo.svg') == 'svg'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_settings_key_is_stable_and_changes_with_settings() -> None:
    assert ThumbSettings().key() == ThumbSettings().key()
    keys = {ThumbSettings(size=s, format=f).key() for s in (240, 480) for f in ("webp", "png")}
    assert len(keys) == 4
    with pytest.raises(ValueError, match="webp, jpeg or png"):
        ThumbSettings(format="gif")


# -- decoding ------------------------------------------------------------------------------


def test_large_jpeg_has_right_size_and_colours(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "big.jpg"
    quadrants(4000, 3000).save(src, quality=92)
    thumb = thumb_of(cache, src)
    assert (thumb.width, thumb.height) == (480, 360)
    assert (thumb.src_width, thumb.src_height) == (4000, 3000)
    assert not thumb.placeholder and thumb.warning is None and thumb.made
    with Image.open(thumb.path) as im:
        assert im.format == "WEBP" and im.size == (480, 360)
        rgb = im.convert("RGB")
        assert close(rgb.getpixel((120, 90)), RED)
        assert close(rgb.getpixel((360, 90)), GREEN)
        assert close(rgb.getpixel((120, 270)), BLUE)
        assert close(rgb.getpixel((360, 270)), WHITE)


def test_large_jpeg_is_decoded_at_reduced_scale(tmp_path: Path) -> None:
    # A full decode of 4000x3000 RGB needs 36 MB; draft mode decodes 1000x750 (2.3 MB).
    src = tmp_path / "big.jpg"
    quadrants(4000, 3000).save(src, quality=92)
    growth, result = peak_growth(tmp_path, src)
    assert result == "False 480 360"
    assert growth < 20, f"peak memory grew by {growth} MB: the JPEG was decoded at full size"


def test_png_alpha_is_kept_in_webp(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "logo.png"
    im = Image.new("RGBA", (1000, 500), (0, 0, 0, 0))
    im.paste((255, 0, 0, 255), (500, 0, 1000, 500))
    im.save(src)
    thumb = thumb_of(cache, src)
    with Image.open(thumb.path) as out:
        assert out.mode == "RGBA" and out.size == (480, 240)
        assert out.getpixel((100, 120))[3] == 0
        assert out.getpixel((400, 120))[3] == 255
        assert close(out.getpixel((400, 120))[:3], RED)


def test_png_alpha_is_flattened_on_white_for_jpeg(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "logo.png"
    im = Image.new("RGBA", (1000, 500), (0, 0, 0, 0))
    im.paste((0, 0, 255, 255), (500, 0, 1000, 500))
    im.save(src)
    thumb = thumb_of(cache, src, format="jpeg")
    assert thumb.path.suffix == ".jpg"
    with Image.open(thumb.path) as out:
        assert out.format == "JPEG" and out.mode == "RGB"
        assert close(out.getpixel((100, 120)), WHITE)  # not black
        assert close(out.getpixel((400, 120)), BLUE)


def test_cmyk_jpeg_becomes_sane_rgb(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "print.jpg"
    Image.new("CMYK", (2000, 1000), (0, 255, 255, 0)).save(src)  # Adobe (inverted) CMYK
    thumb = thumb_of(cache, src)
    with Image.open(thumb.path) as out:
        assert out.mode == "RGB"
        assert close(out.getpixel((240, 120)), RED, tol=40)


def test_exif_orientation_6_gives_a_portrait_thumbnail(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "phone.jpg"
    stored = Image.new("RGB", (4000, 2000), BLUE)
    stored.paste(RED, (0, 0, 2000, 2000))  # left half of the stored pixels
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    stored.save(src, exif=exif, quality=92)
    thumb = thumb_of(cache, src)
    assert (thumb.width, thumb.height) == (240, 480)
    assert (thumb.src_width, thumb.src_height) == (2000, 4000)
    with Image.open(thumb.path) as out:
        assert out.size == (240, 480)
        assert close(out.convert("RGB").getpixel((120, 100)), RED)  # left went to the top
        assert close(out.convert("RGB").getpixel((120, 380)), BLUE)


def test_16bit_png_mid_grey_stays_mid_grey(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "scan.png"
    Image.new("I;16", (800, 600), 32896).save(src)  # 0x8080 of 0xFFFF
    thumb = thumb_of(cache, src, format="png")
    with Image.open(thumb.path) as out:
        value = out.convert("L").getpixel((100, 100))
    assert 120 <= value <= 136, f"16-bit mid grey became {value}"


def test_palette_png_with_transparency(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "icon.png"
    im = Image.new("P", (600, 600), 0)
    im.putpalette([255, 255, 255, 0, 128, 0] + [0] * (254 * 3))
    im.paste(1, (0, 0, 300, 600))
    im.save(src, transparency=0)
    thumb = thumb_of(cache, src)
    with Image.open(thumb.path) as out:
        assert out.mode == "RGBA"
        assert close(out.getpixel((100, 240)), (0, 128, 0, 255))
        assert out.getpixel((400, 240))[3] == 0


def test_animated_gif_uses_first_frame(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "banner.gif"
    frames = [Image.new("RGB", (800, 400), c) for c in (RED, GREEN, BLUE)]
    frames[0].save(src, save_all=True, append_images=frames[1:], duration=100, loop=0)
    thumb = thumb_of(cache, src)
    assert (thumb.width, thumb.height) == (480, 240)
    with Image.open(thumb.path) as out:
        assert getattr(out, "n_frames", 1) == 1
        assert close(out.convert("RGB").getpixel((240, 120)), RED)


def test_small_image_is_not_enlarged(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "tiny.png"
    Image.new("RGB", (100, 50), GREEN).save(src)
    thumb = thumb_of(cache, src)
    assert (thumb.width, thumb.height) == (100, 50)


def test_metadata_is_stripped(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "camera.jpg"
    exif = Image.Exif()
    exif[0x010F] = "ExampleCam"  # Make
    exif[0x0131] = "Editor 1.0"  # Software
    quadrants(1200, 800).save(src, exif=exif, comment=b"secret")
    for fmt in ("webp", "jpeg", "png"):
        thumb = thumb_of(cache, src, format=fmt)
        data = thumb.path.read_bytes()
        assert b"ExampleCam" not in data and b"secret" not in data
        with Image.open(thumb.path) as out:
            assert not out.getexif() and "icc_profile" not in out.info


def test_output_bytes_are_deterministic(tmp_path: Path) -> None:
    src = tmp_path / "photo.jpg"
    Image.effect_noise((1600, 1200), 40).convert("RGB").save(src)
    jobs = [ThumbJob(sha(i), "photo.jpg", src) for i in range(1, 4)]
    serial = Thumbnailer(Cache(tmp_path / "a"), workers=1).make_all(jobs)
    parallel = Thumbnailer(Cache(tmp_path / "b"), workers=3).make_all(jobs)
    for blob in serial:
        assert serial[blob].path.read_bytes() == parallel[blob].path.read_bytes()


# -- failures ------------------------------------------------------------------------------


def test_truncated_jpeg_gets_placeholder_and_warning(cache: Cache, tmp_path: Path) -> None:
    whole = io.BytesIO()
    Image.effect_noise((1200, 800), 60).convert("RGB").save(whole, "JPEG")
    src = tmp_path / "cut.jpg"
    src.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    thumb = thumb_of(cache, src)
    assert thumb.placeholder and thumb.made
    assert thumb.warning == "cannot read image (truncated file): replace it with a valid JPEG"
    with Image.open(thumb.path) as out:
        assert out.size == (thumb.width, thumb.height)
    again = thumb_of(cache, src)  # the failure is remembered: no second decode
    assert not again.made and again.warning == thumb.warning and again.path == thumb.path


def test_random_bytes_named_jpg(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "noise.jpg"
    src.write_bytes(bytes(range(256)) * 40)
    thumb = thumb_of(cache, src)
    assert thumb.placeholder
    assert thumb.warning == "cannot read image (not a JPEG file): replace it with a valid JPEG"


def test_lfs_pointer_says_how_to_fetch(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "hero.png"
    src.write_text(
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 12345\n"
    )
    thumb = thumb_of(cache, src)
    assert thumb.placeholder and "git lfs pull" in (thumb.warning or "")
    src.unlink()
    Image.new("RGB", (600, 300), RED).save(src)  # pulled: same blob key, real pixels now
    pulled = thumb_of(cache, src)
    assert not pulled.placeholder and pulled.made and pulled.width == 480


def test_source_function_and_its_failure(cache: Cache) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (960, 480), GREEN).save(buf, "PNG")
    t = Thumbnailer(cache, workers=1)
    ok = t.get(ThumbJob(sha(1), "from-git.png", lambda: buf.getvalue()))
    assert (ok.width, ok.height, ok.placeholder) == (480, 240, False)

    def broken() -> bytes:
        raise OSError("blob not found")

    bad = t.get(ThumbJob(sha(2), "gone.png", broken))
    assert bad.placeholder and "blob not found" in (bad.warning or "")
    assert t.manifest.get(f"{sha(2)}-{t.settings.key()}") is None  # not remembered


def test_audio_read_from_a_git_blob_gets_its_length_and_codec(cache: Cache, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("jingle.wav", wav_bytes(seconds=2))
    repo.commit("Jingle", date="2027-01-05T09:00:00+01:00")
    blob = repo.git("rev-parse", "HEAD:jingle.wav")
    (repo.path / "jingle.wav").unlink()  # only git has it now
    t = Thumbnailer(cache, workers=1)
    with BlobReader(repo.path) as reader:
        thumb = t.get(ThumbJob(blob, "jingle.wav", lambda: reader.read(blob)))
    assert thumb.placeholder and thumb.warning is None  # the audio icon
    assert (thumb.duration, thumb.codec) == (2.0, "pcm_s16le")

    def broken() -> bytes:
        raise OSError("blob not found")

    bad = t.get(ThumbJob(sha(2), "gone.wav", broken))
    assert bad.placeholder and "blob not found" in (bad.warning or "")
    assert bad.duration is None
    assert t.manifest.get(f"{sha(2)}-{t.settings.key()}") is None  # not remembered


@pytest.mark.parametrize("fmt", ["png", "jpg"])
def test_bomb_header_is_refused_without_decoding(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / f"bomb.{fmt}"
    if fmt == "png":
        src.write_bytes(png_header(30000, 30000))
    else:
        small = io.BytesIO()
        Image.new("RGB", (16, 16), RED).save(small, "JPEG")
        data = bytearray(small.getvalue())
        sof = data.index(b"\xff\xc0")
        data[sof + 5 : sof + 9] = struct.pack(">HH", 30000, 30000)
        src.write_bytes(bytes(data))
    thumb = thumb_of(Cache(tmp_path / "cache"), src)
    assert thumb.placeholder and thumb.warning and thumb.warning.startswith("image too large")
    growth, result = peak_growth(tmp_path, src)
    assert result.startswith("True")
    assert growth < 50, f"peak memory grew by {growth} MB for a refused image"


def test_pixel_limit_is_checked_before_decoding(cache: Cache, tmp_path: Path) -> None:
    src = tmp_path / "wide.png"
    src.write_bytes(png_header(2000, 1000))  # truncated data: decoding would fail otherwise
    t = Thumbnailer(cache, workers=1, max_pixels=1_000_000)
    thumb = t.get(ThumbJob(sha(1), src.name, src))
    assert thumb.placeholder
    assert thumb.warning and thumb.warning.startswith("image too large (2000x1000, 2 megapixels")
    assert (thumb.src_width, thumb.src_height) == (2000, 1000)


def test_non_image_kinds_get_one_icon_each(cache: Cache, tmp_path: Path) -> None:
    names = ["spot.mp4", "cut.mov", "jingle.mp3", "flyer.pdf", "logo.svg", "notes.docx"]
    jobs = [ThumbJob(sha(i + 1), n, tmp_path / n) for i, n in enumerate(names)]  # never read
    thumbs = Thumbnailer(cache, workers=2).make_all(jobs)
    assert all(t.placeholder and t.warning is None for t in thumbs.values())
    paths = [thumbs[j.blob].path for j in jobs]
    assert paths[0] == paths[1]  # both videos share the video icon
    assert len(set(paths)) == 5
    for path in set(paths):
        with Image.open(path) as out:
            assert out.size == (480, 360)
    again = Thumbnailer(cache).make_all(jobs)
    assert not any(t.made for t in again.values())


# -- cache reuse ---------------------------------------------------------------------------


def some_jobs(tmp_path: Path) -> list[ThumbJob]:
    jobs = []
    for i, colour in enumerate((RED, GREEN, BLUE)):
        src = tmp_path / f"a{i}.jpg"
        Image.new("RGB", (1200, 800), colour).save(src)
        jobs.append(ThumbJob(sha(i + 1), src.name, src))
    return jobs


def test_second_run_reuses_without_writing(cache: Cache, tmp_path: Path) -> None:
    jobs = some_jobs(tmp_path)
    seen: list[tuple[int, int]] = []
    first = Thumbnailer(cache).make_all(jobs + jobs[:1], progress=lambda d, t: seen.append((d, t)))
    assert list(first) == [j.blob for j in jobs]  # one per blob, in job order
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    assert all(t.made for t in first.values())
    stamps = {t.path: t.path.stat().st_mtime_ns for t in first.values()}
    manifest = cache.manifest("thumbs").path
    manifest_stamp = manifest.stat().st_mtime_ns

    second = Thumbnailer(cache).make_all(jobs)
    assert not any(t.made for t in second.values())
    assert {b: (t.width, t.height, t.path) for b, t in second.items()} == {
        b: (t.width, t.height, t.path) for b, t in first.items()
    }
    assert {t.path: t.path.stat().st_mtime_ns for t in second.values()} == stamps
    assert manifest.stat().st_mtime_ns == manifest_stamp  # nothing new: not even saved


def test_corrupted_manifest_is_ignored_and_rebuilt(cache: Cache, tmp_path: Path) -> None:
    jobs = some_jobs(tmp_path)
    Thumbnailer(cache).make_all(jobs)
    manifest = cache.manifest("thumbs").path
    for damage in (b"\x00\xff garbage", manifest.read_bytes()[:20], b"[1, 2, 3]"):
        manifest.write_bytes(damage)
        again = Thumbnailer(cache).make_all(jobs)
        assert all(t.made and not t.placeholder for t in again.values())
        data = json.loads(manifest.read_bytes())
        assert isinstance(data, dict) and len(data) == 3


def test_entry_whose_file_was_deleted_is_made_again(cache: Cache, tmp_path: Path) -> None:
    jobs = some_jobs(tmp_path)
    first = Thumbnailer(cache).make_all(jobs)
    gone = first[jobs[1].blob].path
    gone.unlink()
    again = Thumbnailer(cache).make_all(jobs)
    assert [t.made for t in again.values()] == [False, True, False]
    assert gone.is_file()


def test_settings_change_makes_new_thumbnails(cache: Cache, tmp_path: Path) -> None:
    jobs = some_jobs(tmp_path)
    Thumbnailer(cache).make_all(jobs)
    small = Thumbnailer(cache, ThumbSettings(size=240)).make_all(jobs)
    assert all(t.made and t.width == 240 for t in small.values())
