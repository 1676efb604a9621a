// The home page in Debian's headless chromium at a phone width (390 px) and a desktop width
// (1280 px): screenshots, horizontal overflow, the tiles, the search suggestions and a tile click.
// usage: node home_check.mjs OUT_DIR BASE_URL QUERY EXPECTED_TITLE ORGANIZATION_NAME
import path from "node:path";
import fs from "node:fs";
import { launch, newPage } from "./lib.mjs";

// axe-core (npm, tests/browser): WCAG 2.1 A/AA rules, as KWCAG 2.2 asks
const axeSource = fs.readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    const result = await window.axe.run(document, { runOnly: tags });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

const [outDir, base, query, expectedTitle, organization] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const browser = await launch();
const results = {};

async function layout(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    // elements sticking out to the right of the viewport (what makes a phone scroll sideways)
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && getComputedStyle(el).position !== "fixed")
      .filter((el) => el.offsetParent !== null)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`);
    return {
      scrollWidth: doc.scrollWidth,
      clientWidth: doc.clientWidth,
      wide,
      categoryTiles: document.querySelectorAll("a[data-category]").length,
      districtTiles: document.querySelectorAll("a[data-district]").length,
      stats: [...document.querySelectorAll(".busan-stat dt")].map((e) => e.innerText.trim()),
      footer: [...document.querySelectorAll("footer a")].map((e) => e.innerText.trim()),
      h1: [...document.querySelectorAll("h1")].map((e) => e.innerText.trim()),
      placeholderImages: [...document.images].filter((img) => /placeholder/.test(img.src)).length,
      brokenImages: [...document.images].filter((img) => img.complete && img.naturalWidth === 0).map((img) => img.src),
    };
  });
}

try {
  for (const width of [390, 1280]) {
    const page = await newPage(browser);
    await page.setViewportSize({ width, height: 900 });
    const response = await page.goto(`${base}/`, { waitUntil: "load", timeout: 60000 });
    const file = path.join(outDir, `home-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    results[width] = {
      status: response.status(),
      screenshot: file,
      ...(await layout(page)),
      axe: await axeViolations(page),
    };
    await page.close();
  }

  // The theme's other pages at phone width: no sideways scrolling either.
  results.narrow = {};
  for (const [name, url] of [["privacy", "/privacy"], ["terms", "/terms"], ["organizations", "/organization/"], ["organization", `/organization/${organization}`]]) {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 390, height: 900 });
    const response = await page.goto(`${base}${url}`, { waitUntil: "load", timeout: 60000 });
    await page.screenshot({ path: path.join(outDir, `${name}-390.png`), fullPage: true });
    const { scrollWidth, clientWidth, wide } = await layout(page);
    results.narrow[name] = { status: response.status(), scrollWidth, clientWidth, wide, axe: await axeViolations(page) };
    await page.close();
  }

  // Suggestions: CKAN's autocomplete module (select2) on the dataset autocomplete API.
  const page = await newPage(browser);
  await page.goto(`${base}/`, { waitUntil: "load", timeout: 60000 });
  await page.click(".busan-home-search .select2-choice");
  await page.keyboard.type(query, { delay: 30 });
  await page.waitForSelector(`.select2-results li:has-text("${expectedTitle}")`, { timeout: 15000 });
  const suggestions = await page.$$eval(".select2-results li", (els) => els.map((e) => e.innerText.trim()));
  await page.screenshot({ path: path.join(outDir, "home-suggestions.png") });
  await Promise.all([
    page.waitForNavigation({ timeout: 30000 }),
    page.click(`.select2-results li:has-text("${expectedTitle}")`),
  ]);
  const searchUrl = page.url();
  const found = await page.$$eval(".dataset-heading a", (els) => els.map((e) => e.innerText.trim()));
  results.suggest = { suggestions, searchUrl, found };

  // A category tile opens the search filtered by that category.
  await page.goto(`${base}/`, { waitUntil: "load", timeout: 60000 });
  const tile = page.locator("a[data-category]:not(.is-empty)").first();
  const category = await tile.getAttribute("data-category");
  await Promise.all([page.waitForNavigation({ timeout: 30000 }), tile.click()]);
  results.tile = {
    category,
    url: page.url(),
    count: await page.$$eval(".dataset-heading a", (els) => els.length),
  };
  await page.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
