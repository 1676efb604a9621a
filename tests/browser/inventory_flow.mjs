// An organisation admin on /inventory: sees the candidates of a database, tries to select a
// table without a reason (refused), selects one and excludes another with reasons; after the
// harvest ("check" phase) sees the table collected with a link to its dataset.
// usage: node inventory_flow.mjs decide|check BASE_URL USER PASSWORD OUT_DIR TABLE_TO_SELECT TABLE_TO_EXCLUDE
import path from "node:path";
import fs from "node:fs";
import { launch, newPage } from "./lib.mjs";

const [phase, base, user, password, outDir, selectTable, excludeTable] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const seen = {};
const shot = (page, name) => page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
const row = (table) => `tr.inventory-record[data-table="${table}"]`;
const status = (page, table) => page.$eval(`${row(table)} .inventory-status`, (e) => e.innerText.trim());
const decide = (page, table, value) =>
  Promise.all([page.waitForNavigation(), page.click(`${row(table)} button[value="${value}"]`)]);

const browser = await launch();
try {
  const page = await newPage(browser);
  await page.goto(`${base}/user/login`);
  await page.fill("#field-login", user);
  await page.fill("#field-password", password);
  await Promise.all([page.waitForNavigation(), page.press("#field-password", "Enter")]);
  await page.goto(`${base}/inventory`);
  seen.title = await page.$eval("h1", (e) => e.innerText.trim());
  if (phase === "decide") {
    seen.before = { select: await status(page, selectTable), exclude: await status(page, excludeTable) };
    await shot(page, "1-candidates");
    await decide(page, selectTable, "selected"); // no reason: refused
    seen.refusal = await page.$$eval(".alert", (els) => els.map((e) => e.innerText.trim()).join(" "));
    seen.afterRefusal = await status(page, selectTable);
    await page.fill(`${row(selectTable)} input[name="reason"]`, "시민 수요가 많은 주차 정보");
    await decide(page, selectTable, "selected");
    await page.fill(`${row(excludeTable)} input[name="reason"]`, "운영 로그: 공개 대상 아님");
    await decide(page, excludeTable, "excluded");
    seen.after = { select: await status(page, selectTable), exclude: await status(page, excludeTable) };
    await shot(page, "2-decided");
  } else {
    seen.after = { select: await status(page, selectTable) };
    seen.datasetLink = await page.$eval(`${row(selectTable)} a`, (a) => a.href).catch(() => null);
    await shot(page, "3-collected");
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
