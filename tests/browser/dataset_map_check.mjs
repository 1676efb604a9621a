// The dataset extent map and the search-by-area widget in headless chromium with every tile
// request blocked (lib.mjs aborts non-local requests): the maps must still render.
// usage: node dataset_map_check.mjs OUT_DIR BASE_URL DATASET_NAME [DATASET_NAME ...]
// Prints JSON: per dataset and width, what the map shows; and the search page's widget.
import path from "node:path";
import fs from "node:fs";
import { launch, newPage } from "./lib.mjs";

const [outDir, base, ...datasets] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const browser = await launch();
const results = { datasets: {}, search: null };
try {
  const page = await newPage(browser);
  const errors = [];
  let blockedTiles = 0;
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => { if (/tile|\{z\}|\.png/.test(r.url()) && !r.url().startsWith(base)) blockedTiles++; });

  for (const name of datasets) {
    results.datasets[name] = {};
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const response = await page.goto(`${base}/dataset/${name}`, { waitUntil: "load", timeout: 60000 });
      const map = page.locator(".busan-extent .leaflet-container");
      await map.waitFor({ state: "visible", timeout: 20000 });
      await page.locator(".busan-extent path.leaflet-interactive").first().waitFor({ timeout: 20000 });
      await map.scrollIntoViewIfNeeded();
      const box = await map.boundingBox();
      const extent = await page.locator(".busan-extent path.leaflet-interactive").first().boundingBox();
      const file = path.join(outDir, `dataset-${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      results.datasets[name][width] = {
        status: response.status(),
        source: await page.getAttribute(".busan-extent", "data-extent-source"),
        mapBox: box,
        extentBox: extent,
        extentPaths: await page.locator(".busan-extent path.leaflet-interactive").count(),
        sections: await page.$$eval(".busan-record-section > h2", (els) => els.map((e) => e.innerText.trim())),
        pageWidth: await page.evaluate(() => document.documentElement.scrollWidth),
        screenshot: file,
      };
    }
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/dataset/`, { waitUntil: "load", timeout: 60000 });
  const widget = page.locator('[data-module="spatial-query"] .leaflet-container');
  await widget.waitFor({ state: "visible", timeout: 20000 });
  const file = path.join(outDir, "search-area-widget-1280.png");
  await page.screenshot({ path: file, fullPage: true });
  results.search = {
    heading: (await page.locator("#dataset-map .module-heading").innerText()).trim(),
    mapBox: await widget.boundingBox(),
    drawButton: await page.locator('[data-module="spatial-query"] a, #dataset-map-edit').count(),
    screenshot: file,
  };
  results.errors = errors;
  results.blockedTiles = blockedTiles;
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
