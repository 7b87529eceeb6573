// browser.mjs - the website in a real browser: Debian's chromium, driven by
// playwright-core, on a phone-sized window. A family types "Келли" into the
// search box, opens Frank Kelly's dossier and reads it. Run by browser.sh,
// which starts the server (PT_WEB_URL) and says where screenshots go
// (PT_WEB_SHOTS). Prints "browser: N passed, N failed".
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const url = process.env.PT_WEB_URL;
const shots = process.env.PT_WEB_SHOTS;
let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; } else { failed++; console.log(`FAIL browser: ${name}${detail ? ": " + detail : ""}`); }
}

const profile = mkdtempSync(join(tmpdir(), "powtrace-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PT_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));

  await page.goto(url, { waitUntil: "load" });
  check("the search page has a heading", await page.getByRole("heading", { level: 1 }).isVisible());
  // the keyboard: the first Tab reaches the skip link
  await page.keyboard.press("Tab");
  check("the first Tab reaches 'Skip to the content'",
        (await page.evaluate(() => document.activeElement && document.activeElement.textContent)) === "Skip to the content");
  const box = page.getByLabel("Name", { exact: true });
  check("the name box has its label", await box.isVisible());
  await box.fill("Келли");
  await Promise.all([page.waitForURL(/[?&]q=/), box.press("Enter")]);
  const hit = page.getByRole("link", { name: "Kelly, Frank" });
  check("the results list Frank Kelly", await hit.isVisible());
  const first = page.locator("ol.results > li").first();
  check("his is the first result", (await first.innerText()).includes("Kelly, Frank"));
  check("the result says how it matched",
        (await first.innerText()).includes("exact match") && (await first.innerText()).includes("Келли, Фрэнк"));
  check("no wider than the phone",
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  if (shots) await page.screenshot({ path: join(shots, "web-search.png"), fullPage: true });

  await Promise.all([page.waitForURL(/\/person\/1$/), hit.click()]);
  const h1 = await page.getByRole("heading", { level: 1 }).innerText();
  check("the dossier is Frank Kelly's", h1.trim() === "Kelly, Frank", h1);
  const text = await page.locator("main").innerText();
  for (const [what, words] of [
    ["the status and why", "returned: return to United Kingdom, 1953"],
    ["the Cyrillic name form", "Келли, Фрэнк"],
    ["the timeline's capture at Arnhem", "Arnhem"],
    ["the camp", "Stalag IV-B"],
    ["the liberation by the Red Army", "by Red Army"],
    ["the source of the events", "hollier-blog-gulag"],
    ["the grades", "authored / secondary / direct"],
    ["the record as its source gave it", "kelly-frank-lewisham"],
    ["the downloads", "GEDCOM"],
  ]) check(`the dossier shows ${what}`, text.includes(words), words);
  check("the timeline has six events", (await page.locator("table.timeline tbody tr").count()) === 6);
  check("the camp is a link", await page.getByRole("link", { name: "Stalag IV-B" }).first().isVisible());
  check("the dossier fits the phone",
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector("header.site")).backgroundColor);
  check("the stylesheet applies (no CSP block)", styled === "rgb(34, 48, 63)", styled);
  if (shots) await page.screenshot({ path: join(shots, "web-dossier.png"), fullPage: true });

  // the camp's page from the dossier: its map is drawn
  await Promise.all([page.waitForURL(/\/camp\//), page.getByRole("link", { name: "Stalag IV-B" }).first().click()]);
  check("the camp page has its map", await page.locator("figure.map svg").isVisible());
  check("no errors and no blocked resources in the console", problems.length === 0, problems.join(" | "));
} catch (e) {
  check("the browser test ran", false, String(e && e.stack || e));
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
