// A visitor's way through the portal, at 1280 px and at 390 px: a Korean search from the home
// page to the dataset, a category tile, a 구·군 filter, a facet, a dataset page, an area drawn
// on the search page's map, then English and back. Map tiles are blocked (lib.mjs): the map
// must work without them. Each step is screenshotted as OUT_DIR/<width>-<n>-<step>.png and
// what the visitor saw is printed as JSON. A broken step is recorded in `errors` (with a
// screenshot) and the flow goes on with the next independent step (the pytest side reports).
// usage: node portal_flow.mjs BASE_URL OUT_DIR QUERY DISTRICT_CODE CATEGORY [WIDTH ...]
import path from "node:path";
import fs from "node:fs";
import { launch, newPage } from "./lib.mjs";

const [base, outDir, query, district, category, ...widthArgs] = process.argv.slice(2);
const widths = widthArgs.length ? widthArgs.map(Number) : [1280, 390];
// An area over 해운대구 (east of the city): its datasets intersect it, 사하구's (west) do not.
const AREA = { south: 35.15, west: 129.1, north: 35.22, east: 129.2 };
fs.mkdirSync(outDir, { recursive: true });

const resultLinks = (page) =>
  page.$$eval(".dataset-list .dataset-item", (items) =>
    items.map((item) => {
      const a = item.querySelector("a[href*='/dataset/']");
      return a ? { title: a.innerText.trim(), href: new URL(a.href).pathname } : null;
    }).filter(Boolean));

