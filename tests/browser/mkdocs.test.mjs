// Browser tests of an MkDocs project built by prepdeck as MkDocs would lay it
// out (tests/fixtures/mkdocs-site: directory URLs, a nested reveal, Mermaid
// diagrams). Directory URLs need a web server, so the site is served here on
// 127.0.0.1 by a few lines of node. The site's mermaid.js is the npm package's,
// copied in as the project's extra_javascript names it: nothing is fetched
// from the internet. Run by `make test` (target test-browser):
//   PREPDECK=<binary> FIXTURE=<tests/fixtures/mkdocs-site> CHROMIUM=... ARTIFACTS=<dir> node --test mkdocs.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const prepdeck = process.env.PREPDECK;
const fixture = process.env.FIXTURE;
const artifacts = process.env.ARTIFACTS || "artifacts";
if (!prepdeck || !fixture) throw new Error("PREPDECK and FIXTURE must be set");
mkdirSync(artifacts, { recursive: true });

const require = createRequire(import.meta.url);
const work = mkdtempSync(join(tmpdir(), "prepdeck-mkdocs-"));
const project = join(work, "project");
const site = join(work, "site");
let server;
let base;
let browser;

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
  ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf" };

before(async () => {
  cpSync(fixture, project, { recursive: true });
  mkdirSync(join(project, "docs/javascripts"), { recursive: true });
  cpSync(require.resolve("mermaid/dist/mermaid.min.js"), join(project, "docs/javascripts/mermaid.min.js"));
  // KaTeX's dist folder (script, auto-render, style sheet and fonts), likewise.
  cpSync(join(dirname(require.resolve("katex/package.json")), "dist"), join(project, "docs/javascripts/katex"), { recursive: true });
  // The project names mermaid.js and KaTeX on a CDN; the test serves npm's copies instead.
  const config = join(project, "mkdocs.yml");
  writeFileSync(config, readFileSync(config, "utf8")
    .replace(/- https:\/\/unpkg\.com\/mermaid\S*/, "- javascripts/mermaid.min.js")
    .replaceAll(/https:\/\/unpkg\.com\/katex@[^/]+\/dist\//g, "javascripts/katex/"));
  execFileSync(prepdeck, ["build", project, "-o", site, "--quiet"]);
  // A static server: a folder's URL serves its index.html, as GitHub Pages does.
  server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(site, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file.startsWith(site) || !existsSync(file)) {
      // As GitHub Pages does: the site's 404.html, whatever the depth asked.
      res.writeHead(404, { "Content-Type": types[".html"] });
      res.end(readFileSync(join(site, "404.html")));
      return;
    }
    res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
});
after(async () => {
  await browser?.close();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const response = await page.goto(base + path);
  assert.equal(response.status(), 200, path);
  return { context, page, errors };
}

test("pages are at MkDocs' URLs and links between them work", async () => {
  const { context, page, errors } = await open("");
  await page.click("text=Git guide");
  assert.equal(new URL(page.url()).pathname, "/guides/git/");
  assert.equal(new URL(page.url()).hash, "#branches");
  assert.ok(await page.locator("h2#branches").isVisible());
  await page.click("text=Back home");
  assert.equal(new URL(page.url()).pathname, "/");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a missing page deep in the site gets the site's own 404 page, styled", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const failed = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  page.on("response", (r) => { if (r.status() >= 400 && !r.url().endsWith("/no/such/page/")) failed.push(r.url()); });
  const response = await page.goto(base + "guides/no/such/page/");
  assert.equal(response.status(), 404);
  assert.ok(await page.locator("h1", { hasText: "Page not found" }).isVisible());
  assert.equal(await page.locator("header.top").evaluate((h) => getComputedStyle(h).position), "sticky");  // styled
  await page.click("text=Go to the home page");
  assert.equal(new URL(page.url()).pathname, "/");
  assert.deepEqual(failed, []);
  await context.close();
});

test("a nested reveal inside an answer opens and closes, as MkDocs shows it", async () => {
  const { context, page, errors } = await open("guides/kubernetes/");
  const q = page.locator("#q1");
  await q.locator("summary").first().click();
  const reveal = q.locator("details.admonition.success");
  assert.ok(await reveal.isVisible());
  assert.equal(await reveal.evaluate((d) => d.open), false);
  assert.equal(await q.locator(".q-body").evaluate((b) => b.textContent.includes("???")), false);
  await reveal.locator("summary").click();
  assert.equal(await reveal.evaluate((d) => d.open), true);
  assert.ok(await reveal.locator("text=network namespace").isVisible());
  assert.ok(await reveal.locator(".admonition.tip").isVisible());
  await reveal.locator("summary").click();
  assert.equal(await reveal.evaluate((d) => d.open), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Mermaid diagrams are drawn as SVG, in an answer when it opens, and again in dark", async () => {
  const { context, page, errors } = await open("guides/kubernetes/");
  const pageDiagram = page.locator("main > pre.mermaid svg");
  await pageDiagram.waitFor({ state: "visible" });
  // In a closed answer: drawn now where the browser lays out closed details,
  // else when it opens.
  const inAnswer = page.locator("#q2 pre.mermaid");
  await page.locator("#q2 summary").click();
  await inAnswer.locator("svg").waitFor({ state: "visible" });
  assert.ok((await inAnswer.textContent()).includes("Service"));
  const light = await pageDiagram.evaluate((svg) => getComputedStyle(svg.querySelector("rect, .actor")).fill);
  await page.locator(".theme-toggle").click();
  await page.locator("main > pre.mermaid svg").waitFor({ state: "visible" });
  const dark = await page.locator("main > pre.mermaid svg").evaluate((svg) => getComputedStyle(svg.querySelector("rect, .actor")).fill);
  assert.notEqual(light, dark);
  await page.screenshot({ path: join(artifacts, "mkdocs-mermaid.png"), fullPage: true });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("footnotes jump to their note and back", async () => {
  const { context, page, errors } = await open("guides/linux/");
  await page.locator("sup#fnref\\:typo a").click();
  assert.equal(new URL(page.url()).hash, "#fn:typo");
  assert.ok(await page.locator("li#fn\\:typo").isVisible());
  assert.equal(await page.locator("li#fn\\:typo").evaluate((li) => {
    const r = li.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }), true);
  await page.locator("li#fn\\:typo a.footnote-backref").click();
  assert.equal(new URL(page.url()).hash, "#fnref:typo");
  // Numbered as the page first refers to them: the note referred to in an answer comes first.
  assert.equal(await page.locator("sup#fnref\\:signals a").textContent(), "1");
  assert.equal(await page.locator("sup#fnref\\:typo a").textContent(), "2");
  assert.deepEqual(errors, []);
  await context.close();
});

test("math is typeset by the site's own KaTeX, only where the page has math", async () => {
  const { context, page, errors } = await open("guides/linux/");
  // The align block on the page, and the display and inline math in an answer (closed, typeset all the same).
  await page.locator("main > div.arithmatex .katex-display").waitFor({ state: "visible" });
  assert.equal(await page.locator("#q2 .arithmatex .katex").count(), 2);
  assert.equal(await page.locator(".arithmatex").evaluateAll((els) => els.filter((e) => !e.querySelector(".katex")).length), 0);
  // The text MkDocs sites write with the other extensions.
  assert.equal(await page.locator("main .keys kbd").count(), 6);
  assert.ok(await page.locator("main mark", { hasText: "signals" }).isVisible());
  assert.equal(await page.locator("abbr[title='Process identifier']").count(), 1);  // in question 1's answer
  assert.ok(await page.locator("dl dt", { hasText: "Zombie" }).isVisible());
  await page.locator("#q2 summary").click();
  await page.screenshot({ path: join(artifacts, "mkdocs-extensions.png"), fullPage: true });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
  // A page without math loads none of it.
  const git = await open("guides/git/");
  assert.equal(await git.page.locator("script[src*='katex']").count(), 0);
  await git.context.close();
});

test("heading ids are MkDocs' own", async () => {
  const { context, page } = await open("guides/kubernetes/");
  const ids = await page.locator("main h1, main h2, main h3").evaluateAll((hs) => hs.map((h) => h.id));
  assert.deepEqual(ids, ["kubernetes-interview-questions", "pods-and-nodes", "2-scheduling", "pods-and-nodes_1", "eesmark-ja-ulevaade"]);
  await context.close();
});

test("accessibility: axe finds no violations on the MkDocs pages, light and dark", async () => {
  const axe = require.resolve("axe-core/axe.min.js");
  const found = [];
  for (const scheme of ["light", "dark"]) {
    for (const path of ["", "guides/kubernetes/", "guides/git/", "guides/linux/"]) {
      const { context, page } = await open(path, { colorScheme: scheme, bypassCSP: true });
      if (await page.locator("details.q").count()) await page.locator("details.q summary").first().click();
      await page.waitForTimeout(200);
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      });
      for (const v of result) found.push(`${scheme} /${path}: ${v}`);
      await context.close();
    }
  }
  assert.deepEqual(found, []);
});
