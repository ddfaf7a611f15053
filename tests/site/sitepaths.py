"""Where the browser test finds the built site, the PDF, the browser, and
where it writes."""

import os
from pathlib import Path

# One home for Chromium's settings, shared with the PDF tool (tools/ is on
# the path through pyproject.toml's `pythonpath`).
from offline_chromium import (
    CHROMIUM,
    CHROMIUM_ARGS,
    block_outside_requests,
    is_outside,
    serve,
    wait_for_content,
)

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("SITE_DIR", ROOT / "_build" / "html")).resolve()
# Screenshots of every page, only when asked for (`make browser
# SCREENSHOT_DIR=artifacts/screenshots`): they are for people to look at,
# and no test reads them.
SCREENSHOTS = (Path(os.environ["SCREENSHOT_DIR"])
               if os.environ.get("SCREENSHOT_DIR") else None)
# The PDF of `make pdf` (the Makefile's PDF, _config.yml's course_pdf).
PDF = Path(
    os.environ.get(
        "COURSE_PDF",
        ROOT / "_build" / "pdf" / "neural-networks-from-scratch.pdf",
    )
)
# The Chinese edition's PDF (the Makefile's ZH_PDF, book/zh/_config.yml's
# course_pdf), linked from the Chinese pages, under zh/ of the site.
ZH_PDF = PDF.with_name(PDF.stem + ".zh.pdf")

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "PDF",
    "ROOT",
    "SCREENSHOTS",
    "SITE",
    "ZH_PDF",
    "block_outside_requests",
    "is_outside",
    "serve",
    "wait_for_content",
]
