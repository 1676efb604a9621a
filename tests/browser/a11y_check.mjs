// Accessibility check (KWCAG 2.2 / WCAG 2.1 AA): axe-core injected into Debian's headless
// chromium on each page at 1280 px and 390 px, the page language, and keyboard reach of the
// main search (skip link, search box, first result). Prints what it saw as JSON; the pytest
// side decides what fails. Screenshots: OUT_DIR/<page>-<width>.png.
// usage: node a11y_check.mjs SPEC_JSON
//   SPEC_JSON = {"base", "outDir", "login": {"user", "password"},
//                "pages": [{"name", "path", "auth": bool}], "keyboard": [{"name", "path"}]}
import path from "node:path";
import fs from "node:fs";
import { createRequire } from "node:module";
import { launch, newPage } from "./lib.mjs";

const spec = JSON.parse(process.argv[2]);
const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const WIDTHS = [1280, 390];
// The rules of WCAG 2.0/2.1 A and AA (KWCAG 2.2 follows WCAG 2.1); best practices are
// reported too, but only WCAG rules decide.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
fs.mkdirSync(spec.outDir, { recursive: true });

async function login(page) {
  await page.goto(`${spec.base}/user/login`);
  await page.fill("#field-login", spec.login.user);
  await page.fill("#field-password", spec.login.password);
  await Promise.all([page.waitForNavigation(), page.press("#field-password", "Enter")]);
  return !page.url().includes("/user/login");
}

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const res = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      wcag: v.tags.some((t) => /^wcag\d/.test(t)),
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => {
        // where on the page: the form field's label or the nearest heading, for the report
        const el = document.querySelector(n.target.join(" "));
        const group = el && el.closest(".form-group, .control-group, section, li, .module");
        const label = group && group.querySelector("label, h2, h3, .heading");
        return {
          target: n.target.join(" "),
          html: n.html.slice(0, 200),
          where: label ? label.innerText.trim().slice(0, 60) : null,
          summary: n.failureSummary,
        };
      }),
      count: v.nodes.length,
    }));
  }, TAGS);
}

// What Tab reaches, in order, from the top of the page (at most `limit` presses).
async function tabOrder(page, limit) {
  await page.evaluate(() => {
    document.activeElement && document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const r = e.getBoundingClientRect();
      return {
        tag: e.tagName.toLowerCase(),
        id: e.id || null,
        name: e.getAttribute("name"),
        type: e.getAttribute("type"),
        href: e.getAttribute("href"),
        text: (e.innerText || e.value || e.getAttribute("aria-label") || "").trim().slice(0, 60),
        firstResult: !!e.closest(".dataset-item") && e === document.querySelector(".dataset-item a[href]"),
        visible: r.width > 0 && r.height > 0,
      };
    });
    seen.push(el);
  }
  return seen;
}

const browser = await launch();
const out = { pages: {}, keyboard: {} };
let page;
try {
  const anon = await newPage(browser);
  const editor = await newPage(browser);
  out.loggedIn = await login(editor);
  for (const width of WIDTHS) {
    for (const p of spec.pages) {
      page = p.auth ? editor : anon;
      await page.setViewportSize({ width, height: 900 });
      const response = await page.goto(`${spec.base}${p.path}`, { waitUntil: "load", timeout: 60000 });
      const key = `${p.name}-${width}`;
      await page.screenshot({ path: path.join(spec.outDir, `${key}.png`), fullPage: true });
      out.pages[key] = {
        url: page.url(),
        status: response.status(),
        lang: await page.getAttribute("html", "lang"),
        violations: spec.axe === false ? [] : await axe(page),
      };
    }
  }
  page = anon;
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const k of spec.keyboard) {
    await page.goto(`${spec.base}${k.path}`, { waitUntil: "load" });
    const order = await tabOrder(page, 150);
    const searchBox = order.findIndex((e) => e && e.tag === "input" && e.name === "q");
    const firstResult = order.findIndex((e) => e && e.firstResult);
    const first = order[0];
    // a skip link: the first stop is a same-page link whose target exists
    const skipTarget = first && first.href && first.href.startsWith("#")
      ? await page.evaluate((id) => !!document.getElementById(id), first.href.slice(1))
      : false;
    out.keyboard[k.name] = {
      first,
      skipLink: skipTarget,
      searchBoxTab: searchBox < 0 ? null : searchBox + 1,
      firstResultTab: firstResult < 0 ? null : firstResult + 1,
      invisibleStops: order.filter((e) => e && !e.visible).map((e) => `${e.tag}#${e.id || ""} ${e.text}`),
      focusOutline: null,
    };
    // focus must be visible (WCAG 2.4.7): the search box drawn with an outline or a ring
    if (searchBox >= 0) {
      out.keyboard[k.name].focusOutline = await page.evaluate(() => {
        const e = document.querySelector('input[name="q"]');
        e.focus();
        const s = getComputedStyle(e);
        return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
      });
    }
  }
} catch (err) {
  if (page) {
    await page.screenshot({ path: path.join(spec.outDir, "error.png"), fullPage: true }).catch(() => {});
    console.error(`failed at ${page.url()}: ${err.stack}`);
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
