"""What the browser tests share: checks that collect failures, a free port, waiting for the
server, Debian's headless Chromium, and axe-core run on a page (WCAG 2.1 A and AA)."""

import argparse
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from axe_selenium_python import Axe

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

failures = []


def check(condition, message):
    if condition:
        print(f"  ok: {message}")
    else:
        print(f"  FAILED: {message}")
        failures.append(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"the web tool did not answer at {url}")


def submit_and_wait(driver, element, keys=None):
    """Clicks (or types into) an element that leaves the page, and waits for the next page."""
    page = driver.find_element(By.TAG_NAME, "html")
    if keys:
        element.send_keys(keys)
    else:
        element.click()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(page))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def axe_source():
    """axe-core 4 as the PyPI package axe-playwright-python ships it (installed without its
    Playwright dependency: only its axe.min.js is used); axe-selenium-python's axe-core 3.1 when
    that is all there is."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec and spec.submodule_search_locations:
        path = os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                return handle.read()
    return None


AXE_SOURCE = axe_source()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] if AXE_SOURCE else ["wcag2a", "wcag2aa", "wcag21aa"]


def axe_check(driver, name):
    if AXE_SOURCE:
        driver.execute_script(AXE_SOURCE)
    else:
        Axe(driver).inject()
    # axe-core itself (carried by axe-selenium-python), run on the whole document with the
    # WCAG 2.1 A and AA rules.
    results = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: " + repr(AXE_TAGS) + "}})"
        ".then(function (r) { done(r); }).catch(function (e) { done({violations: [{id: 'axe-error', help: String(e), nodes: []}]}); });")
    violations = results["violations"]
    print(f"    axe-core {driver.execute_script('return axe.version')}: {len(results.get('passes', []))} rules passed")
    for violation in violations:
        print(f"    axe: {violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)")
        for node in violation["nodes"][:3]:
            print(f"      {node['target']}")
    check(not violations, f"axe finds no WCAG 2.1 AA violation on the {name} page")



def chromium(width, height, downloads=None):
    """Debian's Chromium, headless, at a window size (a phone is 360 wide)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # Every host but our own is unresolvable: a test never reaches the network.
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
        options.add_argument(flag)
    # The network log, so a test can see every request the page made.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    if downloads:
        options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                                  "download.prompt_for_download": False,
                                                  "plugins.always_open_pdf_externally": True})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    if width < 500:
        # Headless windows are at least 500 px wide; a phone's viewport is emulated instead.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
    return driver


def stop(driver, server, data):
    """Closes the browser and the server (showing its output when a check failed) and removes the test's data."""
    if driver:
        driver.quit()
    server.terminate()
    try:
        output, _ = server.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        output, _ = server.communicate()
    if failures:
        print("--- server output ---")
        print(output[-4000:])
    shutil.rmtree(data, ignore_errors=True)


def report(passed):
    """Exits with 1 when a check failed; says `passed` otherwise."""
    if failures:
        print(f"{len(failures)} browser check(s) failed")
        sys.exit(1)
    print(passed)


def arguments():
    """The options every browser test takes: the tmv program, and where screenshots go (made here)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(PROJECT, ".build/debug/tmv"))
    parser.add_argument("--screenshots", default=os.path.join(PROJECT, "Output/browser-test"))
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    return args
