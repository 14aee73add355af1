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

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  for (const target of pages) {
    const url = target.startsWith("file:") ? target : pathToFileURL(target).href;
    for (const scheme of ["light", "dark"]) {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      // the e-mail is checked as it is: anything it would fetch from the network is refused
      page.on("request", (request) =>
        request.url().startsWith("file:") ? request.continue() : request.abort(),
      );
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
      await page.goto(url, { waitUntil: "networkidle0" });
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
      console.log(JSON.stringify({ page: target, scheme, violations }));
      await page.close();
    }
  }
} finally {
  await browser.close();
}
