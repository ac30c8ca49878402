#!/usr/bin/env python3
"""The public directory in a real browser (Debian's headless Chromium) on a phone-sized window.

Opens the home page and a municipality's page in Swedish, Arabic and North Sami at a fixed time
(Christmas Eve, 22.30), checks them with axe-core (WCAG 2.1 A and AA), that nothing is wider than
the phone, that only our own address was asked for anything, and the keyboard order; then leaves
quickly with Esc and with one click, and checks that the back button no longer leads to the page.
Every host but 127.0.0.1 is unresolvable for this browser, so nothing here needs the network.

    python3 Tests/Browser/public_directory.py [--binary .build/debug/tmv]
"""

import json
import os
import subprocess
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser_support import PROJECT, arguments, axe_check, check, chromium, failures, free_port, report, stop, wait_for

NOW = "2026-12-24T22:30"


def requested_urls(driver):
    """Every URL the browser asked for since the last call, from Chromium's network log (failed
    requests to an unresolvable host included)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith("data:"):
                urls.append(url)
    return urls


def left_our_site(driver, base):
    deadline = time.time() + 20
    while time.time() < deadline:
        url = driver.current_url
        if not url.startswith(base):
            return url
        time.sleep(0.1)
    return None


def main():
    args = arguments()

    data = tempfile.mkdtemp(prefix="tmv-public-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([args.binary, "serve", "--data", data, "--port", str(port), "--now", NOW, "--show-fictional"], cwd=PROJECT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    driver = None
    try:
        wait_for(base + "/")
        driver = chromium(360, 780)

        print("The language chooser")
        driver.get(base + "/")
        axe_check(driver, "language chooser")
        names = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "ul.choose a")]
        check(len(names) == 11 and "العربية" in names and "davvisámegiella" in names,
              f"eleven languages, each named in itself ({', '.join(names)})")

        for language, direction in [("sv", "ltr"), ("ar", "rtl"), ("se", "ltr")]:
            print(f"The municipality's page in {language}")
            requested_urls(driver)  # forget what the earlier pages asked for
            driver.get(base + f"/{language}/kommun/0000")
            html = driver.find_element(By.TAG_NAME, "html")
            check(html.get_attribute("lang") == language and html.get_attribute("dir") == direction,
                  f"lang={language} dir={direction}")
            axe_check(driver, f"municipality ({language})")
            width = driver.execute_script("return document.documentElement.scrollWidth")
            inner = driver.execute_script("return window.innerWidth")
            check(width <= inner, f"nothing is wider than the phone ({width} <= {inner} px)")
            asked = requested_urls(driver)
            check(asked and all(url.startswith(base) for url in asked),
                  f"every request went to our own address ({len(asked)} requests: {sorted(set(u.split('?')[0] for u in asked))[:4]})")
            check(driver.get_cookies() == [], "no cookie is set (HttpOnly ones included)")
            numbers = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".now a.address")]
            check("112" in numbers and "020-50 50 50" in numbers, f"112 and Kvinnofridslinjen are reachable now ({numbers[:4]})")
            driver.save_screenshot(os.path.join(args.screenshots, f"public-{language}.png"))
            # The keyboard: the skip link first, then the quick-exit button.
            driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
            check(driver.switch_to.active_element.get_attribute("class") == "skip-link", "the first Tab reaches the skip link")
            driver.switch_to.active_element.send_keys(Keys.TAB)
            check(driver.switch_to.active_element.get_attribute("id") == "leave", "the second Tab reaches the quick-exit button")

        print("Leaving quickly with Esc")
        driver.get(base + "/sv/")
        driver.get(base + "/sv/kommun/0000")
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        gone = left_our_site(driver, base)
        check(gone is not None, f"Esc leaves the page ({gone})")
        driver.back()
        time.sleep(0.5)
        check(driver.current_url == base + "/sv/", f"the back button skips the page that was left ({driver.current_url})")

        print("Leaving quickly with one click")
        driver.get(base + "/ar/stod/kvinnofridslinjen")
        driver.find_element(By.ID, "leave").click()
        gone = left_our_site(driver, base)
        check(gone is not None, f"one click leaves the page ({gone})")
    finally:
        stop(driver, server, data)
    report("public directory browser test passed")


if __name__ == "__main__":
    main()
