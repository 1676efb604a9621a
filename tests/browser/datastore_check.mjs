// Pages of loaded tables and showcases in headless chromium: waits for what the visitor should
// see (a drawn chart, the table preview, map markers), screenshots each page, prints JSON.
// usage: node datastore_check.mjs OUT_DIR NAME=URL [NAME=URL ...]
import path from "node:path";
import fs from "node:fs";
import { launch, newPage } from "./lib.mjs";

const [outDir, ...pages] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });

// Counts matches of a selector in the page and in its same-origin frames (views are iframed).
async function count(page, selector) {
  let total = 0;
  for (const frame of page.frames()) {
    try {
      total += await frame.$$eval(selector, (els) => els.length);
    } catch {
      // a frame that navigated away meanwhile
    }
  }
  return total;
}

async function waitFor(page, selector, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await count(page, selector)) > 0) return true;
    await page.waitForTimeout(250);
  }
  return false;
}

const browser = await launch();
const results = {};
try {
  const page = await newPage(browser);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  for (const spec of pages) {
    const [name, url] = spec.split(/=(.*)/s);
    errors.length = 0;
    const response = await page.goto(url, { waitUntil: "load", timeout: 60000 });
    const chart = await waitFor(page, ".js-plotly-plot .main-svg", name.includes("chart") || name.includes("showcase") ? 20000 : 1);
    const table = await waitFor(page, "table.dataTable tbody tr", name.includes("table") ? 20000 : 1);
    const markers = name.includes("map") && (await waitFor(page, ".leaflet-marker-icon", 20000))
      ? await count(page, ".leaflet-marker-icon") : 0;
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const frameTexts = [];
    for (const frame of page.frames()) {
      try { frameTexts.push(await frame.evaluate(() => document.body.innerText)); } catch { /* gone */ }
    }
    results[name] = { status: response.status(), chart, table, markers, text: frameTexts.join("\n"), errors: [...errors], screenshot: file };
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
