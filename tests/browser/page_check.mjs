// Opens pages in Debian's headless chromium (playwright-core: no browser download),
// saves a full-page screenshot of each and prints what a visitor sees as JSON.
// usage: node page_check.mjs OUT_DIR NAME=URL [NAME=URL ...]
import path from "node:path";
import fs from "node:fs";
import { launch, newPage } from "./lib.mjs";

const [outDir, ...pages] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const browser = await launch();
const results = {};
try {
  const page = await newPage(browser);
  for (const spec of pages) {
    const [name, url] = spec.split(/=(.*)/s);
    const response = await page.goto(url, { waitUntil: "load", timeout: 60000 });
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    results[name] = {
      status: response.status(),
      lang: await page.getAttribute("html", "lang"),
      nav: await page.$$eval("header nav a", (els) => els.map((e) => e.innerText.trim())),
      h1: await page.$$eval("h1", (els) => els.map((e) => e.innerText.trim())),
      bodyFont: await page.evaluate(() => getComputedStyle(document.body).fontFamily),
      screenshot: file,
    };
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
