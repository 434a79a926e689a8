"""The private build as the MkDocs plugin starts it: the secret first, the sealing last."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..build import SiteBuild
from ..core.problems import ProofroomError
from ..core.secret import ENV_NAME, site_secret
from ..site import STATIC_FILES
from .seal import SealJob

EXIT_ENVIRONMENT = 2
Log = logging.Logger | logging.LoggerAdapter  # MkDocs gives plugins a prefixing adapter


def private_secret(log: Log) -> bytes:
    """The site secret, or exit 2 with the one sentence that says how to set it."""
    try:
        return site_secret(os.environ)
    except ProofroomError as exc:
        log.error(f"privacy: private needs the site secret: {exc}")
        raise SystemExit(EXIT_ENVIRONMENT) from None


def build_secret(log: Log, *, private: bool, preview: bool) -> bytes | None:
    """The secret a build works with: a private build needs it (exit 2 without); any
    other build takes it when the environment has it, to check guests' signatures."""
    if private and not preview:
        return private_secret(log)
    if os.environ.get(ENV_NAME, "").strip():
        try:
            return site_secret(os.environ)
        except ProofroomError as exc:
            log.warning(f"guests' signatures are not checked: {exc}")
    return None


def seal_site(
    build: SiteBuild, config: MkDocsConfig, secret: bytes, review_uri: Callable, log
) -> None:
    """Turn the site MkDocs just wrote into its private form."""
    extra = {str(x) for x in [*config.extra_css, *config.extra_javascript]}
    job = SealJob(
        site_dir=Path(config.site_dir),
        workspace=build.workspace,
        settings=build.settings,
        media_files=build.media.site_files(),
        secret=secret,
        now=build.now,
        review_uri=review_uri,
        theme_dirs=[str(d) for d in config.theme.dirs],
        extra=extra - {f"_proofroom/{name}" for name in STATIC_FILES},
        static={f"_proofroom/{name}" for name in STATIC_FILES},
    )
    summary = job.run()
    for problem in summary.problems:
        log.warning(str(problem))
    log.info(summary.line())
    if summary.skipped:
        log.info("review links left out: " + ", ".join(summary.skipped))
