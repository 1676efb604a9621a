// Opens a lineage page in headless chromium, waits for cytoscape to draw the graph, saves a
// screenshot and prints the number of nodes drawn and the page's link table as JSON.
// usage: node lineage_check.mjs OUT_PNG URL
import { launch, newPage } from "../browser/lib.mjs";

const [out, url] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await newPage(browser);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const response = await page.goto(url, { waitUntil: "load", timeout: 60000 });
  await page.waitForSelector("#busan-lineage-graph[data-rendered]", { timeout: 20000 });
  await page.screenshot({ path: out, fullPage: true });
  console.log(JSON.stringify({
    status: response.status(),
    drawn: Number(await page.getAttribute("#busan-lineage-graph", "data-rendered")),
    rows: await page.$$eval("table tbody tr", (rows) => rows.map((r) => r.innerText)),
    errors,
  }));
} finally {
  await browser.close();
}
