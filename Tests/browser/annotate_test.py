"""The labelling page in a real browser (headless Chromium through selenium).

Run by the Swift test `AnnotationBrowserTests` against a live server whose import root
holds pilot/manifest.csv (20 photographs) and whose accounts are root (admin), ann and
bea (annotators) and adj (adjudicator), all with the password "a long password":
    python3 Tests/browser/annotate_test.py URL
The admin creates the project through the API (from the page). ann and then bea label
every photograph with the keyboard (bea differs on purpose here and there), adj resolves
every disagreement with the keyboard, and the exported manifest must equal the one this
script computes from the choices it made. Prints the key presses per classification
label and the time to move to the next photograph; exits 0 when every check passes.
"""
import json
import os
import statistics
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "a long password"
COUNT = 20
ZONES = ["I", "posterior II", "II", "III"]
PLUS = ["none", "pre-plus", "plus"]


def ann_choice(i, draft):
    """ann's classification labels of photograph i (its draft eye kept on most)."""
    eye = (draft.get("eye") or {}).get("option", "left")
    if i % 5 == 1:
        eye = "right" if eye == "left" else "left"
    quality = "bad" if i % 3 == 2 else ("usable" if i % 7 == 3 else "good")
    labels = {"stage": str(i % 6), "zone": ZONES[i % 4], "plus": PLUS[i % 3], "eye": eye, "image_quality": quality}
    if i % 6 and i % 4 == 1:
        labels["extent_clock_hours"] = str(i % 13)
    if i == 5:
        labels["a_rop"] = "yes"
    return labels


def bea_choice(i, draft):
    """bea's: ann's, except where she deliberately differs."""
    labels = dict(ann_choice(i, draft))
    if i % 4 == 1:
        labels["stage"] = str((i % 6 + 1) % 6)
    if i % 5 == 2:
        labels["zone"] = ZONES[(i + 1) % 4]
    if i % 6 == 3:
        labels["plus"] = PLUS[(i + 1) % 3]
    if i == 7:
        labels["eye"] = "right" if labels["eye"] == "left" else "left"
    if i % 8 == 4:
        labels["image_quality"] = "good" if labels["image_quality"] != "good" else "bad"
    if i == 9:
        labels.pop("extent_clock_hours", None)
        labels["extent_clock_hours"] = "12"
    return labels


class Page:
    def __init__(self, driver):
        self.driver = driver
        self.shots = os.environ.get("ANNOTATE_SCREENSHOTS")
        self.wait = WebDriverWait(driver, 60, poll_frequency=0.02)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def call(self, expression):
        """Runs a promise-returning expression in the page; returns its JSON result or raises."""
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "Promise.resolve().then(() => " + expression + ").then((v) => done({ok: v === undefined ? null : v}),"
            " (e) => done({error: (e.code || '') + ' ' + e.message}));")
        if "error" in result:
            raise AssertionError("%s failed: %s" % (expression, result["error"]))
        return result["ok"]

    def shot(self, name):
        """A screenshot into $ANNOTATE_SCREENSHOTS when it is set (to look at the page)."""
        if self.shots:
            self.driver.save_screenshot(os.path.join(self.shots, name + ".png"))

    def keys(self, *sequence):
        ActionChains(self.driver).send_keys(*sequence).perform()

    def until(self, script, what):
        try:
            return self.wait.until(lambda d: d.execute_script("return " + script))
        except Exception:
            raise AssertionError("timed out waiting for %s; status: %r" % (what, self.js("return document.getElementById('status').textContent")))

    def click_image(self, x, y):
        """Clicks the photograph at image pixel (x, y) wherever zoom and pan put it."""
        canvas = self.driver.find_element(By.CSS_SELECTOR, "section:not([hidden]) canvas")
        at = self.js("return ropscreen.clientPoint(arguments[0], arguments[1])", x, y)
        rect = self.js("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height]", canvas)
        dx = int(round(at["x"] - (rect[0] + rect[2] / 2)))
        dy = int(round(at["y"] - (rect[1] + rect[3] / 2)))
        ActionChains(self.driver).move_to_element_with_offset(canvas, dx, dy).click().perform()

    def sign_in(self, name):
        self.until("ropscreen.view === 'signin' && document.getElementById('username').offsetParent !== null", "the sign-in form")
        user = self.driver.find_element(By.ID, "username")
        user.clear()
        user.send_keys(name)
        self.driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
        self.until("ropscreen.view === 'projects' && ropscreen.projects !== null && ropscreen.projects !== undefined", "the project list of " + name)

    def sign_out(self):
        self.driver.find_element(By.ID, "signout").click()
        self.until("ropscreen.view === 'signin'", "signing out")


