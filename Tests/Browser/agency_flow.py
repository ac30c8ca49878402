#!/usr/bin/env python3
"""Agency staff and a translator in a real browser (Debian's headless Chromium, driven by selenium).

An editor changes TRIS's phone hours with the keyboard; the public API still shows the old
hours; she cannot approve her own draft; a reviewer approves it; the API and the public page
then show the new hours, and the change log holds both people. A translator of Arabic opens
her language, a unit, and marks it reviewed. axe-core checks the catalogue, editor, review,
staleness, versions, change-log and translation pages for WCAG 2.1 AA violations. Run by
scripts/test.sh; needs the tmv and tmv-web programs built in debug.

    python3 Tests/Browser/agency_flow.py [--binary .build/debug/tmv]
"""

import json
import os
import subprocess
import tempfile
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser_support import PROJECT, arguments, axe_check, check, chromium, free_port, report, stop, submit_and_wait, wait_for

PASSWORD = "browser test password"
EDITOR = "redaktor@myndigheten.example"
REVIEWER = "granskare@myndigheten.example"
TRANSLATOR = "oversattare@myndigheten.example"


def api_hours(base):
    with urllib.request.urlopen(base + "/api/v1/helplines/tris") as response:
        return json.load(response)["channels"][0]["hours"]


def sign_in(driver, base, email):
    driver.delete_all_cookies()
    driver.get(base + "/verktyg/logga-in")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit_and_wait(driver, driver.find_element(By.ID, "password"), Keys.ENTER)


def main():
    args = arguments()
    data = tempfile.mkdtemp(prefix="tmv-browser-agency-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    for email, role, extra in [(EDITOR, "agency-editor", []), (REVIEWER, "agency-reviewer", []),
                               (TRANSLATOR, "translator", ["--languages", "ar"])]:
        subprocess.run([args.binary, "users", "add", email, "--role", role, *extra, "--password-stdin", "--data", data],
                       input=PASSWORD + "\n", text=True, check=True, cwd=PROJECT)
    server = subprocess.Popen([args.binary, "serve", "--data", data, "--port", str(port), "--now", "2026-11-30T12:00"], cwd=PROJECT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    driver = None
    try:
        wait_for(base + "/verktyg/logga-in")
        driver = chromium(1280, 2000)
        check(api_hours(base) == "Mo-Fr 10:00-16:00", "the API shows TRIS's published hours, Mo-Fr 10:00-16:00")

        print("An editor changes TRIS's hours")
        sign_in(driver, base, EDITOR)
        check(driver.current_url.endswith("/verktyg/katalog"), "agency staff land on the catalogue")
        axe_check(driver, "catalogue")
        driver.get(base + "/verktyg/katalog/tris")
        axe_check(driver, "helpline editor")
        driver.save_screenshot(os.path.join(args.screenshots, "helpline-editor.png"))
        hours = driver.find_element(By.ID, "k0-hours")
        # With the keyboard: focus the box, select what is there, type over it, send with Enter.
        hours.send_keys(Keys.CONTROL, "a")
        hours.send_keys("mån–fre 9–17")
        submit_and_wait(driver, hours, Keys.ENTER)
        check("sparat" in driver.find_element(By.CSS_SELECTOR, ".notice").text, "the draft is saved")
        check("Mo-Fr 09:00-17:00" in driver.page_source, "the draft's diff shows the new hours")
        check("09:00–17:00" in driver.page_source or "09.00–17.00" in driver.page_source, "the diff shows how the hours will be printed")
        axe_check(driver, "helpline editor with a draft and its diff")
        driver.save_screenshot(os.path.join(args.screenshots, "helpline-draft.png"))
        check(api_hours(base) == "Mo-Fr 10:00-16:00", "a draft is not published: the API still shows the old hours")
        driver.get(base + "/verktyg/granskning")
        check(not driver.find_elements(By.XPATH, "//button[contains(., 'Godkänn')]"), "the editor is offered no approve button")
        axe_check(driver, "review (as the editor)")

        print("A reviewer approves it")
        sign_in(driver, base, REVIEWER)
        driver.get(base + "/verktyg/granskning")
        axe_check(driver, "review")
        driver.save_screenshot(os.path.join(args.screenshots, "review.png"))
        approve = driver.find_element(By.XPATH, "//button[contains(., 'Godkänn och publicera TRIS-jouren')]")
        submit_and_wait(driver, approve, Keys.ENTER)
        check("katalogversion 2" in driver.page_source, "approving publishes catalogue version 2")
        check(api_hours(base) == "Mo-Fr 09:00-17:00; Sa,Su off", "the API shows the new hours at once")
        with urllib.request.urlopen(base + "/sv/stod/tris") as response:
            page = response.read().decode("utf-8")
        check("09.00–17.00" in page, "the public page shows the new hours")
        driver.get(base + "/verktyg/logg?entitet=helpline")
        axe_check(driver, "change log")
        log = driver.page_source
        check(EDITOR in log and REVIEWER in log, "the change log holds the change with both people")
        driver.save_screenshot(os.path.join(args.screenshots, "audit.png"))
        driver.get(base + "/verktyg/katalog-inaktuella?aldre-an=6m")
        axe_check(driver, "staleness")
        check("TRIS-jouren" in driver.page_source, "the staleness page lists entries checked long ago")
        driver.save_screenshot(os.path.join(args.screenshots, "stale.png"))
        driver.get(base + "/verktyg/katalog-inaktuella?aldre-an=6x")
        check(driver.title.startswith("Fel:"), "a limit that is not an age is an error, titled 'Fel:'")
        axe_check(driver, "staleness with an error")
        driver.get(base + "/verktyg/katalog-versioner")
        axe_check(driver, "versions")
        driver.get(base + "/verktyg/katalog-versioner/1")
        check("Mo-Fr 10:00-16:00" in driver.page_source, "version 1 is kept and shows the old hours")
        axe_check(driver, "one version")

        translator_part(driver, base, args)
    finally:
        stop(driver, server, data)
    report("agency browser test: all checks passed")


def translator_part(driver, base, args):
    print("A translator of Arabic reviews a unit")
    sign_in(driver, base, TRANSLATOR)
    driver.get(base + "/verktyg/oversattning")
    axe_check(driver, "translation languages")
    driver.get(base + "/verktyg/oversattning/ar")
    axe_check(driver, "Arabic units")
    driver.save_screenshot(os.path.join(args.screenshots, "translate-language.png"))
    link = driver.find_element(By.CSS_SELECTOR, "a[href='/verktyg/oversattning/ar/poster-victim.headline']")
    driver.get(link.get_attribute("href"))
    axe_check(driver, "one Arabic unit")
    driver.save_screenshot(os.path.join(args.screenshots, "translate-unit.png"))
    check(driver.find_elements(By.CSS_SELECTOR, "img[alt]"), "the unit's page shows the page it is printed on")
    box = driver.find_element(By.CSS_SELECTOR, "input[type=checkbox][name=reviewed]")
    if not box.is_selected():
        box.send_keys(Keys.SPACE)
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[name=handling][value=spara]"))
    check(driver.find_elements(By.CSS_SELECTOR, ".notice"), "the unit is saved as reviewed")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(base + "/verktyg/oversattning/so", headers={"Cookie": cookies})
    try:
        status = urllib.request.urlopen(request).status
    except urllib.error.HTTPError as error:
        status = error.code
    check(status == 404, f"a translator of Arabic cannot open Somali (status {status})")


if __name__ == "__main__":
    main()
