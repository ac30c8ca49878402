#!/usr/bin/env python3
"""A communicator's visit in a real browser (Debian's headless Chromium, driven by selenium).

She signs in, changes a number, uploads a logo, sees the preview change, downloads the Arabic
poster as PDF, and that PDF's text holds the new number in order. axe-core checks the sign-in,
profile, preview and download pages for WCAG 2.1 AA violations, and the pages are used with the
keyboard. Run by scripts/test.sh; needs the tmv and tmv-web programs built in debug.

    python3 Tests/Browser/communicator_flow.py [--binary .build/debug/tmv]
"""

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser_support import PROJECT, arguments, axe_check, check, chromium, failures, free_port, report, stop, submit_and_wait, wait_for

EMAIL = "redaktor@exempelkommun.example"
PASSWORD = "browser test password"
NEW_NUMBER = "031-390 06 88"
LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60">
<rect width="120" height="60" fill="#0b6e4f"/><text x="60" y="38" font-size="20" text-anchor="middle" fill="#fff">TEST</text></svg>"""


def main():
    args = arguments()

    data = tempfile.mkdtemp(prefix="tmv-browser-")
    downloads = os.path.join(data, "downloads")
    os.makedirs(downloads)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    subprocess.run([args.binary, "users", "add", EMAIL, "--role", "municipal-editor", "--municipality", "0000",
                    "--password-stdin", "--data", data], input=PASSWORD + "\n", text=True, check=True, cwd=PROJECT)
    server = subprocess.Popen([args.binary, "serve", "--data", data, "--port", str(port)], cwd=PROJECT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    driver = None
    try:
        wait_for(base + "/verktyg/logga-in")
        driver = chromium(1280, 1800, downloads=downloads)

        print("Signing in")
        driver.get(base + "/verktyg/logga-in")
        axe_check(driver, "sign-in")
        # The keyboard: the first Tab reaches the skip link, which is then visible.
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        check(driver.switch_to.active_element.get_attribute("class") == "skip-link", "the first Tab reaches the skip link")
        driver.save_screenshot(os.path.join(args.screenshots, "sign-in.png"))
        # A wrong password: the error summary takes the focus and links to the field.
        driver.find_element(By.ID, "email").send_keys(EMAIL)
        driver.find_element(By.ID, "password").send_keys("wrong password")
        submit_and_wait(driver, driver.find_element(By.ID, "password"), Keys.ENTER)
        check(driver.title.startswith("Fel:"), "a wrong password gives an error page titled 'Fel:'")
        check(len(driver.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#password']")) == 1,
              "the error summary links to the password field")
        axe_check(driver, "sign-in with an error")
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        submit_and_wait(driver, driver.find_element(By.ID, "password"), Keys.ENTER)
        check(driver.current_url.endswith("/verktyg/kommun/0000"), "signing in leads to the municipality's page")
        axe_check(driver, "profile")
        driver.save_screenshot(os.path.join(args.screenshots, "profile.png"))

        print("Changing a number")
        field = driver.find_element(By.ID, "c0-k0-address")
        field.clear()
        field.send_keys(NEW_NUMBER.replace("-", " ").replace(" ", "", 1))  # typed as "031 390 06 88"
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#form button[type=submit]"))
        check("sparad=1" in driver.current_url, "the change is saved")
        shown = driver.find_element(By.CSS_SELECTOR, "#c0-k0-address").get_attribute("value")
        check(shown == NEW_NUMBER, f"the number is shown back the Swedish way ({shown})")

        print("A number that is not Swedish is refused at its field")
        field = driver.find_element(By.ID, "c0-k0-address")
        field.clear()
        field.send_keys("+47 22 00 00 00")
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#form button[type=submit]"))
        check(driver.title.startswith("Fel:"), "the page title says there is an error")
        links = driver.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#c0-k0-address']")
        check(len(links) == 1, "the error summary links to the number's field")
        check(len(driver.find_elements(By.ID, "c0-k0-address-error")) == 1, "the error is repeated beside the field")
        axe_check(driver, "profile with an error")
        if links:
            links[0].send_keys(Keys.ENTER)
            check(driver.switch_to.active_element.get_attribute("id") == "c0-k0-address", "the summary's link moves the focus to the field")
        driver.get(base + "/verktyg/kommun/0000")

        print("Uploading a logo")
        logo_path = os.path.join(data, "new-logo.svg")
        with open(logo_path, "w") as handle:
            handle.write(LOGO)
        before = driver.find_element(By.CSS_SELECTOR, ".logo-preview img").get_attribute("src")
        driver.find_element(By.ID, "logo-file").send_keys(logo_path)
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]"))
        after = driver.find_element(By.CSS_SELECTOR, ".logo-preview img").get_attribute("src")
        check(before != after, "the page shows the new logo")

        print("Previewing the Arabic poster")
        Select(driver.find_element(By.ID, "dokument")).select_by_value("poster-victim")
        Select(driver.find_element(By.ID, "sprak")).select_by_value("ar")
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "section form.inline-form button"))
        check("sprak=ar" in driver.current_url, "the preview page opens")
        image = driver.find_element(By.CSS_SELECTOR, ".pages img")
        check(driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image),
              "the preview image is drawn")
        check(len(driver.find_elements(By.ID, "unreviewed")) == 1, "the page says the Arabic translation is not yet reviewed")
        axe_check(driver, "preview")
        driver.save_screenshot(os.path.join(args.screenshots, "preview-ar.png"))
        preview = urllib.request.Request(image.get_attribute("src"))
        cookie = driver.get_cookie("tmv_session")
        preview.add_header("Cookie", f"tmv_session={cookie['value']}")
        png = urllib.request.urlopen(preview).read()
        with open(os.path.join(args.screenshots, "poster-ar-preview.png"), "wb") as handle:
            handle.write(png)
        check(png[:4] == b"\x89PNG", "the preview is a PNG")

        print("Downloading the Arabic poster as PDF")
        driver.find_element(By.PARTIAL_LINK_TEXT, "PDF").click()
        pdf = None
        for _ in range(100):
            names = [name for name in os.listdir(downloads) if name.endswith(".pdf")]
            if names:
                pdf = os.path.join(downloads, names[0])
                break
            time.sleep(0.2)
        check(pdf is not None, "the PDF is downloaded")
        if pdf:
            text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
            digits_in_order = "031-390 06 88" in text or "03139 00688" in text.replace("-", "").replace(" ", "")
            check(NEW_NUMBER in text, f"the PDF's text holds {NEW_NUMBER} in order")
            check(digits_in_order, "the digits are in order")
            shutil.copy(pdf, os.path.join(args.screenshots, "poster-victim-ar.pdf"))

        print("The poster's print downloads, then the slides for shop screens in Arabic")
        labels = [link.text for link in driver.find_elements(By.CSS_SELECTOR, ".downloads a")]
        check(any("3 mm" in label for label in labels) and any("PDF/X-4" in label for label in labels)
              and any("kontorsskrivare" in label for label in labels), f"print shop, PDF/X and office downloads offered: {labels}")
        driver.get(base + "/verktyg/kommun/0000/forhandsvisning?dokument=slides&sprak=ar&storlek=1920x1080")
        slide = driver.find_element(By.CSS_SELECTOR, ".pages img")
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", slide))
        check(driver.execute_script("return arguments[0].naturalWidth", slide) == 1920, "a slide preview has the screen's 1920 pixels")
        check(slide.size["width"] > slide.size["height"], "the slide is shown landscape")
        check(any(link.get_attribute("href").endswith(".mp4?storlek=1920x1080&ladda-ned=1")
                  for link in driver.find_elements(By.CSS_SELECTOR, ".downloads a")), "the slides' video is offered")
        axe_check(driver, "slides preview")
        driver.save_screenshot(os.path.join(args.screenshots, "preview-slides-ar.png"))

        print("The download page for the whole pack")
        driver.get(base + "/verktyg/kommun/0000/paket")
        axe_check(driver, "pack download")
        driver.save_screenshot(os.path.join(args.screenshots, "pack.png"))

        print("The English interface")
        driver.get(base + "/verktyg/kommun/0000")
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a[hreflang=en]"))
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "the English link gives a page in English")
        check("Save the changes" in driver.page_source, "the form's texts are in English")
        axe_check(driver, "English profile")
        driver.get(base + "/verktyg/kommun/0000?ui=sv")

        print("A new colleague's first sign-in: a password of her own")
        added = subprocess.run([args.binary, "users", "add", "kollega@exempelkommun.example", "--role", "municipal-editor",
                                "--municipality", "0000", "--data", data], capture_output=True, text=True, check=True, cwd=PROJECT)
        one_time = added.stdout.split("One-time password: ")[1].split()[0]
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".site-header form button"))
        driver.find_element(By.ID, "email").send_keys("kollega@exempelkommun.example")
        driver.find_element(By.ID, "password").send_keys(one_time)
        submit_and_wait(driver, driver.find_element(By.ID, "password"), Keys.ENTER)
        driver.get(base + "/verktyg/kommun/0000")
        check(driver.current_url.endswith("/verktyg/byt-losenord"), "the one-time password leads to the password page first")
        axe_check(driver, "choose a password")
        driver.find_element(By.ID, "new-password").send_keys("kollegans eget lösenord")
        driver.find_element(By.ID, "repeat-password").send_keys("kollegans eget lösenord")
        submit_and_wait(driver, driver.find_element(By.ID, "repeat-password"), Keys.ENTER)
        check(driver.current_url.endswith("/verktyg/kommun/0000"), "with her own password she reaches the municipality's page")

        print("A phone-sized window")
        driver.set_window_size(360, 800)
        driver.get(base + "/verktyg/kommun/0000")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 360, f"the profile page fits a 360-pixel-wide phone (scroll width {width})")
        driver.save_screenshot(os.path.join(args.screenshots, "profile-phone.png"))
    finally:
        stop(driver, server, data)
    report("browser test passed")


if __name__ == "__main__":
    main()
