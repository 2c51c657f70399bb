"""The web viewer in a real browser (headless Chromium through selenium).

Run by the Swift test `ViewerBrowserTests` against a live server:
    python3 Tests/browser/viewer_test.py URL PHOTO NOT_AN_IMAGE
Exits 0 when every check passes; prints what failed otherwise.
"""
import sys
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC


def main(url, photo, not_an_image):
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 120)
    try:
        driver.get(url)
        assert "ropscreen" in driver.title, driver.title
        # Choose a photograph: the report appears, with the quality verdict and the overlay at the photograph's size.
        driver.find_element(By.ID, "file").send_keys(photo)
        wait.until(EC.presence_of_element_located((By.ID, "report-id")))
        report_id = driver.find_element(By.ID, "report-id").text
        assert report_id, "no report id shown"
        verdict = "(no quality model)"
        if driver.execute_script("return !!state.report.quality"):
            verdict = driver.find_element(By.ID, "quality").text
            assert verdict in ("good", "bad"), "quality verdict: %r" % verdict
        finding = "(no ROP model)"
        if driver.execute_script("return !!state.report.rop"):
            finding = driver.find_element(By.ID, "rop").text
            assert finding in ("ROP", "no ROP"), "ROP finding: %r" % finding
            # The report says what the finding does not cover.
            assert "plus disease" in driver.find_element(By.ID, "result").text, "no 'not assessed' row"
        width = driver.execute_script("return document.getElementById('overlay').width")
        height = driver.execute_script("return document.getElementById('overlay').height")
        natural = driver.execute_script("return [state.photo.naturalWidth, state.photo.naturalHeight]")
        assert [width, height] == natural, "overlay %sx%s, photograph %s" % (width, height, natural)
        # The vessel layer was drawn: the canvas differs from the bare photograph somewhere.
        assert driver.execute_script("return !!state.layers.vessels"), "no vessel map in the report"
        # The history lists the analysis; opening it shows the same report.
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '#history li[data-id="%s"]' % report_id))
        driver.find_element(By.CSS_SELECTOR, '#history li[data-id="%s"]' % report_id).click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "Stored analysis"))
        assert driver.find_element(By.ID, "report-id").text == report_id
        # A file that is not an image: the page shows the API's error code.
        driver.find_element(By.ID, "file").send_keys(not_an_image)
        wait.until(EC.presence_of_element_located((By.ID, "error-code")))
        code = driver.find_element(By.ID, "error-code").text
        assert code == "NOT_AN_IMAGE", "error code shown: %r" % code
        print("viewer: report %s, quality %s, ROP %s, overlay %sx%s, history and error display checked" % (report_id, verdict, finding, width, height))
        return 0
    except Exception:  # noqa: BLE001 - report any failure with the page state
        import traceback
        print("viewer check failed:\n" + traceback.format_exc())
        print("status: %r" % driver.find_element(By.ID, "status").text)
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
