// A publisher's session in the dataset form: log in, see a bad submission refused with
// Korean messages, create a dataset with a Korean title and the required fields, upload a
// CP949 and a UTF-8 CSV, and read the dataset page. Screenshots go to OUT_DIR.
// usage: node publish_flow.mjs BASE_URL USER PASSWORD CP949_CSV UTF8_CSV OUT_DIR
import path from "node:path";
import fs from "node:fs";
import { launch, newPage } from "./lib.mjs";

const [base, user, password, cp949File, utf8File, outDir] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const seen = {};
const shot = (page, name) => page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
const texts = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.innerText.trim()));
const submit = (page) => Promise.all([page.waitForNavigation(), page.click('button[name="save"]')]);

// The fields both submissions fill; a monthly cycle makes the next date required.
async function fillRequired(page, { notes, phone }) {
  await page.fill("#field-notes", notes);
  await page.fill("#field-dept_name", "관광문화과");
  await page.fill("#field-dept_phone", phone);
  await page.selectOption("#field-update_cycle", "monthly");
  await page.check('input[name="spatial_districts"][value="2635000000"]');
}

const browser = await launch();
let page;
try {
  page = await newPage(browser);

  await page.goto(`${base}/user/login`);
  await page.fill("#field-login", user);
  await page.fill("#field-password", password);
  await Promise.all([page.waitForNavigation(), page.press("#field-password", "Enter")]);
  seen.loggedIn = !page.url().includes("/user/login") && (await page.content()).includes(`/user/${user}`);

  // 1. A bad submission: wrong phone, no category, periodic cycle without next date.
  await page.goto(`${base}/dataset/new`);
  await page.type("#field-title", "잘못된 데이터셋", { delay: 20 });
  await page.waitForFunction(() => document.querySelector("#field-name").value.length > 0);
  await fillRequired(page, { notes: "오류 확인용", phone: "051-88-12" });
  await submit(page);
  seen.badErrors = await texts(page, ".error-explanation li, .error-block, .invalid-feedback");
  seen.badUrl = page.url();
  await shot(page, "1-bad-submission");

  // 2. A valid dataset with a Korean title: the URL is filled from the title.
  await page.goto(`${base}/dataset/new`);
  await page.type("#field-title", "해운대해수욕장 방문객 통계", { delay: 20 });
  await page.waitForFunction(() => document.querySelector("#field-name").value.includes("haeundae"));
  seen.slug = await page.inputValue("#field-name");
  seen.slugPreview = await page.$eval(".slug-preview-value", (e) => e.innerText).catch(() => null);
  await shot(page, "2-form-with-korean-title");
  await fillRequired(page, { notes: "해운대구의 여름철 방문객 수를 집계한 자료", phone: "0517494061" });
  await page.selectOption("#field-category", "culture-tourism");
  await page.fill("#field-next_registration_date", "2030-06-01");
  await submit(page);
  seen.resourceFormUrl = page.url();

  // 3. Two uploads: CP949 then UTF-8 (encoding and format left for the portal to detect).
  await page.setInputFiles("#field-resource-upload", cp949File);
  await page.fill("#field-name", "방문객 집계 (CP949)");
  await shot(page, "3-upload-cp949");
  await Promise.all([page.waitForNavigation(), page.click('button[name="save"][value="again"]')]);
  await page.setInputFiles("#field-resource-upload", utf8File);
  await page.fill("#field-name", "방문객 집계 (UTF-8)");
  await Promise.all([page.waitForNavigation(), page.click('button[name="save"][value="go-metadata"]')]);
  seen.datasetUrl = page.url();

  // 4. The dataset page shows the Korean fields.
  seen.h1 = await texts(page, "h1");
  seen.resources = await texts(page, ".resource-item .heading");
  seen.additionalInfo = await page.$$eval("table tr", (rows) =>
    rows.map((r) => Array.from(r.children).map((c) => c.innerText.trim())));
  await shot(page, "4-dataset-page");
} catch (err) {
  // Leave evidence of where the flow broke.
  if (page) {
    await shot(page, "error").catch(() => {});
    console.error(`failed at ${page.url()}: ${err.message}`);
  }
  throw err;
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
