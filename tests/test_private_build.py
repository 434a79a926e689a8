"""A private build publishes ciphertext only: no name, title, text or media in clear."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.cli import run
from helpers.gitrepo import GitRepo, copy_repo
from helpers.private_site import (
    AFTER_EXPIRY,
    BUILT_AT,
    ENV,
    SECRETS,
    every_byte,
    private_workspace,
)
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from proofroom.cli import main
from proofroom.core.sealing import (
    ITERATIONS,
    BundleHeader,
    SealError,
    bundle_header,
    bundle_key,
    open_bundle,
    passphrase_key,
)
from proofroom.core.secret import link_key, share_key, site_secret

MAGIC = {
    "JPEG": re.compile(rb"^\xff\xd8\xff"),
    "PNG": re.compile(rb"^\x89PNG"),
    "GIF": re.compile(rb"^GIF8"),
    "WebP/AVI/WAV": re.compile(rb"^RIFF"),
    "ISO media (MP4, MOV, AVIF, HEIC)": re.compile(rb"^....ftyp", re.DOTALL),
    "Matroska/WebM": re.compile(rb"^\x1a\x45\xdf\xa3"),
    "PDF": re.compile(rb"^%PDF"),
    "SVG/XML": re.compile(rb"^\s*<(\?xml|svg)"),
    "TIFF": re.compile(rb"^(II\*\x00|MM\x00\*)"),
}


@pytest.fixture(scope="module")
def private_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, dict[str, str]]:
    repo = GitRepo(tmp_path_factory.mktemp("private") / "repo")
    return repo, private_workspace(repo)


def build(repo: GitRepo, epoch: int = BUILT_AT, env: dict | None = None):
    env = {**ENV, "SOURCE_DATE_EPOCH": str(epoch), **(env or {})}
    return run("build", cwd=repo.path, env=env)


@pytest.fixture(scope="module")
def built(private_repo, tmp_path_factory) -> tuple[GitRepo, dict[str, str]]:
    repo, ids = private_repo
    result = build(repo)
    assert result.returncode == 0, result.stderr
    return repo, ids


def _theme_file(rel: str) -> bool:
    import material

    return (
        rel.startswith("assets/") and (Path(material.__file__).parent / "templates" / rel).is_file()
    )


def test_no_byte_of_the_site_names_or_shows_anything(built) -> None:
    repo, _ids = built
    files = every_byte(repo.path / "site")
    assert files, "the site is empty"
    for rel, data in files.items():
        for secret in SECRETS:
            assert secret.encode("utf-8") not in data, f"{rel} holds {secret!r}"
            assert secret.encode("utf-16-le") not in data, f"{rel} holds {secret!r} (UTF-16)"
        if _theme_file(rel.removesuffix(" (unpacked)")):
            continue
        for kind, magic in MAGIC.items():
            assert not magic.match(data), f"{rel} is a {kind} file in clear"


def test_only_runtime_loader_bundles_and_sealed_media_are_published(built) -> None:
    repo, ids = built
    site = repo.path / "site"
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    ours = {n for n in names if not _theme_file(n) and not n.startswith("_proofroom/")}
    expected_fixed = {"index.html", "404.html", "s/sw.js", "s/loader.js", "s/guest.js"}
    assert expected_fixed <= ours
    rest = ours - expected_fixed
    shares = set(ids.values())
    for name in rest:
        assert re.fullmatch(r"s/(m/[0-9a-f]{32}|[a-z0-9]{8,32}/(bundle|index\.html))", name), name
    assert {n.split("/")[1] for n in rest if not n.startswith("s/m/")} == shares
    static = {n for n in names if n.startswith("_proofroom/")}
    assert all(re.fullmatch(r"_proofroom/[a-z-]+\.(js|css)", n) for n in static), static
    loaders = {(site / f"s/{i}/index.html").read_bytes() for i in shares}
    assert len(loaders) == 1, "the loader page is the same for every share"


def _bundle(repo: GitRepo, share_id: str) -> dict:
    secret = site_secret(ENV)
    data = (repo.path / "site" / "s" / share_id / "bundle").read_bytes()
    return open_bundle(bundle_key(share_key(secret, share_id), share_id), share_id, data)


def test_a_bundle_holds_its_share_only(built) -> None:
    repo, ids = built
    client = _bundle(repo, ids["client"])
    assert client["share"] == {
        "id": ids["client"],
        "to": "client-acme",
        "can": "decide",
        "campaign": "soldes",
        "expires_at": None,
    }
    assert [p["title"] for p in client["pages"]] == [
        "Soldes de printemps 2027",
        "banner.png",
        "hero.jpg",
        "teaser.mp4",
    ]
    agency = _bundle(repo, ids["agency"])
    assert [p["title"] for p in agency["pages"]] == ["Coffret Noël confidentiel", "coffret-or.jpg"]
    text = "".join(p["html"] for p in agency["pages"])
    assert "Soldes" not in text and "etiquette" not in text, "another campaign or asset leaks"
    gallery = agency["pages"][0]["html"]
    assert gallery.count('data-proofroom="card"') == 1
    assert agency["sign_key"] and _bundle(repo, ids["short"])["sign_key"] is None
    for page in agency["pages"]:
        for url in re.findall(
            r'(?:href|src|data-src|data-display|poster)="([^"#]+)"', page["html"]
        ):
            assert url.startswith(
                (
                    "../../m/",
                    "../../../assets/",
                    "../../../_proofroom/",
                    "../",
                    "https://",
                    "mailto:",
                )
            ), url
            if url.startswith("../../m/"):
                assert url[len("../../m/") :] in agency["media"], url


BUNDLE_URL = re.compile(r'(?:href|src|data-src|data-display|poster)="([^"#]+)"')


def test_a_team_bundle_holds_the_index_every_campaign_and_review_page_and_the_dashboard(
    built,
) -> None:
    repo, ids = built
    team = _bundle(repo, ids["team"])
    assert team["share"] == {
        "id": ids["team"],
        "to": "equipe-studio",
        "can": "decide",
        "campaign": None,
        "expires_at": None,
    }
    assert team["title"] == "Test reviews" and team["sign_key"]
    assert [p["title"] for p in team["pages"]] == [
        "Campaigns",
        "Coffret Noël confidentiel",
        "Soldes de printemps 2027",
        "coffret-or.jpg",
        "etiquette.png",
        "notice.pdf",
        "banner.png",
        "hero.jpg",
        "teaser.mp4",
        "Timeliness",
    ]
    pages = [p["html"] for p in team["pages"]]
    for html in pages:
        nav = re.search(r'data-proofroom="share-nav">(.*?)</nav>', html, re.DOTALL)
        assert nav and re.findall(r'href="\.\./(\d+)/"', nav.group(1)) == ["0", "1", "2", "9"]
        assert '<span class="md-ellipsis">Test reviews</span>' in html
        guest = re.search(r'id="proofroom-guest" type="application/json">(.*?)</script>', html)
        assert guest and '"campaign": null' in guest.group(1)
        for url in BUNDLE_URL.findall(html):
            number = re.fullmatch(r"\.\./(\d+)/", url)
            if number:
                assert int(number.group(1)) < len(pages), url
            elif url.startswith("../../m/"):
                assert url[len("../../m/") :] in team["media"], url
            else:
                assert url == "../../guest.js" or url.startswith(
                    ("../../../assets/", "../../../_proofroom/", "https://", "mailto:")
                ), url
    index = pages[0]
    cards = re.findall(
        r'<li class="proofroom-card proofroom-campaign"[^>]*>.*?</li>', index, re.DOTALL
    )
    assert {re.search(r'data-campaign="([^"]+)"', c).group(1) for c in cards} == {"noel", "soldes"}
    assert all(re.search(r'class="proofroom-card__link" href="\.\./[12]/"', c) for c in cards)
    assert 'href="../7/"' in pages[2], "the soldes gallery opens hero.jpg's review page"
    assert 'href="../3/"' in pages[9], "the dashboard links to the overdue coffret"


def test_a_second_build_seals_no_media_again(private_repo, tmp_path) -> None:
    repo, _ids = private_repo
    ws = copy_repo(repo.path, tmp_path / "ws")
    assert build(ws).returncode == 0
    cache = ws.path / ".cache" / "proofroom" / "sealed"
    first = {p: p.stat().st_mtime_ns for p in cache.rglob("*.bin")}
    assert first
    result = build(ws)
    assert result.returncode == 0, result.stderr
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.bin")} == first
    assert f"{len(first)} media file(s), 0 sealed now" in result.stderr


def test_a_damaged_sealed_file_is_sealed_again_with_one_warning(private_repo, tmp_path) -> None:
    repo, _ids = private_repo
    ws = copy_repo(repo.path, tmp_path / "ws")
    assert build(ws).returncode == 0
    cache = ws.path / ".cache" / "proofroom" / "sealed"
    sealed = sorted(cache.rglob("*.bin"))
    whole = sealed[0].read_bytes()
    with open(sealed[0], "r+b") as f:  # in place: the site's hard link shares the bytes
        f.truncate(len(whole) // 2)
    result = build(ws)
    assert result.returncode == 0, result.stderr
    warned = [ln for ln in result.stderr.splitlines() if "cached file was damaged" in ln]
    assert len(warned) == 1 and sealed[0].name in warned[0], result.stderr
    assert "1 sealed now" in result.stderr
    assert (ws.path / "site/s/m" / sealed[0].stem).read_bytes() == whole


def test_an_expired_share_is_gone_after_a_later_build(private_repo, tmp_path) -> None:
    repo, ids = private_repo
    ws = copy_repo(repo.path, tmp_path / "ws")
    result = build(ws, epoch=AFTER_EXPIRY)
    assert result.returncode == 0, result.stderr
    assert not (ws.path / "site" / "s" / ids["short"]).exists()
    assert (ws.path / "site" / "s" / ids["client"] / "bundle").is_file()


def test_a_private_build_without_the_secret_stops_with_exit_2(private_repo, tmp_path) -> None:
    repo, _ids = private_repo
    ws = copy_repo(repo.path, tmp_path / "ws")
    shutil.rmtree(ws.path / "site", ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k != "PROOFROOM_SECRET"}
    result = run("build", cwd=ws.path, env={**env, "PROOFROOM_SECRET": ""})
    assert result.returncode == 2, result.stderr
    assert "PROOFROOM_SECRET is not set" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (ws.path / "site" / "s").exists()


def test_a_passphrase_share_opens_only_with_the_passphrase(private_repo, tmp_path) -> None:
    repo, _ids = private_repo
    ws = copy_repo(repo.path, tmp_path / "ws")
    words = "trois mots café"
    result = CliRunner().invoke(
        main,
        [
            "-C",
            str(ws.path),
            "share",
            "noel",
            "--to",
            "direction",
            "--passphrase",
            "--by",
            "marie",
            "--now",
            "2027-02-01T12:00:00Z",
        ],
        env=ENV,
        input=f"{words}\n{words}\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    share_id = result.stdout.strip().splitlines()[-1].split("/s/")[1].split("/")[0]
    text = (ws.path / "reviews/noel/shares.yml").read_text("utf-8")
    assert words not in text and "passphrase: true" in text and "passphrase_key:" in text
    ws.commit("A link with a passphrase", date="2027-02-01T13:00:00+01:00")
    assert build(ws).returncode == 0
    data = (ws.path / "site" / "s" / share_id / "bundle").read_bytes()
    assert bundle_header(data) == BundleHeader(True, ITERATIONS)
    link = share_key(site_secret(ENV), share_id)
    with pytest.raises(SealError):
        open_bundle(bundle_key(link, share_id), share_id, data)
    with pytest.raises(SealError):
        open_bundle(
            bundle_key(link, share_id, passphrase_key("trois mots", share_id)), share_id, data
        )
    opened = open_bundle(
        bundle_key(link, share_id, passphrase_key(words, share_id)), share_id, data
    )
    assert opened["share"]["to"] == "direction"


def test_a_short_passphrase_is_refused_and_nothing_written(private_repo, tmp_path) -> None:
    repo, _ids = private_repo
    ws = copy_repo(repo.path, tmp_path / "ws")
    before = (ws.path / "reviews/noel/shares.yml").read_bytes()
    result = CliRunner().invoke(
        main,
        ["-C", str(ws.path), "share", "noel", "--to", "direction", "--passphrase", "--by", "marie"],
        env=ENV,
        input="court\ncourt\n",
    )
    assert result.exit_code == 2, result.output
    assert "--passphrase: use at least 8 characters" in result.output
    assert "Traceback" not in result.output
    assert (ws.path / "reviews/noel/shares.yml").read_bytes() == before


def test_the_preview_of_a_private_workspace_stays_in_clear_without_a_secret(
    private_repo, tmp_path, monkeypatch
) -> None:
    repo, _ids = private_repo
    ws = copy_repo(repo.path, tmp_path / "ws")
    shutil.rmtree(ws.path / "site", ignore_errors=True)
    monkeypatch.delenv("PROOFROOM_SECRET", raising=False)
    config = load_config(str(ws.path / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    site = ws.path / "site"
    assert "Coffret Noël confidentiel" in (site / "campaigns/noel/index.html").read_text("utf-8")
    assert not (site / "s").exists()


def test_no_secret_or_key_reaches_the_site_the_cache_or_the_log(private_repo, tmp_path) -> None:
    repo, ids = private_repo
    ws = copy_repo(repo.path, tmp_path / "ws")
    result = build(ws)
    assert result.returncode == 0, result.stderr
    secret = site_secret(ENV)
    links = [share_key(secret, i) for i in ids.values()]
    needles = [ENV["PROOFROOM_SECRET"].encode(), secret]
    for key in links:
        needles += [key, link_key(key).encode(), bundle_key(key, "x")]
    needles += [bundle_key(k, i) for k, i in zip(links, ids.values(), strict=True)]
    logged = (result.stdout + result.stderr).encode()
    assert not [n for n in needles if n in logged]
    for folder in ("site", ".cache"):
        for rel, data in every_byte(ws.path / folder).items():
            assert not [n for n in needles if n in data], f"{folder}/{rel}"


def test_a_revoked_share_is_gone_from_the_next_build(private_repo, tmp_path) -> None:
    repo, ids = private_repo
    ws = copy_repo(repo.path, tmp_path / "ws")
    revoked = run(
        "share", "--revoke", ids["client"], "--by", "marie", "--now", "2027-02-03T09:00:00Z",
        cwd=ws.path, env=ENV,
    )  # fmt: skip
    assert revoked.returncode == 0, revoked.stderr
    ws.commit("Revoke the client's link", date="2027-02-03T10:00:00+01:00")
    result = build(ws)
    assert result.returncode == 0, result.stderr
    assert not (ws.path / "site" / "s" / ids["client"]).exists()
    assert (ws.path / "site" / "s" / ids["agency"] / "bundle").is_file()
    assert f"{ids['client']} (revoked)" in result.stderr
