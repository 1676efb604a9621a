// A publisher's session in the dataset form: log in, see a bad submission refused with
// Korean messages, create a dataset with a Korean title and the required fields (districts
// picked in the select2 multi-select by keyboard, dates from the Korean calendar and typed
// by hand, the extent taken from the districts then drawn on the map), upload a CP949 and a
// UTF-8 CSV, and read the dataset page. Screenshots go to OUT_DIR (the form at 1280 and 390 px).
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

// A 구·군 picked as a publisher does: focus the select2 box, type part of the name, Enter.
// A date typed by hand, once the page's date picker is attached: CKAN starts its modules
// only after it has fetched the interface translations, which may be after the page's load.
async function typeDate(page, selector, text) {
  await page.waitForFunction((sel) => Boolean(document.querySelector(sel)._flatpickr), selector);
  await page.fill(selector, text);
  await page.press(selector, "Tab");
  return page.inputValue(selector);
}

async function pickDistrict(page, typed) {
  await page.click("#s2id_field-spatial_districts input");
  await page.keyboard.type(typed);
  await page.waitForSelector(".select2-drop-active .select2-result-label");
  await page.keyboard.press("Enter");
}

// The fields both submissions fill; a monthly cycle makes the next date required.
async function fillRequired(page, { notes, phone }) {
  await page.fill("#field-notes", notes);
  await page.fill("#field-dept_name", "관광문화과");
  await page.fill("#field-dept_phone", phone);
  await page.selectOption("#field-update_cycle", "monthly");
  await pickDistrict(page, "해운대");
}

// A rectangle dragged on the extent map with Leaflet.draw's rectangle tool.
async function drawRectangle(page) {
  const map = page.locator(".busan-extent-map");
  await map.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500); // a smooth scroll would move the map under the mouse
  await page.click(".leaflet-draw-draw-rectangle");
  const box = await map.boundingBox();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.35);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.65, box.y + box.height * 0.45, { steps: 5 });
  await page.mouse.up();
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
  await page.waitForSelector(".busan-extent-map .leaflet-draw-draw-rectangle");
  await shot(page, "form-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload(); // as a phone opens it
  await page.waitForSelector(".busan-extent-map .leaflet-draw-draw-rectangle");
  await shot(page, "form-390");
  // what sticks out of a 390 px screen (the page would scroll sideways)
  seen.narrowOverflow = await page.evaluate(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth + 1) { return []; }
    return Array.from(document.querySelectorAll("body *"))
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`).slice(0, 10);
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
  await page.type("#field-title", "잘못된 데이터셋", { delay: 20 });
  await page.waitForFunction(() => document.querySelector("#field-name").value.length > 0);
  await fillRequired(page, { notes: "오류 확인용", phone: "051-88-12" });
  await submit(page);
  seen.badErrors = await texts(page, ".error-explanation li, .error-block, .invalid-feedback");
  seen.badUrl = page.url();
  await shot(page, "1-bad-submission");

  seen.badDistricts = await page.$eval("#field-spatial_districts", (s) =>
    Array.from(s.selectedOptions).map((o) => o.value));

  // 2. A valid dataset with a Korean title: the URL is filled from the title.
  await page.goto(`${base}/dataset/new`);
  seen.legends = await texts(page, "fieldset.busan-form-section > legend");
  await page.type("#field-title", "해운대해수욕장 방문객 통계", { delay: 20 });
  await page.waitForFunction(() => document.querySelector("#field-name").value.includes("haeundae"));
  seen.slug = await page.inputValue("#field-name");
  seen.slugPreview = await page.$eval(".slug-preview-value", (e) => e.innerText).catch(() => null);
  await shot(page, "2-form-with-korean-title");
  await fillRequired(page, { notes: "해운대구의 여름철 방문객 수를 집계한 자료", phone: "0517494061" });
  await pickDistrict(page, "수영");
  seen.districts = await page.$eval("#field-spatial_districts", (s) => Array.from(s.selectedOptions).map((o) => o.value));
  await page.selectOption("#field-category", "culture-tourism");

  // Dates: the 15th of the month the Korean calendar opens on, and two typed by hand.
  await page.click("#field-temporal_start");
  const calendar = ".flatpickr-calendar.open";
  seen.calendarWeekdays = await page.$eval(`${calendar} .flatpickr-weekdays`, (e) => e.innerText.replace(/\s+/g, ""));
  seen.calendarMonth = await page.$eval(`${calendar} .cur-month`, (e) => e.innerText.trim());
  // the 15th of the month shown, as the ISO date the field must receive
  seen.pickedExpected = await page.$$eval(`${calendar} .flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)`,
    (days) => {
      const d = days[14].dateObj;
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-15`;
    });
  await shot(page, "5-korean-date-picker");
  await page.click(`${calendar} .flatpickr-day:not(.prevMonthDay):not(.nextMonthDay) >> nth=14`);
  seen.picked = await page.inputValue("#field-temporal_start");
  seen.typedEnd = await typeDate(page, "#field-temporal_end", "2030년 12월 31일");
  seen.typedNext = await typeDate(page, "#field-next_registration_date", "2030.06.01");

  // Extent: first from the chosen districts, then a rectangle drawn over the beach.
  await page.click(".busan-extent-from-districts");
  await page.waitForFunction(() => document.querySelector("#field-spatial").value.length > 0);
  seen.extentFromDistricts = await page.inputValue("#field-spatial");
  seen.extentStatus = await page.innerText(".busan-extent-status");
  seen.extentTextFolded = !(await page.isVisible("#field-spatial"));
  seen.drawTitles = await page.$$eval(".leaflet-draw a[title]", (as) => as.map((a) => a.title));
  await drawRectangle(page);
  await page.waitForFunction((before) => document.querySelector("#field-spatial").value !== before,
    seen.extentFromDistricts);
  seen.extentDrawn = await page.inputValue("#field-spatial");
  await shot(page, "6-extent-drawn");
  await submit(page);
  seen.resourceFormUrl = page.url();

  // 3. Two uploads: CP949 then UTF-8 (encoding and format left for the portal to detect).
  await page.setInputFiles("#field-resource-upload", cp949File);
  await page.fill("#field-name", "방문객 집계 (CP949)");
  seen.typedReference = await typeDate(page, "#field-reference_date", "20250701");
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