def label_all(page, name, choose, drawings):
    """Labels every photograph of the queue with the keyboard; returns {position: labels as saved}."""
    page.keys("l")
    page.until("ropscreen.view === 'label' && ropscreen.queue().length > 0 && ropscreen.drawnPhotograph === ropscreen.queue()[0].photograph",
               name + "'s queue")
    queue = page.js("return ropscreen.queue().map((q) => ({photograph: q.photograph, position: q.position, draft: q.draft}))")
    assert len(queue) == COUNT, "%s's queue has %d photographs" % (name, len(queue))
    shortcuts = page.js("return ropscreen.project.shortcuts")
    chip = page.js("return document.querySelector('#label-fields [data-field=stage] [data-option=\"3\"]').textContent")
    assert chip == shortcuts["stage"]["3"] + "3", "the stage 3 chip shows %r" % chip
    saved = {}
    for index, entry in enumerate(queue):
        page.until("ropscreen.index === %d && ropscreen.drawnPhotograph === %s" % (index, json.dumps(entry["photograph"])), "photograph %d" % index)
        draft = entry["draft"]
        shown = page.js("return ropscreen.labels()")
        assert shown == draft, "photograph %d: the page starts from %r, not the draft %r" % (index, shown, draft)
        labels = choose(entry["position"], draft)
        for field, option in labels.items():
            page.keys(shortcuts[field][option])
        expected = dict(draft)
        expected.update({field: {"option": option} for field, option in labels.items()})
        extra = drawings.get(entry["position"])
        if extra:
            expected.update(extra(page, draft))
        if index == 1:
            page.shot(name + "-label")
        now = page.js("return ropscreen.labels()")
        assert now == expected, "photograph %d: the page holds %r, expected %r" % (index, now, expected)
        saved[entry["position"]] = {"labels": now, "draft": draft}
        page.keys(Keys.ENTER)
    page.until("ropscreen.pendingSaves === 0", name + "'s saves")
    page.call("ropscreen.saved()")
    errors = page.js("return ropscreen.saveErrors")
    assert not errors, "saves refused: %r" % errors
    return saved


def far_corner(centre, size=128):
    return 14 if centre > size / 2 else size - 30


def ann_drawings():
    def zoom_and_fovea(page, draft):
        # Brighten and zoom before clicking: the click must still land where the image point is.
        page.keys("]", "]", "}", "+", "+", Keys.ARROW_LEFT)
        look = page.js("return [document.getElementById('brightness').value, document.getElementById('contrast').value]")
        assert look == ["1.2", "1.1"], "brightness/contrast sliders: %r" % look
        fovea = (draft.get("fovea") or {}).get("point", {"x": 64, "y": 64})
        x, y = (44 if fovea["x"] > 64 else 84), 64  # > 10 px from the draft's fovea, and on screen at this zoom
        page.keys("f")
        page.click_image(x, y)
        point = page.js("return ropscreen.labels().fovea.point")
        assert abs(point["x"] - x) <= 1 and abs(point["y"] - y) <= 1, "fovea clicked at (%s, %s), stored %r" % (x, y, point)
        page.keys("0")
        return {"fovea": {"point": point}}

    def ridge(page, draft):
        page.keys("r")
        for x, y in ((30, 90), (60, 100), (95, 92)):
            page.click_image(x, y)
        page.keys(Keys.ENTER)
        line = page.js("return ropscreen.labels().ridge")
        assert line and len(line["polyline"]) == 3, "ridge: %r" % line
        return {"ridge": line}

    def note(page, draft):
        page.keys("n")
        page.until("document.activeElement === document.getElementById('note-box')", "the note box")
        page.keys("dark periphery", Keys.ENTER)
        return {"note": {"note": "dark periphery"}}

    def undo(page, draft):
        # A wrong stage, undone with u; then the right one again (typed by the caller already).
        page.keys("s5", "u")
        return {}

    def layers(page, draft):
        # The models' vessel and ridge maps under the labels: on with v and g, drawn, off again; the ROP hint beside them.
        assert page.js("return ropscreen.labels && document.getElementById('model-hints').textContent").startswith("models: rop:"), \
            "no ROP hint: %r" % page.js("return document.getElementById('model-hints').textContent")
        page.keys("v", "g")
        page.until("ropscreen.layersShown && ropscreen.layersShown.vessels && ropscreen.layersShown.ridge", "both layers on")
        page.keys("v", "g")
        page.until("!ropscreen.layersShown.vessels && !ropscreen.layersShown.ridge", "both layers off")
        return {}

    return {0: zoom_and_fovea, 1: ridge, 2: note, 3: layers, 4: undo}


