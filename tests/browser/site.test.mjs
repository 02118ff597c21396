// Browser tests of the static site built from examples/: playwright-core drives
// Debian's chromium, headless, over file:// (the site must work without a server).
// Run by `make test` (target test-browser), which builds the site first:
//   SITE_DIR=<built site> CHROMIUM=/usr/bin/chromium ARTIFACTS=<dir> node --test site.test.mjs
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const siteDir = process.env.SITE_DIR;
const artifacts = process.env.ARTIFACTS || "artifacts";
if (!siteDir) throw new Error("SITE_DIR must name the built site");
mkdirSync(artifacts, { recursive: true });

const seedDir = process.env.SEED_DIR;  // the site of ../shared's seed guide, mojibake and all
const url = (page, dir = siteDir) => {
  const [path, hash] = page.split("#");
  return pathToFileURL(join(dir, path)).href + (hash ? "#" + hash : "");
};
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
});
after(async () => { await browser?.close(); });

// A fresh page in its own context (its own localStorage), failing on console errors.
async function open(path, options = {}, dir = siteDir) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  // Every page runs under its Content-Security-Policy; what it stops is recorded here.
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url(path, dir));
  return { context, page, errors };
}

test("a question reveals its answer on click, and the hint shows while closed", async () => {
  const { context, page, errors } = await open("interview-questions/linux.html");
  const q = page.locator("details.q").first();
  await assert.doesNotReject(q.locator(".q-hint").waitFor({ state: "visible" }));
  assert.equal(await q.getAttribute("open"), null);
  await q.locator("summary").click();
  assert.notEqual(await q.getAttribute("open"), null);
  assert.ok(await q.locator(".q-body").isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard: j moves to the next question, space reveals it, ? lists the keys", async () => {
  const { context, page } = await open("interview-questions/linux.html");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  const second = page.locator("details.q").nth(1);
  assert.ok(await second.evaluate((el) => el.classList.contains("is-current")));
  await page.keyboard.press("Space");
  assert.notEqual(await second.getAttribute("open"), null);
  await page.keyboard.press("k");
  assert.ok(await page.locator("details.q").first().evaluate((el) => el.classList.contains("is-current")));
  await page.keyboard.press("?");
  assert.ok(await page.locator(".keys-help").isVisible());
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(".keys-help").count(), 0);
  await context.close();
});

test("expand all and collapse all", async () => {
  const { context, page } = await open("interview-questions/git.html");
  const total = await page.locator("details.q").count();
  await page.getByRole("button", { name: "Expand all" }).click();
  assert.equal(await page.locator("details.q[open]").count(), total);
  await page.getByRole("button", { name: "Collapse all" }).click();
  assert.equal(await page.locator("details.q[open]").count(), 0);
  await context.close();
});

test("the level filter shows the right counts and hides the other levels", async () => {
  const { context, page } = await open("interview-questions/linux.html");
  for (const level of ["beginner", "intermediate", "advanced"]) {
    const shown = await page.locator(`.level-filter input[value=${level}] + .count, .level-filter label:has(input[value=${level}]) .count`).first().textContent();
    const actual = await page.locator(`details.q[data-level=${level}]`).count();
    assert.equal(Number(shown), actual, level);
  }
  await page.locator(".level-filter input[value=beginner]").uncheck();
  await page.locator(".level-filter input[value=advanced]").uncheck();
  const visible = await page.locator("details.q:visible").count();
  assert.equal(visible, await page.locator("details.q[data-level=intermediate]").count());
  await context.close();
});

test("Knew it survives a reload, counts in the progress bar and can hide known questions", async () => {
  const { context, page } = await open("interview-questions/kubernetes.html");
  const q = page.locator("details.q").nth(2);
  const id = await q.getAttribute("data-id");
  await q.locator("summary").click();
  await q.getByRole("button", { name: "Knew it" }).click();
  assert.match(await page.locator(".toolbar .progress-text").textContent(), /^1 of \d+ known$/);
  await page.reload();
  const again = page.locator(`details.q[data-id="${id}"]`);
  assert.equal(await again.getAttribute("data-mark"), "knew");
  await page.locator("[data-action=hide-known]").check();
  assert.equal(await again.isVisible(), false);
  // The home page shows the progress of the guide.
  await page.goto(url("index.html"));
  const card = page.locator(`.guide-card[data-guide="interview-questions/kubernetes"] .progress-text`);
  assert.match(await card.textContent(), /^1 of 16 known$/);
  await context.close();
});

