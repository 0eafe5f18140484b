"""The report in a real headless browser: every figure renders, the console shows no errors.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and selenium.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_anpo

pytestmark = pytest.mark.browser


def _driver():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("headless Chromium not installed (apt-get install chromium chromium-driver)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=opts)


def test_report_renders_in_headless_chromium(tmp_path: Path):
    out = tmp_path / "anpo-report"
    proc = run_anpo("report", "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr[-2000:]
    driver = _driver()
    try:
        driver.get((out / "index.html").resolve().as_uri())
        n_sections = driver.execute_script(
            "return document.querySelectorAll('section.report-section').length"
        )
        sizes = driver.execute_script(
            "return Array.from(document.querySelectorAll('figure svg')).map(s => {"
            "const r = s.getBoundingClientRect(); return [r.width, r.height, s.querySelectorAll('path').length];})"
        )
        errors = [e for e in driver.get_log("browser") if e.get("level") in ("SEVERE", "ERROR")]
    finally:
        driver.quit()
    assert n_sections >= 5
    assert len(sizes) >= n_sections
    for width, height, paths in sizes:
        assert width > 100 and height > 100 and paths > 5
    assert errors == []
