// The sanitizer's browser oracle (issue 12): every payload of
// tests/render/data/xss_vectors.txt, as raw HTML in a guide, built by
// `prepdeck build` and opened over file:// in Debian's chromium, headless.
// The browser itself is the judge: no payload runs (window.__xss never
// becomes a number, no dialog opens), and every link, image and the page's
// base resolve, in the browser's own URL parser, to a scheme a guide may use.
// Checked with the page's Content-Security-Policy on, and with it bypassed, so
// the sanitizer alone must hold; and a page made by hand, past the sanitizer,
// shows the policy alone stops inline script, handlers and javascript: links.
//   PREPDECK=<binary> CHROMIUM=/usr/bin/chromium ARTIFACTS=<dir> node --test xss.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const prepdeck = process.env.PREPDECK;
if (!prepdeck) throw new Error("PREPDECK must name the binary");
const here = dirname(fileURLToPath(import.meta.url));
const vectors = readFileSync(join(here, "../render/data/xss_vectors.txt"), "utf8")
  .split("\n").filter((l) => l && !l.startsWith("#"));
const work = mkdtempSync(join(tmpdir(), "prepdeck-xss-"));
let browser;

before(async () => {
  // Every payload three ways: a raw HTML block, inline in a paragraph, and in a question's answer.
  const guide = ["# Payloads", ""];
  vectors.forEach((v, i) => {
    guide.push(`## Vector ${i + 1}`, "", v, "", `Inline ${v} text.`, "",
      `??? question "${i + 1}. Vector ${i + 1}"`, "", `    ${v}`, "");
  });
  mkdirSync(join(work, "guides"), { recursive: true });
  writeFileSync(join(work, "guides", "xss.md"), guide.join("\n"));
  execFileSync(prepdeck, ["build", join(work, "guides"), "-o", join(work, "site"), "--quiet"]);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"] });
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(file, { bypassCSP }) {
  const context = await browser.newContext({ bypassCSP });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(pathToFileURL(file).href);
  await page.waitForTimeout(300);  // images fail to load, handlers would fire
  return { context, page, dialogs };
}

const allowedSchemes = new Set(["http:", "https:", "mailto:", "tel:", "file:"]);

for (const bypassCSP of [false, true]) {
  test(`no payload runs or leads anywhere but the web (policy ${bypassCSP ? "bypassed" : "on"})`, async () => {
    const { context, page, dialogs } = await open(join(work, "site", "xss.html"), { bypassCSP });
    for (const q of await page.locator("details.q summary").all()) await q.click();
    await page.waitForTimeout(300);
    const found = await page.evaluate(() => ({
      xss: typeof window.__xss === "number" ? window.__xss : null,
      base: document.baseURI,
      links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
      images: [...document.querySelectorAll("img[src], source[src]")].map((i) => i.src),
      srcsets: document.querySelectorAll("[srcset]").length,
      // What a guide's HTML must never bring (prepdeck's own buttons and bars are not the guide's).
      dangerous: [...document.querySelectorAll(
        "script:not([src]), iframe, object, embed, svg, math, base, meta[http-equiv=refresh], form, button, style, [style], [onerror], [onclick], [onload], [ontoggle], [onfocus]")]
        .filter((e) => !e.closest(".q-marks, .toolbar, .theme-toggle, .progress, .self-check, .drawer-toggle"))
        // The build's scoring rules: JSON data (and only one such element, checked below).
        .filter((e) => !(e.id === "prepdeck-scoring" && e.type === "application/json"))
        .map((e) => e.outerHTML.slice(0, 120)),
      text: document.querySelector("main").textContent,
      rules: document.querySelectorAll("script:not([src])").length,
    }));
    assert.ok(found.rules <= 1, "one inline element at most: the scoring rules");
    assert.equal(found.xss, null, "a payload ran");
    assert.deepEqual(dialogs, []);
    assert.equal(new URL(found.base).protocol, "file:");
    for (const href of [...found.links, ...found.images]) {
      assert.ok(allowedSchemes.has(new URL(href).protocol), `resolves to ${href}`);
    }
    assert.equal(found.srcsets, 0);
    assert.deepEqual(found.dangerous, []);
    assert.doesNotMatch(found.text, /__xss=41/, "a script element is left out, not shown");
    // Clicking the links that stayed must not run anything either.
    for (const link of await page.locator("main a[href^='javascript'], main a[href^='JAVASCRIPT']").all()) {
      await link.click({ noWaitAfter: true }).catch(() => {});
    }
    assert.equal(await page.evaluate(() => (typeof window.__xss === "number" ? window.__xss : null)), null);
    if (!bypassCSP) assert.deepEqual(await page.evaluate(() => window.__violations), []);
    await page.screenshot({ path: join(process.env.ARTIFACTS || "artifacts", `xss-${bypassCSP ? "no-csp" : "csp"}.png`) });
    await context.close();
  });
}

test("past the sanitizer, the policy alone runs no inline script, handler or javascript: link", async () => {
  // A built page with payloads written into it by hand, as if the sanitizer had missed them.
  const page0 = readFileSync(join(work, "site", "xss.html"), "utf8");
  const injected = page0.replace("<main", '<script>window.__xss=1</script><img src="nope.png" onerror="window.__xss=2">' +
    '<a id="bad" href="javascript:window.__xss=3">x</a><main');
  writeFileSync(join(work, "site", "injected.html"), injected);
  const { context, page, dialogs } = await open(join(work, "site", "injected.html"), { bypassCSP: false });
  await page.locator("#bad").click({ noWaitAfter: true }).catch(() => {});
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => (typeof window.__xss === "number" ? window.__xss : null)), null);
  assert.deepEqual(dialogs, []);
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.length >= 2, `the policy reported what it stopped: ${violations}`);
  assert.ok(violations.every((v) => v.startsWith("script-src")), String(violations));
  await context.close();
});
