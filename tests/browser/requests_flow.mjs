// Data requests in the browser. Phase "ask": a citizen opens the request form, is refused
// without the personal data consent, then submits. Phase "answer": an organisation editor
// marks it 검토 중 and closes it with a dataset; the dataset page lists the request.
// Phase "check": the citizen sees the answer on the request page.
// usage: node requests_flow.mjs ask|answer|check BASE_URL USER PASSWORD OUT_DIR [REQUEST_URL DATASET]
import path from "node:path";
import fs from "node:fs";
import { launch, newPage } from "./lib.mjs";

const [phase, base, user, password, outDir, requestUrl, dataset] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const seen = {};
const shot = (page, name) => page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
const text = (page, selector) => page.$eval(selector, (e) => e.innerText.trim()).catch(() => null);
const submit = (page, selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);

const browser = await launch();
try {
  const page = await newPage(browser);
  await page.goto(`${base}/user/login`);
  await page.fill("#field-login", user);
  await page.fill("#field-password", password);
  await Promise.all([page.waitForNavigation(), page.press("#field-password", "Enter")]);

  if (phase === "ask") {
    await page.goto(`${base}/request`);
    await submit(page, "a[href$='/request/new']");
    await page.fill("#field-title", "공영주차장 실시간 주차가능 대수");
    await page.fill("#field-description", "구·군별 공영주차장의 실시간 주차가능 대수와 요금");
    await page.fill("#field-purpose", "주차 안내 앱 개발");
    await page.fill("#field-desired_format", "Open API");
    await page.selectOption("#field-owner_org", "busan-traffic");
    await submit(page, "#request-submit");
    seen.consentError = await text(page, '.field-error[data-field="consent"]');
    seen.keptTitle = await page.inputValue("#field-title");
    await shot(page, "1-consent-required");
    await page.check("#field-consent");
    await submit(page, "#request-submit");
    seen.url = page.url();
    seen.status = await text(page, ".request-status");
    seen.deadline = await page.$eval(".request-deadline", (e) => e.dataset.deadline);
    seen.flash = await text(page, ".alert");
    await shot(page, "2-request-received");
  } else if (phase === "answer") {
    await page.goto(requestUrl);
    await page.selectOption("#answer-status", "reviewing");
    await page.fill("#answer-text", "담당 부서에서 검토하고 있습니다.");
    await submit(page, ".request-answer-form button[type=submit]");
    seen.reviewing = await text(page, ".request-status");
    await shot(page, "3-under-review");
    await page.fill("#close-package", dataset);
    await submit(page, ".request-close-form button[type=submit]");
    seen.closed = await text(page, ".request-status");
    seen.datasetLink = await page.$eval(".request-dataset a", (a) => a.href).catch(() => null);
    await shot(page, "4-closed-with-dataset");
    await page.goto(seen.datasetLink);
    seen.answeredOnDataset = await page.$$eval(".dataset-answered-requests a", (els) => els.map((a) => a.href));
    await shot(page, "5-dataset-lists-the-request");
  } else {
    await page.goto(requestUrl);
    seen.status = await text(page, ".request-status");
    seen.answer = await text(page, ".request-answer");
    await shot(page, "6-citizen-sees-the-answer");
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
