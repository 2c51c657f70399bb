"""The monitoring dashboard in a real browser (headless Chromium through selenium).

Run by the Swift test `MonitoringDashboardBrowserTests` against a live server that has
analysed a few photographs:
    python3 Tests/browser/monitoring_test.py URL ANALYSES
Exits 0 when every check passes; prints what failed otherwise.
"""
import sys
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def main(url, analyses):
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 60)
    try:
        driver.get(url + "monitoring")
        assert "monitoring" in driver.title, driver.title
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#state-table tr"))
        # The time series: one point per evaluation, the volume's first point the analyses sent.
        volume = driver.execute_script("return snapshot.history.map(p => p.volume)")
        assert sum(volume) == analyses, "volume %r, sent %d" % (volume, analyses)
        for chart in ("volume", "latency", "quality-mix", "drift", "performance"):
            points = driver.find_elements(By.CSS_SELECTOR, "#%s circle.point" % chart)
            assert points, "no points in the %s chart" % chart
        # Each numeric feature of the chosen model's reference has its histogram, with both bar sets.
        model = driver.find_element(By.ID, "model").get_attribute("value")
        features = driver.execute_script(
            "return snapshot.windows[0].models.find(m => m.model === arguments[0]).histograms.map(h => h.feature)", model)
        figures = driver.find_elements(By.CSS_SELECTOR, "#histograms figure.histogram")
        assert len(figures) == len(features), "%d histograms for %d features" % (len(figures), len(features))
        if features:
            assert "brightness" in features, features
            first = figures[0]
            assert first.find_elements(By.CSS_SELECTOR, "rect.reference") and first.find_elements(By.CSS_SELECTOR, "rect.current")
        state = driver.find_element(By.ID, "state-table").text
        assert ("%d / " % analyses) in state, state
        print("dashboard: model %s, %d histograms, volume %r" % (model, len(figures), volume))
        return 0
    except AssertionError as failure:
        print("FAILED:", failure)
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
