// A citizen dataset in the browser. Phases:
//  register: a visitor registers on /user/register (the account waits for the e-mail link);
//  submit:   opens the e-mailed link, signs in, shares a dataset from the dashboard with the
//            Busan form (the citizen space is offered) and a CSV upload;
//  reject / approve: the moderator decides on /citizen/moderate;
//  fix:      the citizen reads the reason on the dashboard, edits the dataset (resubmitted);
//  search:   a visitor finds the approved dataset.
// usage: node citizen_flow.mjs PHASE BASE_URL USER PASSWORD OUT_DIR [ARG]
import path from "node:path";
import fs from "node:fs";
import { launch, newPage } from "./lib.mjs";

const [phase, base, user, password, outDir, arg] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const seen = {};
const shot = (page, name) => page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
const text = (page, selector) => page.$eval(selector, (e) => e.innerText.trim()).catch(() => null);
const submit = (page, selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);
const TITLE = "해운대 해변 벤치 위치";

async function login(page) {
  await page.goto(`${base}/user/login`);
  await page.fill("#field-login", user);
  await page.fill("#field-password", password);
  await Promise.all([page.waitForNavigation(), page.press("#field-password", "Enter")]);
}

const browser = await launch();
let page;
try {
  page = await newPage(browser);
  if (phase === "register") {
    await page.goto(`${base}/user/register`);
    seen.honeypotOffscreen = await page.$eval("#field-homepage_url", (e) => e.getBoundingClientRect().right <= 0);
    await page.fill("#field-username", user);
    await page.fill("#field-fullname", "김부산");
    await page.fill("#field-email", arg);
    await page.fill("#field-password", password);
    await page.fill("#field-confirm-password", password);
    await shot(page, "1-register");
    await submit(page, 'button[name="save"]');
    seen.flash = await text(page, ".flash-messages, .alert");
    await shot(page, "2-check-your-mail");
  } else if (phase === "submit") {
    await page.goto(arg); // the verification link
    seen.verified = await text(page, ".alert");
    await login(page);
    await page.goto(`${base}/dashboard/citizen`);
    await submit(page, "a.btn-primary[href*='/dataset/new']");
    await page.type("#field-title", TITLE, { delay: 10 });
    await page.waitForFunction(() => document.querySelector("#field-name").value.length > 0);
    await page.fill("#field-notes", "해운대해수욕장 산책로의 벤치 위치 (시민 조사)");
    await page.selectOption("#field-category", "culture-tourism");
    await page.fill("#field-dept_name", "시민 조사단");
    await page.fill("#field-dept_phone", "051-888-1234");
    await page.selectOption("#field-update_cycle", "annual");
    await page.fill("#field-next_registration_date", "2030-06-01");
    await page.selectOption("#field-spatial_districts", "2635000000", { force: true }); // select2 hides it
    seen.offered = await page.$$eval("#field-organizations option", (os) => os.map((o) => o.innerText.trim()));
    await page.selectOption("#field-organizations", { label: "시민 참여 데이터" }, { force: true }); // select2 hides it
    await shot(page, "3-share-form");
    await submit(page, 'button[name="save"]');
    await page.setInputFiles("#field-resource-upload", arg2());
    await page.fill("#field-name", "벤치 위치 (CSV)");
    await submit(page, 'button[name="save"][value="go-metadata"]');
    seen.datasetUrl = page.url();
    seen.status = await text(page, ".citizen-status");
    seen.credit = await text(page, ".citizen-credit");
    await shot(page, "4-submitted-pending");
  } else if (phase === "reject" || phase === "approve") {
    await login(page);
    await page.goto(`${base}/citizen/moderate`);
    const row = `tr.citizen-submission[data-name="${arg}"]`;
    seen.listed = (await page.$(row)) !== null;
    if (phase === "reject") {
      await page.fill(`${row} input[name="reason"]`, "조사 날짜와 출처를 설명에 적어 주세요.");
      await shot(page, "5-moderator-rejects");
      await submit(page, `${row} .citizen-reject button`);
    } else {
      await shot(page, "8-moderator-approves");
      await submit(page, `${row} .citizen-approve button`);
    }
    seen.flash = await text(page, ".alert");
  } else if (phase === "fix") {
    await login(page);
    await page.goto(`${base}/dashboard/citizen`);
    const row = `tr.citizen-submission[data-name="${arg}"]`;
    seen.status = await text(page, `${row} .citizen-status`);
    seen.reason = await text(page, `${row} .citizen-reason`);
    await shot(page, "6-dashboard-rejected");
    await page.goto(`${base}/dataset/edit/${arg}`);
    await page.fill("#field-notes", "해운대해수욕장 산책로의 벤치 위치. 2026년 11월 시민 현장 조사, 출처: 해운대 시민 조사단");
    await submit(page, 'button[name="save"]');
    seen.after = await text(page, ".citizen-status");
    await shot(page, "7-resubmitted");
  } else if (phase === "search") {
    await page.goto(`${base}/dataset/?q=벤치`);
    seen.found = await page.$$eval(".dataset-heading a", (as) => as.map((a) => a.innerText.trim()));
    await shot(page, "9-found-in-search");
    await page.goto(`${base}/dataset/${arg}`);
    seen.credit = await text(page, ".citizen-credit");
    await shot(page, "10-public-dataset-page");
  }
} catch (err) {
  if (page) {
    await shot(page, `error-${phase}`).catch(() => {});
    console.error(`failed at ${page.url()}: ${err.message}`);
  }
  throw err;
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));

function arg2() {
  return process.env.CITIZEN_CSV;
}