def bea_drawings():
    def disc(page, draft):
        box = (draft.get("disc") or {}).get("box", {"minX": 54, "minY": 54, "maxX": 74, "maxY": 74})
        x0, y0 = far_corner((box["minX"] + box["maxX"]) / 2), far_corner((box["minY"] + box["maxY"]) / 2)
        page.keys("d")
        page.click_image(x0, y0)
        page.click_image(x0 + 16, y0 + 16)
        drawn = page.js("return ropscreen.labels().disc")
        b = drawn["box"]
        assert b["maxX"] < box["minX"] or b["minX"] > box["maxX"] or b["maxY"] < box["minY"] or b["minY"] > box["maxY"], "the boxes overlap"
        return {"disc": drawn}

    def undo_backspace(page, draft):
        page.keys("p2", Keys.BACKSPACE)
        return {}

    return {3: disc, 6: undo_backspace}


def agree(a, b):
    """The adjudication policy for what this script draws: points within 10 px, boxes/lines equal or disjoint."""
    if a is None or b is None:
        return a is None and b is None
    if "point" in a and "point" in b:
        return ((a["point"]["x"] - b["point"]["x"]) ** 2 + (a["point"]["y"] - b["point"]["y"]) ** 2) ** 0.5 <= 10
    return a == b


def coordinate(value):
    if value is None:
        return ""
    text = "%.1f" % value
    return "0.0" if text == "-0.0" else text


def manifest(references):
    rows = ["image,split,eye,quality,diagnosis,od_x,od_y,od_w,od_h,fovea_x,fovea_y,vessel_mask,fov_mask,extra_mask,lesions"]
    for position in sorted(references):
        ref = references[position]
        option = lambda f: (ref.get(f) or {}).get("option")
        quality = {"good": "good", "usable": "good", "bad": "bad"}.get(option("image_quality"), "")
        stage, arop = option("stage"), option("a_rop")
        diagnosis = "rop" if arop == "yes" else ("" if stage is None else ("normal" if stage == "0" else "rop"))
        disc = (ref.get("disc") or {}).get("box")
        fovea = (ref.get("fovea") or {}).get("point")
        cells = ["%d.png" % position, "test", option("eye") or "", quality, diagnosis,
                 coordinate(disc and (disc["minX"] + disc["maxX"]) / 2), coordinate(disc and (disc["minY"] + disc["maxY"]) / 2),
                 coordinate(disc and disc["maxX"] - disc["minX"]), coordinate(disc and disc["maxY"] - disc["minY"]),
                 coordinate(fovea and fovea["x"]), coordinate(fovea and fovea["y"]), "", "", "", ""]
        rows.append(",".join(cells))
    return "".join(row + "\n" for row in rows)