async function answerAll(page, { right }) {
  for (const form of await page.locator("form.quiz").all()) {
    const kind = await form.getAttribute("data-kind");
    if (kind === "single") {
      const choice = right ? form.locator("input[data-correct]").first() : form.locator("input:not([data-correct])").first();
      await choice.check();
    } else if (kind === "multiple") {
      if (right) for (const box of await form.locator("input[data-correct]").all()) await box.check();
      else await form.locator("input:not([data-correct])").first().check();
      await form.getByRole("button", { name: "Submit" }).click();
    } else {
      for (const blank of await form.locator(".quiz-blank").all()) {
        const answer = (await blank.getAttribute("data-answer")).split("|")[0];
        await blank.fill(right ? answer.toUpperCase() + "  " : "wrong");
      }
      await form.getByRole("button", { name: "Submit" }).click();
    }
  }
}

test("quiz: single, multiple and fill-in items score, explain, and give a level verdict", async () => {
  const { context, page, errors } = await open("quiz/git.html");
  const kinds = await page.locator("form.quiz").evaluateAll((forms) => forms.map((f) => f.dataset.kind));
  assert.ok(kinds.includes("single") && kinds.includes("multiple") && kinds.includes("fill"), kinds.join());
  await answerAll(page, { right: true });
  const results = page.locator("[data-quiz-results]");
  await results.waitFor({ state: "visible" });
  assert.match(await results.textContent(), new RegExp(`Score: ${kinds.length} of ${kinds.length} \\(100%\\)`));
  assert.match(await results.locator(".verdict").textContent(), /Advanced/);
  assert.equal(await page.locator(".quiz-feedback.is-correct").count(), kinds.length);
  await page.screenshot({ path: join(artifacts, "quiz-all-right.png"), fullPage: true });
  // Wrong answers show the right one and the explanation, and lower the verdict.
  await page.getByRole("button", { name: "Retake the quiz" }).click();
  await page.waitForLoadState();
  await answerAll(page, { right: false });
  await results.waitFor({ state: "visible" });
  assert.match(await results.textContent(), new RegExp(`Score: 0 of ${kinds.length}`));
  assert.match(await results.locator(".verdict").textContent(), /Beginner/);
  assert.match(await page.locator(".quiz-feedback.is-wrong").first().textContent(), /The answer:/);
  // A wrong answer to an item that repeats a study question links to that question.
  const study = page.locator("form.quiz[data-study] .quiz-study").first();
  assert.match(await study.getAttribute("href"), /^\.\.\/interview-questions\/git\.html#q\d+$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a guide without a quiz doubles as a self-check: reveal, self-grade, verdict, marks kept", async () => {
  const { context, page, errors } = await open("interview-questions/docker.html");
  // The guide links to its self-check as its quiz; in guide mode the quiz parts stay hidden.
  assert.equal(await page.locator("[data-quiz-intro]").isVisible(), false);
  await page.getByRole("link", { name: /Take the quiz/ }).click();
  await page.waitForLoadState();
  assert.match(page.url(), /docker\.html#self-check$/);
  await page.locator("[data-quiz-intro]").waitFor({ state: "visible" });
  assert.match(await page.locator("h1").textContent(), /^Self-check: /);
  assert.equal(await page.locator(".toolbar").count(), 0);  // no Expand all in a quiz
  const items = page.locator("details.q");
  const count = await items.count();
  assert.ok(count >= 3, `only ${count} self-check items`);
  const first = items.first();
  assert.ok(await first.locator(".q-hint").isVisible());
  assert.equal(await first.locator(".q-body").isVisible(), false);  // answers start hidden
  for (let i = 0; i < count; i++) {
    const item = items.nth(i);
    await item.locator("summary").click();
    assert.ok(await item.locator(".q-body").isVisible());
    await item.getByRole("button", { name: i === 0 ? "I did not" : "I knew it" }).click();
    assert.ok(await item.getByRole("button", { name: "I knew it" }).isDisabled());  // graded once
  }
  assert.match(await page.locator("[data-quiz-intro] .quiz-progress").textContent(), new RegExp(`Answered ${count} of ${count}`));
  const results = page.locator("[data-quiz-results]");
  await results.waitFor({ state: "visible" });
  assert.match(await results.textContent(), new RegExp(`Score: ${count - 1} of ${count}`));
  assert.match(await results.locator(".verdict").textContent(), /Your level: (Beginner|Intermediate|Advanced)/);
  assert.match(await results.textContent(), /Images and containers: \d of \d/);  // per section
  await page.screenshot({ path: join(artifacts, "self-check.png"), fullPage: true });
  // "I did not" links to the question in the guide; the self-grades are the guide's marks.
  await first.locator(".quiz-study").click();
  await page.locator(".toolbar").waitFor({ state: "visible" });
  assert.notEqual(await page.locator("details.q#q1").getAttribute("open"), null);
  assert.equal(await page.locator("details.q#q1").getAttribute("data-mark"), "review");
  assert.equal(await page.locator("details.q#q2").getAttribute("data-mark"), "knew");
  assert.deepEqual(errors, []);
  await context.close();
});

test("shuffle_answers shuffles the options of a quiz, and scoring follows the options", async () => {
  const orders = new Set();
  for (let i = 0; i < 8; i++) {
    const { context, page } = await open("quiz/kubernetes.html");
    const form = page.locator("form.quiz[data-kind=single]").first();
    orders.add((await form.locator(".quiz-option").allTextContents()).join("|"));
    if (i === 0) {
      await form.locator("input[data-correct]").check();
      assert.equal(await form.locator(".quiz-feedback.is-correct").count(), 1);
    }
    await context.close();
  }
  assert.ok(orders.size > 1, "eight loads showed the options in one order");
  // Without shuffle_answers the order is the author's.
  const { context, page } = await open("quiz/git.html");
  const first = await page.locator("form.quiz .quiz-option").first().textContent();
  await page.reload();
  assert.equal(await page.locator("form.quiz .quiz-option").first().textContent(), first);
  await context.close();
});

test("search finds a question by a word only its answer holds, and opens it", async () => {
  const { context, page } = await open("index.html");
  // "inode" appears in an answer of the Linux guide, not in any question title.
  await page.keyboard.press("/");
  await page.keyboard.type("inode");
  const first = page.locator("#search-results a").first();
  await first.waitFor({ state: "visible" });
  const href = await first.getAttribute("href");
  assert.match(href, /interview-questions\/linux\.html#q\d+$/);
  const titles = await page.locator("details.q .q-title").allTextContents();  // none on the home page
  assert.equal(titles.length, 0);
  await first.click();
  await page.waitForLoadState();
  const target = page.locator(`details.q#${href.split("#")[1]}`);
  assert.notEqual(await target.getAttribute("open"), null);
  assert.ok((await target.locator(".q-body").textContent()).toLowerCase().includes("inode"));
  await context.close();
});

// Relative luminance of a CSS rgb()/rgba() colour, 0 (black) to 1 (white).
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test("phone and dark: a navigation drawer, the page starting with its title, a dark header", async () => {
  for (const scheme of ["light", "dark"]) {
    // A phone: the navigation is a drawer, and the first question is above the fold.
    const phone = await open("interview-questions/git.html", { viewport: { width: 390, height: 844 }, colorScheme: scheme });
    const sidebar = phone.page.locator(".layout > .sidebar");
    assert.equal(await sidebar.isVisible(), false, "the navigation waits in its drawer");
    const title = await phone.page.locator("main h1").boundingBox();
    assert.ok(title.y < 120, `the page starts with its title (at ${title.y}px)`);
    const first = await phone.page.locator("details.q").first().boundingBox();
    assert.ok(first.y + 40 < 844, `the first question is above the fold (at ${first.y}px of 844)`);
    const header = await phone.page.locator("header.top").boundingBox();
    assert.ok(header.height < 70, `the header is one row (${header.height}px)`);
    await phone.page.screenshot({ path: join(artifacts, `phone-${scheme}.png`) });
    await phone.page.locator(".drawer-toggle").click();
    await sidebar.waitFor({ state: "visible" });
    assert.ok(await sidebar.locator('a[aria-current="page"]').isVisible(), "the drawer shows where the page is");
    assert.ok(await sidebar.locator("a", { hasText: "Home" }).first().isVisible(), "the home page is in the drawer");
    await phone.page.waitForTimeout(300);  // the drawer slides in
    await phone.page.screenshot({ path: join(artifacts, `phone-drawer-${scheme}.png`) });
    await phone.page.keyboard.press("Escape");
    await sidebar.waitFor({ state: "hidden" });
    // The keyboard reaches the drawer's switch: Space opens it.
    await phone.page.locator("#nav-drawer").focus();
    await phone.page.keyboard.press("Space");
    await sidebar.waitFor({ state: "visible" });
    await phone.page.locator(".drawer-backdrop").click({ position: { x: 370, y: 400 } });
    await sidebar.waitFor({ state: "hidden" });
    assert.deepEqual(phone.errors, []);
    await phone.context.close();

    // A desktop: the navigation is a sidebar, no drawer switch.
    const desk = await open("interview-questions/git.html", { viewport: { width: 1280, height: 900 }, colorScheme: scheme });
    assert.ok(await desk.page.locator(".layout > .sidebar").isVisible());
    assert.equal(await desk.page.locator(".drawer-toggle").isVisible(), false);
    const colours = await desk.page.evaluate(() => ({
      header: getComputedStyle(document.querySelector("header.top")).backgroundColor,
      search: getComputedStyle(document.querySelector("#search-input")).backgroundColor,
      page: getComputedStyle(document.body).backgroundColor,
    }));
    if (scheme === "dark") {
      assert.ok(luminance(colours.header) < 0.05, `a dark header in dark mode: ${colours.header}`);
      assert.ok(luminance(colours.page) < 0.05, colours.page);
    }
    await desk.page.screenshot({ path: join(artifacts, `desktop-${scheme}.png`) });
    await desk.context.close();
  }
});

test("search never gives a quiz answer away, ranks title matches first and marks what matched", async () => {
  const { context, page, errors } = await open("index.html");
  await page.keyboard.press("/");
  // A fill-in item is found by its question, its blank shown as ____.
  await page.keyboard.type("load average counts");
  const item = page.locator('#search-results a[href*="quiz/linux.html#quiz-"]').first();
  await item.waitFor({ state: "visible" });
  const text = await item.textContent();
  assert.match(text, /in ____ sleep/);
  assert.doesNotMatch(text, /uninterruptible/i);
  const marked = (await item.locator("mark").allTextContents()).map((m) => m.toLowerCase());
  for (const word of ["load", "average", "counts"]) assert.ok(marked.includes(word), `${word} is marked: ${marked}`);
  // Its answer finds no quiz item.
  await page.locator("#search-input").fill("uninterruptible");
  await page.waitForTimeout(100);
  assert.equal(await page.locator('#search-results a[href*="#quiz-"]').count(), 0);
  for (const t of await page.locator("#search-results a").allTextContents()) assert.doesNotMatch(t, /____/);
  // A word in a question's title ranks it above answers that only mention it.
  await page.locator("#search-input").fill("zombie");
  const first = page.locator("#search-results a").first();
  await first.waitFor({ state: "visible" });
  assert.match(await first.locator("span").textContent(), /zombie process/i);
  assert.ok(await page.locator("#search-results a").count() >= 2, "answers that mention it follow");
  await page.screenshot({ path: join(artifacts, "search.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

test("the seed guide reads as its author meant: emoji repaired, levels, hints, a self-check", { skip: !seedDir }, async () => {
  const { context, page, errors } = await open("000_f53b7e45484371f1.txt.html", {}, seedDir);
  const html = await page.content();
  assert.ok(!/ðŸ|âœ/.test(html), "mojibake left in the page");
  assert.equal(await page.locator("details.q").count(), 20);
  assert.match(await page.locator("details.q .q-hint").first().textContent(), /🧠 Think before expanding/);
  const badges = await page.locator("details.q .badge").allTextContents();
  assert.equal(badges.length, 20);
  for (const level of ["Beginner", "Intermediate", "Advanced"]) assert.ok(badges.includes(level), level);
  assert.ok(await page.locator(".callout").count() > 5);
  await page.screenshot({ path: join(artifacts, "seed-light.png"), fullPage: false });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: join(artifacts, "seed-dark.png"), fullPage: false });
  // The guide has no quiz: its self-check gives a level.
  await page.getByRole("link", { name: /Take the quiz/ }).click();
  await page.locator("[data-quiz-intro]").waitFor({ state: "visible" });
  const items = page.locator("details.q");
  for (let i = 0; i < 20; i++) {
    await items.nth(i).locator("summary").click();
    await items.nth(i).getByRole("button", { name: i % 4 === 0 ? "I did not" : "I knew it" }).click();
  }
  const results = page.locator("[data-quiz-results]");
  await results.waitFor({ state: "visible" });
  assert.match(await results.textContent(), /Score: 15 of 20/);
  assert.match(await results.locator(".verdict").textContent(), /Your level: (Intermediate|Advanced)/);
  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], "policy violations on the seed's page");
  await context.close();
});

test("printing expands every answer and leaves out the controls", async () => {
  const { context, page } = await open("interview-questions/git.html");
  await page.evaluate(() => dispatchEvent(new Event("beforeprint")));
  await page.emulateMedia({ media: "print" });
  const closed = await page.locator("details.q:not([open])").count();
  assert.equal(closed, 0);
  assert.equal(await page.locator(".toolbar").isVisible(), false);
  assert.equal(await page.locator("nav.sidebar").isVisible(), false);
  await page.evaluate(() => dispatchEvent(new Event("afterprint")));
  assert.ok(await page.locator("details.q:not([open])").count() > 0);  // as it was before printing
  await page.pdf({ path: join(artifacts, "git-print.pdf") });  // printing for real fires both events itself
  await context.close();
});

test("every page's own JavaScript and CSS stay under 60 KB after gzip", () => {
  // The search index is not part of a page: it loads on the first search.
  const bytes = ["prepdeck.js", "words.js", "scoring.js", "prepdeck.css"]
    .map((name) => gzipSync(readFileSync(join(siteDir, "assets", name)), { level: 9 }).length)
    .reduce((a, b) => a + b, 0);
  assert.ok(bytes <= 60 * 1024, `${bytes} bytes gzipped`);
});

// axe-core (Deque's accessibility engine) on the guide, quiz, self-check and
// home pages, light and dark: landmarks, names, ARIA, contrast.
test("accessibility: axe finds no violations, in light and in dark", async () => {
  const axe = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  const pages = ["index.html", "interview-questions/linux.html", "quiz/git.html", "interview-questions/docker.html#self-check"];
  const found = [];
  for (const scheme of ["light", "dark"]) {
    for (const path of pages) {
      // The pages forbid inline script; axe is a test tool injected from outside.
      const { context, page } = await open(path, { colorScheme: scheme, bypassCSP: true });
      if (await page.locator("details.q").count()) await page.locator("details.q summary").first().click();  // an answer open too
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      });
      for (const v of result) found.push(`${scheme} ${path}: ${v}`);
      await context.close();
    }
  }
  assert.deepEqual(found, []);
});

function pagesOf(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...pagesOf(path));
    else if (name.endsWith(".html")) out.push(relative(siteDir, path));
  }
  return out.sort();
}

