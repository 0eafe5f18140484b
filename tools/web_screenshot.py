"""Take the README's screenshot of ``anpo serve`` (docs/img/anpo-serve.png) with Playwright.

Starts the app on a free loopback port in a thread, opens the deterrence what-if page in Debian's
headless Chromium (same launch options as the browser tests), waits for the charts, and saves the
visible part of the page.

    python tools/web_screenshot.py [--out docs/img/anpo-serve.png] [--page /deterrence] [--force]

Rewriting the tracked docs/img/anpo-serve.png is the script's job and needs no ``--force``; any
other ``--out`` that exists is refused unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

#: The README's screenshot, tracked in the repository: the script's default output.
SCREENSHOT = ROOT / "docs" / "img" / "anpo-serve.png"


def main() -> None:
    from _output import add_force, refuse_existing

    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=SCREENSHOT, help="default: the tracked screenshot")
    ap.add_argument("--page", default="/deterrence")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=820)
    add_force(ap)
    args = ap.parse_args()
    if args.out.resolve() != SCREENSHOT.resolve():
        refuse_existing([args.out], args.force)

    import uvicorn
    from playwright.sync_api import sync_playwright

    from anpo.web.app import create_app
    from conftest import CHROMIUM_ARGS

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(f"http://127.0.0.1:{port}{args.page}")
            page.wait_for_selector(".js-plotly-plot")
            page.wait_for_function("() => !document.body.dataset.busy", timeout=60_000)
            page.wait_for_timeout(500)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            box = page.locator(".workbench").bounding_box()  # the controls and the charts
            assert box is not None
            top = max(0.0, box["y"] - 70)
            page.screenshot(
                path=str(args.out),
                full_page=True,
                clip={"x": 0, "y": top, "width": args.width, "height": args.height},
            )
            browser.close()
    finally:
        server.should_exit = True
        thread.join(10)
    print(f"{args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
