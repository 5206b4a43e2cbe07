// Drives an HTML audit report in headless Chromium (playwright-core, the system's Chromium)
// and prints what it saw as JSON, for tests/report.rs to check against the JSON report.
//
//   node tests/browser/report.mjs check REPORT.html RULE SCREENSHOT.png
//   node tests/browser/report.mjs hostile REPORT.html
//   node tests/browser/report.mjs measure REPORT.html [RUNS]
//
// PLAYWRIGHT_CORE names the playwright-core package folder, CHROMIUM the browser.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT_CORE || "playwright-core");
const [mode, report, ...rest] = process.argv.slice(2);

// The flags a headless Chromium needs on a machine with no network and no sandbox.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function open(viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
  await page.goto(pathToFileURL(report).href);
  await page.waitForSelector("html[data-ready=true]");
  return { page, errors, requests };
}

// Every row of the table, across its pages, as the filters leave them.
async function allRows(page) {
  const seen = [];
  for (;;) {
    seen.push(...await page.$$eval("#rows tr[data-row]", (rows) => rows.map((r) => ({
      rule: r.dataset.rule,
      path: r.querySelector(".path").textContent,
    }))));
    if (await page.isDisabled("#p-next")) break;
    await page.click("#p-next");
  }
  return seen;
}

// Back to the first page (its button is disabled there).
async function first(page) {
  if (!await page.isDisabled("#p-first")) await page.click("#p-first");
}

const out = {};
if (mode === "check") {
  const [rule, screenshot] = rest;
  const { page, errors, requests } = await open();
  out.overview = Object.fromEntries(await page.$$eval("[data-count]", (cells) =>
    cells.map((c) => [c.dataset.count, Number(c.textContent.replace(/,/g, ""))])));
  await page.screenshot({ path: screenshot });
  out.total = (await allRows(page)).length;
  await first(page);
  // Filtering by a rule shows exactly that rule's rows.
  await page.selectOption("#f-rule", rule);
  const filtered = await allRows(page);
  out.filtered = filtered.length;
  out.filteredRules = [...new Set(filtered.map((r) => r.rule))];
  await first(page);
  // Expanding the first row shows its excerpt with the span marked.
  await page.click("#rows tr[data-row] .expand");
  out.expanded = await page.$eval("#rows tr.details", (d) => ({
    mark: d.querySelector("mark.primary")?.textContent ?? null,
    hasHelp: !!d.querySelector(".help"),
    expandedAttr: d.previousElementSibling.querySelector(".expand").getAttribute("aria-expanded"),
  }));
  out.firstPath = await page.$eval("#rows tr[data-row] .path", (p) => p.textContent);
  // The keyboard reaches the filters and the rows' buttons.
  await page.click("#f-clear");
  await page.focus("#f-text");
  await page.keyboard.type("duplicate-id");
  const typed = await allRows(page);
  out.typed = typed.length;
  await first(page);
  await page.focus("#rows tr[data-row] .expand");
  await page.keyboard.press("Enter");
  // A cross-article note leads to the other file's row.
  const note = await page.$("#rows tr.details .notes button.link");
  if (note) {
    const from = await page.$eval("#rows tr[data-row] .path", (p) => p.textContent);
    const target = await page.$eval("#rows tr.details .notes li .mono", (s) => s.textContent.replace(/:\d+:\d+$/, ""));
    await note.click();
    const shown = await page.$$eval("#rows tr[data-row]", (rows) => rows.map((r) => r.querySelector(".path").textContent));
    out.note = { from, target, shown: [...new Set(shown)], opened: await page.$$eval("#rows tr.details", (d) => d.length) };
  }
  // The charts' bars are controls: one filters the table by its rule.
  await page.click("#f-clear");
  await page.focus(`.chart .control[data-rule="${rule}"]`);
  await page.keyboard.press("Enter");
  out.chartFilter = await page.$eval("#f-rule", (s) => s.value);
  out.errors = errors;
  out.requests = requests;
} else if (mode === "hostile") {
  const { page, errors, requests } = await open();
  await page.click("#rows tr[data-row] .expand");
  for (const row of await page.$$("#rows tr[data-row] .expand[aria-expanded=false]")) await row.click();
  out.pwned = await page.evaluate(() => window.__pwned ?? null);
  out.text = await page.$eval("#rows", (t) => t.textContent);
  out.injected = await page.$$eval("#rows script, #rows img, #rows textarea, #rows b, #rows i", (n) => n.length);
  out.scripts = await page.$$eval("script", (s) => s.length);
  out.errors = errors;
  out.requests = requests;
} else if (mode === "measure") {
  const runs = Number(rest[0] || 5);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const { page } = await open();
    times.push(await page.evaluate(() => Number(document.documentElement.dataset.readyAt)));
    const t0 = Date.now();
    await page.selectOption("#f-rule", { index: 1 });
    await page.waitForFunction(() => true);
    out.filterMs = (out.filterMs || []).concat(Date.now() - t0);
    await page.close();
  }
  times.sort((a, b) => a - b);
  out.interactiveMs = times;
  out.median = times[Math.floor(times.length / 2)];
}
await browser.close();
console.log(JSON.stringify(out));