test("no console errors on any page, and screenshots in light and dark", async () => {
  // 404.html is for a web host, which serves it at any depth: its links start
  // at "/", which file:// cannot follow (mkdocs.test.mjs serves it).
  const pages = pagesOf(siteDir).filter((p) => p !== "404.html");
  assert.ok(pages.length >= 7, pages.join());
  for (const scheme of ["light", "dark"]) {
    for (const path of pages) {
      const { context, page, errors } = await open(path, { colorScheme: scheme });
      await page.waitForLoadState("load");
      assert.deepEqual(errors, [], `${path} (${scheme})`);
      assert.deepEqual(await page.evaluate(() => window.__violations), [], `policy violations on ${path}`);
      if (path === "index.html" || path === "interview-questions/linux.html" || path === "quiz/linux.html") {
        const name = path.replace(/\//g, "_").replace(/\.html$/, "");
        await page.screenshot({ path: join(artifacts, `${name}-${scheme}.png`), fullPage: false });
      }
      await context.close();
    }
  }
  // A phone: 360 px wide, nothing wider than the screen.
  const { context, page } = await open("interview-questions/linux.html", { viewport: { width: 360, height: 740 } });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than a 360px screen`);
  await page.screenshot({ path: join(artifacts, "linux-360px.png") });
  await context.close();
});
