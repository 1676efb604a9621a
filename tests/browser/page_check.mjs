// Opens pages in Debian's headless chromium (playwright-core: no browser download),
// saves a full-page screenshot of each and prints what a visitor sees as JSON.
// usage: node page_check.mjs OUT_DIR NAME=URL [NAME=URL ...]
import { chromium } from "playwright-core";
import path from "node:path";
import fs from "node:fs";

const [outDir, ...pages] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // The sandbox cannot start as root; background services would only hit the closed network.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Map tiles and other remote assets are unreachable here: fail them fast.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
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