def main(url):
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(120)
    page = Page(driver)
    try:
        driver.get(url + "annotate")
        assert "ropscreen" in driver.title, driver.title
        # The admin creates the project through the API, from the page (drafting takes a while).
        page.sign_in("root")
        page.call("ropscreen.api('POST', '/v1/annotation/projects', {name: 'pilot', members: ['ann', 'bea', 'adj'],"
                  " annotatorsPerPhotograph: 2, manifest: 'pilot/manifest.csv'})")
        page.sign_out()
        assert page.js("return document.cookie") == "", "the session cookie is HttpOnly"

        page.sign_in("ann")
        ann = label_all(page, "ann", ann_choice, ann_drawings())
        ann_advances = page.js("return ropscreen.advances.slice()")
        page.sign_out()

        page.sign_in("bea")
        bea = label_all(page, "bea", bea_choice, bea_drawings())
        advances = page.js("return ropscreen.advances.slice()")
        presses = page.js("return ropscreen.keyPressLog")
        # Blind: bea sees her own labels only, not ann's.
        first = page.js("return ropscreen.queue()[0].photograph")
        seen = page.call("ropscreen.api('GET', '/v1/annotation/projects/' + ropscreen.project.id + '/photographs/' + %s + '/labels')"
                         % json.dumps(first))
        assert [a["annotator"] for a in seen["annotations"]] == ["bea"], "bea sees %r" % seen
        page.sign_out()

        # What the adjudicator must see: the fields where ann and bea differ, in schema order.
        fields = ["zone", "stage", "plus", "a_rop", "extent_clock_hours", "eye", "image_quality", "disc", "fovea", "ridge"]
        disputed = {}
        for position in range(COUNT):
            a, b = ann[position]["labels"], bea[position]["labels"]
            differing = [f for f in fields if not agree(a.get(f), b.get(f))]
            if differing:
                disputed[position] = differing

        page.sign_in("adj")
        page.keys("a")
        page.until("ropscreen.view === 'adjudicate' && ropscreen.adjudication && (ropscreen.adjudicationItem === null ||"
                   " ropscreen.drawnPhotograph === ropscreen.adjudicationItem.photograph)", "the adjudication queue")
        references = {}
        resolved = 0
        while True:
            item = page.js("return ropscreen.adjudicationItem")
            if item is None:
                break
            position = int(item["photograph"].rsplit("-", 1)[1])
            page.until("ropscreen.drawnPhotograph === %s" % json.dumps(item["photograph"]), "adjudication photograph %d" % position)
            shown = [d["field"] for d in item["disagreements"]]
            assert shown == disputed.get(position), "photograph %d: the page disputes %r, expected %r" % (position, shown, disputed.get(position))
            names = [a["annotator"] for a in item["annotations"]]
            assert names == ["ann", "bea"], names
            reference = dict(ann[position]["labels"])
            reference.pop("note", None)
            shortcuts = page.js("return ropscreen.project.shortcuts")
            for n, field in enumerate(shown):
                values = [ann[position]["labels"].get(field), bea[position]["labels"].get(field)]
                others = [o for o in (shortcuts.get(field) or {}) if {"option": o} not in values]
                if field == "stage" and position % 3 == 0 and others:
                    page.keys(shortcuts[field][others[0]])  # neither annotator's value: the field's own keys
                    decided = {"option": others[0]}
                else:
                    pick = (position + n) % 2
                    page.keys(str(pick + 1))
                    decided = values[pick]
                if decided is None:
                    reference.pop(field, None)
                else:
                    reference[field] = decided
            if resolved == 0:
                page.shot("adj-adjudicate")
            page.keys(Keys.ENTER)
            references[position] = reference
            resolved += 1
            page.until("ropscreen.adjudicationItem === null || ropscreen.adjudicationItem.photograph !== %s" % json.dumps(item["photograph"]),
                       "the next disagreement")
        page.call("ropscreen.saved()")
        errors = page.js("return ropscreen.saveErrors")
        assert not errors, "decisions refused: %r" % errors
        assert resolved == len(disputed), "resolved %d of %d disagreements" % (resolved, len(disputed))
        assert page.call("ropscreen.api('GET', '/v1/annotation/projects/' + ropscreen.project.id + '/adjudication')")["items"] == [], "disagreements left"
        for position in range(COUNT):
            if position not in references:
                reference = dict(ann[position]["labels"])
                reference.pop("note", None)
                references[position] = reference

        exported = page.call("ropscreen.fetchExport('manifest')")
        expected = manifest(references)
        if exported != expected:
            import difflib
            raise AssertionError("the exported manifest differs:\n" + "".join(difflib.unified_diff(
                expected.splitlines(True), exported.splitlines(True), "expected", "exported")))
        link = driver.find_element(By.ID, "export-manifest").get_attribute("href")
        assert link.endswith("/export?format=manifest"), link

        # How often each draft was kept unchanged, as the server recorded it from the saves.
        kept = {}
        for saved in (ann, bea):
            for entry in saved.values():
                for field, value in entry["draft"].items():
                    counts = kept.setdefault(field, [0, 0])
                    counts[0] += 1
                    counts[1] += entry["labels"].get(field) == value
        acceptance = page.call("ropscreen.api('GET', '/v1/annotation/projects/' + ropscreen.project.id + '/agreement')")["draftAcceptance"]
        assert {f: [v["drafted"], v["acceptedUnchanged"]] for f, v in acceptance.items()} == kept, "draft acceptance %r, expected %r" % (acceptance, kept)
        adjudication_advances = page.js("return ropscreen.adjudicationAdvances.slice()")

        # Pairwise severity: four judgements by arrow keys, each followed by the next pair.
        page.keys(Keys.ESCAPE)
        page.until("ropscreen.view === 'projects'", "the project list")
        page.keys("c")
        for n in range(4):
            page.until("ropscreen.view === 'pairs' && ropscreen.pair && (ropscreen.comparisons || 0) === %d" % n, "pair %d" % (n + 1))
            page.keys(Keys.ARROW_LEFT if n % 2 == 0 else Keys.ARROW_RIGHT)
        page.until("(ropscreen.comparisons || 0) === 4 && ropscreen.pair", "the fourth comparison")
        page.shot("adj-pairs")
        severity = page.call("ropscreen.api('GET', '/v1/annotation/projects/' + ropscreen.project.id + '/severity')")
        assert severity["comparisons"] == 4, severity
        page.sign_out()

        counts = [p["presses"] for p in presses]
        assert max(counts) <= 3, "a label took %d key presses" % max(counts)
        median = statistics.median(advances)
        assert len(advances) == 2 * (COUNT - 1), "%d advances measured" % len(advances)
        assert median < 150, "median advance %.1f ms" % median
        per_field = {}
        for p in presses:
            per_field.setdefault(p["field"], []).append(p["presses"])
        print("annotate: 2 annotators x %d photographs by keyboard, %d disagreements adjudicated by keyboard, manifest export of %d rows equals the expected one, 4 pairwise comparisons"
              % (COUNT, resolved, COUNT))
        print("key presses per classification label: %d labels, max %d, mean %.2f (%s)" % (
            len(counts), max(counts), statistics.mean(counts),
            ", ".join("%s max %d" % (f, max(v)) for f, v in sorted(per_field.items()))))
        print("next photograph drawn after Enter: %d advances, median %.1f ms, max %.1f ms (ann median %.1f ms, bea median %.1f ms)" % (
            len(advances), median, max(advances), statistics.median(ann_advances), statistics.median(advances[len(ann_advances):])))
        print("models' drafts kept unchanged: %s" % ", ".join("%s %d of %d" % (f, v[1], v[0]) for f, v in sorted(kept.items())))
        if adjudication_advances:
            print("next disagreement drawn after Enter: %d advances, median %.1f ms, max %.1f ms" % (
                len(adjudication_advances), statistics.median(adjudication_advances), max(adjudication_advances)))
        return 0
    except Exception:  # noqa: BLE001 - report any failure with the page state
        import traceback
        print("annotate check failed:\n" + traceback.format_exc())
        try:
            print("view %r, status %r" % (page.js("return ropscreen.view"), driver.find_element(By.ID, "status").text))
            driver.save_screenshot("/tmp/annotate_failure.png")
        except Exception:  # noqa: BLE001
            pass
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
