// Run axe-core's WCAG 2.1 A/AA rules on HTML pages in headless Chromium (no network).
// Usage: node axe-check.mjs CHROMIUM PAGE...   (a PAGE is a file path or a file: URL)
// Prints one JSON object per page and colour scheme: {page, scheme, violations: [{id, impact,
// help, nodes: [target...]}]}. Exit 0 when every page was checked (violations or not), 1 on error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [chromium, ...pages] = process.argv.slice(2);
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// Pages are checked a few at a time in one browser; the output keeps the order given.
const TABS = 4;
const SETTLE_MS = 30000;

/** Load one page in one colour scheme (only file: requests allowed) and run axe on it. */
async function check(browser, target, scheme) {
  const url = target.startsWith("file:") ? target : pathToFileURL(target).href;
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    // the page is checked as it is: anything it would fetch from the network is refused.
    // Every request is seen here, so the page is settled once none is in flight after
    // its load event (instead of networkidle0's half second of quiet per page).
    let inFlight = 0;
    let settle = () => {};
    const done = () => {
      inFlight -= 1;
      if (inFlight === 0) settle();
    };
    page.on("request", (request) => {
      inFlight += 1;
      if (request.url().startsWith("file:")) request.continue();
      else request.abort();
    });
    page.on("requestfinished", done);
    page.on("requestfailed", done);
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    await page.goto(url, { waitUntil: "load" });
    if (inFlight > 0) {
      await new Promise((resolve, reject) => {
        settle = resolve;
        setTimeout(() => reject(new Error(`${target}: requests still pending`)), SETTLE_MS);
      });
    }
    await page.evaluate(() => document.fonts.ready.then(() => true));
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async (tags) => {
      const result = await globalThis.axe.run(document, { runOnly: { type: "tag", values: tags } });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ")),
      }));
    }, TAGS);
    return { page: target, scheme, violations };
  } finally {
    await page.close();
  }
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const jobs = pages.flatMap((target) => ["light", "dark"].map((scheme) => [target, scheme]));
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await check(browser, ...jobs[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(TABS, jobs.length) }, worker));
  for (const result of results) console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
