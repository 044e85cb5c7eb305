"""The HTML report: complete, escaped, self-contained, and real in a real browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from markupsafe import escape

from mealplan.plan import Plan
from mealplan.render import DISCLAIMER, data_note
from mealplan.report import render_html

HOSTILE = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"


# --------------------------------------------------------------------------------------------
# Fixtures and helpers


def esc(text: str) -> str:
    """Text as Jinja2's autoescape writes it."""
    return str(escape(text))


def _plan_dict(plan: Plan) -> dict:
    return json.loads(plan.to_json())


def _rename(document: dict, old: str, new: str) -> None:
    document["foods"][new] = document["foods"].pop(old)
    for day in document["days"]:
        for item in day["meals"]:
            if item["food"] == old:
                item["food"] = new


@pytest.fixture(scope="session")
def hostile_plan(short_plan):
    """The short plan with user-controlled text replaced by markup and formula bait."""
    document = _plan_dict(short_plan)
    first, second = document["days"][0]["meals"][0]["food"], document["days"][0]["meals"][1]["food"]
    _rename(document, first, HOSTILE)
    _rename(document, second, FORMULA)
    document["foods"][HOSTILE]["category"] = f"aisle {HOSTILE}"
    document["foods"][HOSTILE]["serving"] = f'1 "cup" {HOSTILE}'
    document["foods"][FORMULA]["package"] = f"{FORMULA} & <b>box</b>"
    document["settings"]["exclude"] = [HOSTILE, FORMULA]
    document["settings"]["diet"] = HOSTILE
    document["settings"]["profile"] = f"{HOSTILE}\" onmouseover=\"alert(2)"
    document["warnings"] = [f"warning {HOSTILE}"]
    return Plan.from_dict(document), first


@pytest.fixture(scope="session")
def hostile_foods(hostile_plan, small_catalogue):
    plan, original = hostile_plan
    foods = small_catalogue.by_name()
    foods[HOSTILE] = replace(foods[original], name=HOSTILE)
    return foods


@pytest.fixture(scope="session")
def page(short_plan, small_catalogue) -> str:
    return render_html(short_plan, small_catalogue.by_name())


def _charted(plan: Plan) -> list[str]:
    # Minimums first (energy among them), then caps only (sodium, saturated fat, caffeine).
    targets = plan.targets.values()
    return ([n.label for n in targets if n.min]
            + [n.label for n in targets if not n.min and n.max is not None])


