// Opens a governance dashboard in headless chromium (signed in through the login form),
// saves a screenshot and prints how many charts Chart.js drew.
// usage: node dashboard_check.mjs OUT_PNG BASE USER PASSWORD PATH
import { launch, newPage } from "../browser/lib.mjs";

const [out, base, user, password, path] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await newPage(browser);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/user/login`, { waitUntil: "load" });
  await page.fill("#field-login", user);
  await page.fill("#field-password", password);
  await Promise.all([page.waitForNavigation(), page.press("#field-password", "Enter")]);
  const response = await page.goto(`${base}${path}`, { waitUntil: "load", timeout: 60000 });
  try {
    await page.waitForSelector("canvas[data-drawn]", { timeout: 20000 });
  } catch (e) {
    await page.screenshot({ path: out, fullPage: true });
    const text = (await page.innerText("body")).slice(0, 600);
    throw new Error(`no chart drawn (HTTP ${response.status()}, page errors ${errors}): ${text}`);
  }
  await page.screenshot({ path: out, fullPage: true });
  console.log(JSON.stringify({
    status: response.status(),
    charts: await page.$$eval("canvas[data-drawn]", (c) => c.length),
    overdue: await page.$eval(".busan-overdue-count", (e) => e.innerText.trim()),
    errors,
  }));
} finally {
  await browser.close();
}
