// Loads a web edition page in the system's headless Chromium and reports,
// as one JSON object on standard output, what tests/web_edition.rs checks:
//
//   console    every console message and page error
//   requests   every request the page made (URL), and `failed` ones
//   axe        axe-core's violations (id, impact, nodes)
//   scrollWidth, clientWidth   at a 390 px wide viewport
//   text       the page's text as a reader gets it (furigana as 高崎（たかさき）,
//              a link's address after its text as （…）), for comparing with
//              the issue model
//   html       the DOM after the page ran
//   active     elements that could run code (<script>, on… attributes,
//              javascript: addresses), and `dialogs` (alert() and the like)
//   images     each image: address, alternative text, whether it loaded
//
// Usage: node check.js PAGE.html [CHROMIUM]
// axe-core is injected through the DevTools protocol (puppeteer-core drives
// the installed browser; nothing is downloaded).
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

async function main() {
  const page_file = path.resolve(process.argv[2]);
  const browser_path = process.argv[3] || "/usr/bin/chromium";
  const browser = await puppeteer.launch({
    executablePath: browser_path,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
      "--disable-component-update", "--disable-sync"],
  });
  const report = { console: [], requests: [], failed: [], dialogs: [] };
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
    page.on("console", (m) => report.console.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => report.console.push(`pageerror: ${e.message}`));
    page.on("request", (r) => report.requests.push(r.url()));
    page.on("requestfailed", (r) => report.failed.push(r.url()));
    page.on("dialog", async (d) => { report.dialogs.push(d.message()); await d.dismiss(); });
    await page.goto("file://" + page_file, { waitUntil: "load" });
    report.scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    report.clientWidth = await page.evaluate(() => document.documentElement.clientWidth);
    // Images load lazily: ask for each one now and wait for it.
    report.images = await page.evaluate(async () => Promise.all(Array.from(document.images).map(async (i) => {
      i.loading = "eager";
      try { await i.decode(); } catch (e) { /* reported as not loaded */ }
      return { src: i.currentSrc, alt: i.getAttribute("alt"), loaded: i.complete && i.naturalWidth > 0,
        width: i.naturalWidth, height: i.naturalHeight };
    })));
    report.active = await page.evaluate(() => {
      const found = [];
      document.querySelectorAll("*").forEach((el) => {
        if (el.tagName === "SCRIPT") { found.push(el.outerHTML.slice(0, 80)); }
        for (const a of el.attributes) {
          if (a.name.startsWith("on") || /^\s*javascript:/i.test(a.value)) { found.push(a.name + "=" + a.value); }
        }
      });
      return found;
    });
    report.html = await page.content();
    report.text = await page.evaluate(() => {
      const body = document.body.cloneNode(true);
      body.querySelectorAll("rt").forEach((rt) => { rt.textContent = "（" + rt.textContent + "）"; });
      body.querySelectorAll("a[href]").forEach((a) => {
        const href = a.getAttribute("href");
        if (a.textContent !== href) { a.textContent = a.textContent + "（" + href + "）"; }
      });
      return body.textContent;
    });
    // axe-core, through the protocol (not a <script> the page fetches).
    const axe = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
    await page.evaluate(axe);
    const results = await page.evaluate(async () =>
      await window.axe.run(document, { resultTypes: ["violations"] }));
    report.axe = results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.html).slice(0, 5),
    }));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
});