class _Collect(HTMLParser):
    """Tags and attributes of a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):  # noqa: ANN001
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags
                if t == tag and all(a.get(k.rstrip("_").replace("_", "-")) == v
                                       for k, v in attrs.items())]


def _parse(text: str) -> _Collect:
    parser = _Collect()
    parser.feed(text)
    parser.close()
    return parser


_URL_ATTRIBUTES = ("src", "href", "xlink:href", "srcset", "action", "formaction", "poster",
                   "data", "background", "ping", "manifest")


def _external_references(text: str) -> list[str]:
    """Anything that would make a browser fetch: URLs, src/href not in-page, CSS url()/@import."""
    found = re.findall(r"(?:https?:)?//[\w.-]+\.\w+", text)
    found += re.findall(r"url\(\s*['\"]?(?!data:|#)[^)]*\)", text, flags=re.I)
    found += re.findall(r"@import", text, flags=re.I)
    for tag, attrs in _parse(text).tags:
        for name in _URL_ATTRIBUTES:
            value = attrs.get(name)
            if value is not None and not value.startswith("#"):
                found.append(f"<{tag} {name}={value!r}>")
        if tag == "link" or tag == "script" or tag == "iframe" or tag == "img":
            found.append(f"<{tag}>")
    return found


# --------------------------------------------------------------------------------------------
# The HTML string


def test_template_is_package_data():
    template = resources.files("mealplan") / "templates" / "report.html.j2"
    assert "<!DOCTYPE html>" in template.read_text(encoding="utf-8")


def test_page_is_one_complete_document(page):
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
    assert '<meta name="viewport"' in page
    assert "@media print" in page and "break-before: page" in page
    assert "@media (max-width: 600px)" in page


def test_page_has_every_day_meal_food_and_settings(short_plan, page):
    parsed = _parse(page)
    assert len(parsed.find("tr", data_day="1")) == 1
    for day in short_plan.days:
        assert parsed.find("tr", data_day=str(day.day)), f"day {day.day} missing"
        assert f"Day {day.day}" in page
        for item in day.items:
            assert esc(item.food) in page
            assert esc(short_plan.foods[item.food].serving) in page
            assert f"{item.grams:.0f} g" in page
    headers = [a["data-meal"] for a in parsed.find("th") if "data-meal" in a]
    assert headers == [m for m in ("breakfast", "lunch", "dinner", "snack")
                       if any(i.meal == m for d in short_plan.days for i in d.items)]
    for name in ("Profile", "Diet", "Excluded", "Caffeine cap", "Objective", "Credits", "People"):
        assert f"<dt>{name}</dt>" in page
    assert "400 mg/day" in page  # the default caffeine cap


def test_page_has_a_chart_per_nutrient(short_plan, page):
    parsed = _parse(page)
    charts = parsed.find("svg")
    labels = _charted(short_plan)
    assert len(charts) == len(labels)
    for label in labels:
        assert f"<h3>{esc(label)}</h3>" in page
        assert f"<title id=\"chart-{labels.index(label) + 1}-title\">{esc(label)} per day" in page
    for chart in charts:
        assert chart["role"] == "img" and chart["aria-labelledby"]
    # one bar per day per chart, the lowest day highlighted on every minimum
    bars = [a for t, a in parsed.tags if t == "g" and a.get("class") == "bar"]
    assert len(bars) == len(labels) * len(short_plan.days)
    with_min = sum(1 for n in short_plan.targets.values() if n.min)
    highlighted = parsed.find("rect", class_="bar-lowest") + parsed.find("rect", class_="bar-short")
    assert len(highlighted) >= with_min
    assert "Top source:" in page



def _section(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}"')
    return page[start:page.index("</section>", start)]


def test_headline_and_more_nutrients_have_sections_of_their_own(short_plan, page):
    """The headline nutrients keep their section; those targets.yaml files under "More
    nutrients" have one of their own, as the text output's coverage tables are split."""
    headline = _section(page, "nutrients")
    more = _section(page, "nutrients-more-nutrients")
    assert "<h2 id=\"nutrients-more-nutrients-title\">More nutrients</h2>" in more
    charted = [key for key, n in short_plan.targets.items() if n.min or n.max is not None]
    moved = [key for key in charted if short_plan.targets[key].section == "More nutrients"]
    assert "protein_g" in moved and "kcal" not in moved
    for key in charted:
        inside, outside = (more, headline) if key in moved else (headline, more)
        assert f'data-nutrient="{key}"' in inside and f'data-nutrient="{key}"' not in outside, key
    assert 'href="#nutrients-more-nutrients"' in page
    ids = [attrs["id"] for _, attrs in _parse(page).tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "an id is used twice"

def test_top_source_is_the_biggest_contributor(short_plan, small_catalogue, page):
    foods = small_catalogue.by_name()
    key = "calcium_mg"
    totals: dict[str, float] = {}
    for day in short_plan.days:
        for item in day.items:
            totals[item.food] = totals.get(item.food, 0) + item.servings * foods[item.food].amount(key)
    best = max(totals, key=totals.get)
    section = page[page.index('data-nutrient="calcium_mg"'):]
    section = section[:section.index("</figure>")]
    assert f"Top source: <strong>{esc(best)}</strong>" in section


def test_top_source_needs_the_catalogue(short_plan):
    assert "Top source:" not in render_html(short_plan)


def test_shopping_checklist(short_plan, page):
    parsed = _parse(page)
    items = short_plan.shopping_list()
    boxes = parsed.find("input", type="checkbox")
    assert len(boxes) == len(items)
    assert len({box["id"] for box in boxes}) == len(items)
    for box in boxes:
        assert parsed.find("label", for_=box["id"])
    for item in items:
        assert parsed.find("li", data_food=item.food)
        assert parsed.find("div", data_aisle=item.category)
        if item.cost is not None:
            assert f"${item.cost:,.2f}" in page
    if all(item.cost is not None for item in items):
        assert f"${sum(item.cost for item in items):,.2f}" in page


def test_footer_has_data_source_and_disclaimer(page, short_plan):
    assert esc(data_note(short_plan)) in page
    assert esc(DISCLAIMER) in page
    assert page.index(esc(DISCLAIMER)) > page.index('id="shopping"')


def test_no_external_resources(page, short_plan):
    assert _external_references(page) == []
    assert _external_references(render_html(short_plan)) == []
    assert "default-src 'none'" in page  # and the CSP forbids any that might slip in


def test_user_data_is_escaped(hostile_plan, hostile_foods):
    plan, _ = hostile_plan
    text = render_html(plan, hostile_foods)
    assert HOSTILE not in text and "<script" not in text.lower()
    assert FORMULA not in text  # its quote is escaped too
    assert "<b>box</b>" not in text
    assert 'onmouseover="' not in text
    assert esc(HOSTILE) in text and esc(FORMULA) in text
    parsed = _parse(text)
    assert not [t for t, _ in parsed.tags if t in ("script", "b")]
    assert not [a for _, a in parsed.tags if any(k.startswith("on") for k in a)]
    # and the page still shows them as text, as the user wrote them
    shown = "".join(parsed.text)
    assert HOSTILE in shown and FORMULA in shown
    assert "Top source: " in shown
    assert _external_references(text) == []


def test_shortfall_status_lists_each_shortfall(short_plan):
    document = _plan_dict(short_plan)
    document["status"] = "shortfall"
    document["shortfalls"] = [{"nutrient": "vitamin_d_ug", "label": "Vitamin D", "unit": "µg",
                               "target": 15.0, "missing": {"1": 4.0, "2": 7.5},
                               "helpers": [f"{HOSTILE} (excluded)"]}]
    plan = Plan.from_dict(document)
    text = render_html(plan)
    assert 'data-status="shortfall"' in text
    assert esc(plan.shortfalls[0].describe()) in text
    assert HOSTILE not in text


def test_feasible_status_shows_gap_and_warnings(short_plan):
    plan = replace(short_plan, status="feasible", gap=0.0435,
                   warnings=["time limit reached: this plan is feasible but not proven optimal"])
    text = render_html(plan)
    assert 'data-status="feasible"' in text and "gap 4.35%" in text
    assert "Warning: time limit reached" in text


def test_credits_are_named(short_plan):
    plan = replace(short_plan, credits={"vitamin_d_ug": 10.0})
    text = render_html(plan)
    assert "Vitamin D 10 µg/day from sunlight or supplements" in text
    assert "lighter part of each bar" in text


def test_continuous_plan_has_one_meal_column(short_plan):
    document = _plan_dict(short_plan)
    for day in document["days"]:
        for item in day["meals"]:
            item["meal"] = "day"
            item["servings"] *= 0.75
    document["settings"]["continuous"] = True
    text = render_html(Plan.from_dict(document))
    parsed = _parse(text)
    assert [a["data-meal"] for a in parsed.find("th") if "data-meal" in a] == ["day"]
    assert "Whole day" in text and "fractional servings" in text


def test_many_days_still_render(short_plan):
    document = _plan_dict(short_plan)
    document["days"] = [dict(document["days"][n % 2], day=n + 1) for n in range(28)]
    text = render_html(Plan.from_dict(document))
    assert len(_parse(text).find("tr")) == 29  # header + 28 days
    assert 'data-day="28"' in text


def test_import_stays_light():
    code = ("import sys, mealplan, mealplan.report; "
            "assert 'jinja2' not in sys.modules, 'jinja2 imported at import time'")
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------------------------
# A real browser

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
    # any name lookup fails, so a stray external reference could not load anything
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if "CI" in os.environ:
            pytest.fail("Chromium is required in CI (apt-get install chromium); not found on PATH")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI runs this test")
    return path


def _run_chromium(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_browser_renders_the_page(chromium, tmp_path, hostile_plan, hostile_foods):
    plan, _ = hostile_plan
    path = tmp_path / "week.html"
    path.write_text(render_html(plan, hostile_foods), encoding="utf-8")
    result = _run_chromium(chromium, tmp_path, "--dump-dom", path.as_uri())
    dom = result.stdout
    assert result.returncode == 0 and "</html>" in dom, result.stderr[-2000:]
    parsed = _parse(dom)
    # the browser built the document we meant: days, charts, a checkbox per item
    for day in plan.days:
        assert parsed.find("tr", data_day=str(day.day))
    for label in _charted(plan):
        assert f"<h3>{esc(label)}</h3>" in dom
    items = plan.shopping_list()
    assert len(parsed.find("input", type="checkbox")) == len(items)
    for item in items:
        assert parsed.find("li", data_food=item.food)
    # the hostile name stayed text: no script element, no handler, shown literally
    assert not [t for t, _ in parsed.tags if t in ("script", "b")]
    assert not [a for _, a in parsed.tags if any(k.startswith("on") for k in a)]
    assert HOSTILE in "".join(parsed.text)
    assert _external_references(dom) == []


def test_browser_prints_sections_on_their_own_pages(chromium, tmp_path, short_plan,
                                                    small_catalogue):
    path = tmp_path / "week.html"
    path.write_text(render_html(short_plan, small_catalogue.by_name()), encoding="utf-8")
    pdf = tmp_path / "week.pdf"
    result = _run_chromium(chromium, tmp_path, "--no-pdf-header-footer",
                           f"--print-to-pdf={pdf}", path.as_uri())
    assert pdf.exists() and pdf.stat().st_size > 1000, result.stderr[-2000:]
    counts = [int(n) for n in re.findall(rb"/Count (\d+)", pdf.read_bytes())]
    assert counts and max(counts) >= 3  # menu, nutrients, shopping list each start a page