async function flow(browser, width) {
  const page = await newPage(browser);
  await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
  const seen = { steps: [], errors: [] };
  let n = 0;
  let step = "start";
  const shot = async (name) => {
    n += 1;
    seen.steps.push(name);
    await page.screenshot({ path: path.join(outDir, `${width}-${n}-${name}.png`), fullPage: true });
  };
  const go = (action) => Promise.all([page.waitForNavigation({ waitUntil: "load" }), action]);
  // the first visible link matching a selector (at 390 px some copies sit in collapsed menus)
  const visibleLink = async (selector) => {
    for (const a of await page.$$(selector)) if (await a.isVisible()) return a;
    return null;
  };
  // A facet link; on a narrow screen CKAN folds the facets behind its "filter results" button.
  const facetLink = async (selector) => {
    const link = await page.$(selector);
    if (link && !(await link.isVisible())) {
      const toggle = await visibleLink(".show-filters");
      if (toggle) {
        await toggle.click();
        await link.waitForElementState("visible", { timeout: 5000 }).catch(() => {});
      }
    }
    return link;
  };
  const failed = async (err) => {
    seen.errors.push(`${step}: ${err.message.split("\n")[0]} (at ${page.url()})`);
    const name = `${width}-error-${step.replace(/\W+/g, "-")}.png`;
    await page.screenshot({ path: path.join(outDir, name), fullPage: true }).catch(() => {});
  };
  try {
    // 1. Korean search from the home page's search box, then the result.
    step = "home search";
    await page.goto(`${base}/`, { waitUntil: "load" });
    seen.homeLang = await page.getAttribute("html", "lang");
    await shot("home");
    // The page's own search box, typed into like a person. CKAN's autocomplete module may have
    // put a select2 box over the input: click it and type into its search field. Enter (a
    // suggestion or the text), or the form's button when Enter does not search.
    const form = await visibleLink(
      "main form:has(input[name='q']), [role='main'] form:has(input[name='q']), #content form:has(input[name='q'])");
    if (!form) throw new Error("no search form (a form with input[name=q]) in the home page's content");
    let box = null;
    for (const el of await form.$$("input[name='q'], .select2-choice, .select2-choices")) {
      if (await el.isVisible()) { box = el; break; }
    }
    if (!box) {
      const state = await page.$$eval("input[name='q']", (els) => els.map((e) => {
        const r = e.getBoundingClientRect();
        return `${e.id} ${r.width}x${r.height} ${getComputedStyle(e).display}`;
      }));
      throw new Error(`no visible search box in the home page's search form: ${state.join(" | ")}`);
    }
    seen.searchWidget = (await box.getAttribute("class")) || "input";
    await box.click();
    await page.keyboard.type(query, { delay: 30 });
    await page.waitForTimeout(800); // suggestions
    const entered = await Promise.all([
      page.waitForNavigation({ waitUntil: "load", timeout: 5000 }),
      page.keyboard.press("Enter"),
    ]).then(() => true, () => false);
    seen.searchSubmittedBy = entered ? "Enter" : "button";
    if (!entered) await go(form.$eval("button[type='submit'], input[type='submit']", (b) => b.click()));
    seen.searchUrl = page.url();
    seen.searchResults = await resultLinks(page);
    await shot("search-results");
    step = "open the search result";
    await go(page.click(".dataset-list .dataset-item a[href*='/dataset/']"));
    seen.firstResultH1 = await page.$$eval("h1", (els) => els.map((e) => e.innerText.trim()));
    await shot("search-result-dataset");

  } catch (err) {
    await failed(err);
  }
  try {
    // 2. A category tile on the home page leads to the filtered search.
    step = "category tile";
    await page.goto(`${base}/`, { waitUntil: "load" });
    const tile = await visibleLink(`a[href*='/dataset/?category=${category}'], a[href*='/dataset?category=${category}']`);
    if (!tile) throw new Error(`the home page has no visible category tile (a link to /dataset/?category=${category})`);
    seen.tileText = (await tile.innerText()).trim();
    await go(tile.click());
    seen.categoryUrl = page.url();
    seen.categoryResults = await resultLinks(page);
    await shot("category");

  } catch (err) {
    await failed(err);
  }
  try {
    // 3. A 구·군 filter: the district facet of the search page.
    step = "district filter";
    await page.goto(`${base}/dataset/`, { waitUntil: "load" });
    const districtLink = await facetLink(`a[href*='spatial_districts=${district}']`);
    if (!districtLink) throw new Error(`no district filter link (spatial_districts=${district}) on /dataset/`);
    seen.districtText = (await districtLink.innerText()).trim();
    await districtLink.scrollIntoViewIfNeeded();
    await go(districtLink.click());
    seen.districtUrl = page.url();
    seen.districtResults = await resultLinks(page);
    await shot("district");

    // 4. A second facet on top: the CSV format.
    step = "format facet";
    const formatLink = await facetLink("a[href*='res_format=CSV']");
    if (!formatLink) throw new Error("no format facet link (res_format=CSV) on the district's results");
    await formatLink.scrollIntoViewIfNeeded();
    await go(formatLink.click());
    seen.facetUrl = page.url();
    seen.facetResults = await resultLinks(page);
    await shot("district-and-format");

    // 5. Open a dataset from the filtered results.
    step = "open a dataset";
    await go(page.click(".dataset-list .dataset-item a[href*='/dataset/']"));
    seen.datasetUrl = page.url();
    seen.datasetH1 = await page.$$eval("h1", (els) => els.map((e) => e.innerText.trim()));
    await shot("dataset");

  } catch (err) {
    await failed(err);
  }
  try {
    // 6. Draw an area on the search page's map (ckanext-spatial's widget) and apply it.
    step = "draw an area";
    await page.goto(`${base}/dataset/`, { waitUntil: "load" });
    const drawButton = await page.waitForSelector("#dataset-map .leaflet-control-custom-button", { timeout: 15000 })
      .catch(() => null);
    if (!drawButton) throw new Error("no search-by-area map on /dataset/ (#dataset-map draw button)");
    await drawButton.scrollIntoViewIfNeeded();
    await shot("map");
    await drawButton.click();
    const container = await page.waitForSelector(".modal.show #draw-map-container", { timeout: 15000 });
    await page.waitForTimeout(800); // the modal's fade-in and the map's fitBounds
    // Leaflet's own projection of the area onto the drawing map (ckanext-spatial keeps that map
    // in the global `map`), so the rectangle covers the same place at any width.
    const corners = await page.evaluate((a) => {
      // eslint-disable-next-line no-undef
      const m = window.map;
      if (!m || !m.latLngToContainerPoint) return null;
      const nw = m.latLngToContainerPoint([a.north, a.west]);
      const se = m.latLngToContainerPoint([a.south, a.east]);
      return { x1: nw.x, y1: nw.y, x2: se.x, y2: se.y };
    }, AREA);
    const box2 = await container.boundingBox();
    const c = corners || { x1: box2.width * 0.6, y1: box2.height * 0.3, x2: box2.width * 0.8, y2: box2.height * 0.5 };
    seen.drawnPixels = c;
    await page.mouse.move(box2.x + c.x1, box2.y + c.y1);
    await page.mouse.down();
    await page.mouse.move(box2.x + (c.x1 + c.x2) / 2, box2.y + (c.y1 + c.y2) / 2, { steps: 5 });
    await page.mouse.move(box2.x + c.x2, box2.y + c.y2, { steps: 5 });
    await page.mouse.up();
    const drawn = await page.waitForSelector(".modal.show .apply:not(.disabled)", { timeout: 5000 }).catch(() => null);
    if (!drawn) {
      throw new Error(`no area drawn: the drawing map is ${Math.round(box2.width)} px wide at x=${Math.round(box2.x)} ` +
        `in a ${width} px window, the area at (${Math.round(c.x1)},${Math.round(c.y1)})-(${Math.round(c.x2)},${Math.round(c.y2)})`);
    }
    await shot("area-drawn");
    await go(page.click(".modal.show .apply"));
    seen.areaUrl = page.url();
    seen.areaResults = await resultLinks(page);
    await shot("area-results");

  } catch (err) {
    await failed(err);
  }
  try {
    // 7. English, then back to Korean, on the same page.
    step = "switch to English";
    const toEnglish = async () => {
      const link = await visibleLink("a[hreflang='en'], a[lang='en'], a[href^='/en/']:text-is('English')");
      if (link) return go(link.click());
      // CKAN's own language form in the footer (a select that submits on change): only once the
      // page is settled, or the change can land on a page that is about to be replaced
      await page.waitForLoadState("networkidle");
      return pickLanguage({ label: "English" }, /\/en\//);
    };
    // Change the select; if its change handler has not sent the form within 10 s (seen now and
    // then at 390 px), send the form as its own button would: the URL must still change.
    const pickLanguage = async (option, urlPattern) => {
      const moved = page.waitForURL(urlPattern, { timeout: 10000 }).then(() => true, () => false);
      await page.selectOption("form.lang-select select", option, { force: true });
      if (!(await moved)) await go(page.evaluate(() => document.querySelector("form.lang-select").submit()));
      await page.waitForLoadState("load");
    };
    await toEnglish();
    seen.englishUrl = page.url();
    seen.englishLang = await page.getAttribute("html", "lang");
    await shot("english");
    step = "switch back to Korean";
    const link = await visibleLink("a[hreflang='ko'], a[lang='ko'], a:text-is('한국어')");
    if (link) await go(link.click());
    else {
      await page.waitForLoadState("networkidle");
      const value = await page.$eval("form.lang-select select", (sel) =>
        Array.from(sel.options).find((o) => (o.getAttribute("lang") || "").startsWith("ko")).value);
      await pickLanguage(value, (url) => !url.pathname.startsWith("/en/"));
    }
    seen.koreanUrl = page.url();
    seen.koreanLang = await page.getAttribute("html", "lang");
    await shot("korean-again");
  } catch (err) {
    await failed(err);
  }
  await page.context().close();
  return seen;
}

const browser = await launch();
const out = {};
try {
  for (const width of widths) out[width] = await flow(browser, width);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
