// Browser tests of `prepdeck serve` on examples/: a real server process on
// loopback, Debian's chromium driven headless by playwright-core.
//   PREPDECK=<binary> EXAMPLES=<dir> CHROMIUM=/usr/bin/chromium ARTIFACTS=<dir> [SERVE_WAY=...] node --test serve.test.mjs
// SERVE_WAY: sqlite (one instance, the default), postgres (one instance on a
// PostgreSQL of its own) or cluster (three instances on one PostgreSQL behind
// nginx round-robin, so a learner's requests land on different instances):
// tests/support/serve_stack.py starts them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const prepdeck = process.env.PREPDECK;
const examples = process.env.EXAMPLES;
const artifacts = process.env.ARTIFACTS || "artifacts";
if (!prepdeck || !examples) throw new Error("PREPDECK and EXAMPLES must be set");
mkdirSync(artifacts, { recursive: true });

const way = process.env.SERVE_WAY || "sqlite";
const stackScript = join(dirname(fileURLToPath(import.meta.url)), "..", "support", "serve_stack.py");
// Screenshots of the default way keep their names; the others say their way.
const shot = (name) => join(artifacts, way === "sqlite" ? `${name}.png` : `${name}-${way}.png`);

let browser;
let server;
let base;
const work = mkdtempSync(join(tmpdir(), "prepdeck-serve-browser-"));

// A guide written whole: beside, then renamed into place. Written in place, the
// watcher could read the file created but still empty, and the test would then
// wait for that version and find no quiz on the page (it did once).
let written = 0;
function writeGuide(path, text) {
  const temp = join(work, `.guide-${written++}.tmp`);
  writeFileSync(temp, text);
  renameSync(temp, path);
}

// `prepdeck serve` on the examples copy, the way SERVE_WAY says, with `extra` arguments.
async function startStack(...extra) {
  const proc = spawn("python3", [stackScript, way, prepdeck, join(work, "examples"), ...extra],
    { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise((resolve) => proc.on("exit", resolve));
  const info = await new Promise((resolve, reject) => {
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(JSON.parse(out.slice(0, out.indexOf("\n"))));
    });
    exited.then((code) => reject(new Error(`serve_stack.py ${way} exited: ${code}`)));
  });
  return { url: info.url, stop: async () => { proc.stdin.end(); await exited; } };
}

before(async () => {
  cpSync(examples, join(work, "examples"), { recursive: true, filter: (p) => !p.endsWith("/site") });
  server = await startStack();
  base = server.url;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"] });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

// The page's script sets up its controls once the session has come back; a
// click before that goes unheard (one did, on a loaded machine).
const ready = (page) => page.waitForSelector("html[data-ready]", { state: "attached" });

async function open(path, context) {
  const ctx = context || await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + path);
  await ready(page);
  await ready(page);
  return { context: ctx, page, errors };
}

test("served pages carry the Content-Security-Policy, and the examples break none of it", async () => {
  const response = await fetch(base + "/interview-questions/git.html");
  const policy = response.headers.get("content-security-policy") || "";
  for (const part of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    assert.ok(policy.includes(part), `${part} in ${policy}`);
  }
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const path of ["/", "/interview-questions/git.html", "/quiz/git.html", "/review.html", "/level-test.html"]) {
    const { page, errors } = await open(path, context);
    await page.waitForLoadState("load");
    await page.waitForTimeout(200);
    assert.deepEqual(errors, [], path);
    assert.deepEqual(await page.evaluate(() => window.__violations), [], `policy violations on ${path}`);
    await page.close();
  }
  await context.close();
});

test("a Knew it mark is kept on the server and seen from a second browser", async () => {
  const first = await open("/interview-questions/git.html");
  const q = first.page.locator("details.q").nth(1);
  await q.locator("summary").click();
  const saved = first.page.waitForResponse((r) => r.url().includes("/api/marks/") && r.request().method() === "PUT");
  await q.locator('.q-marks button[data-mark="knew"]').click();
  assert.equal((await saved).status(), 200);
  assert.deepEqual(first.errors, []);
  // Another context has no localStorage in common with the first: what it shows comes from the server.
  const second = await open("/interview-questions/git.html");
  const again = second.page.locator("details.q").nth(1);
  // .q-marks is in the page's HTML: wait for the script to have applied the server's marks.
  await second.page.waitForFunction(() => document.querySelectorAll("details.q")[1]?.dataset.mark === "knew", null,
    { timeout: 10000 }).catch(() => {});
  assert.equal(await again.getAttribute("data-mark"), "knew");
  const home = await open("/", second.context);
  await home.page.locator('.guide-card[data-guide="interview-questions/git"] .progress-text').waitFor();
  assert.match(await home.page.locator('.guide-card[data-guide="interview-questions/git"] .progress-text').textContent(),
    /^1 of \d+ known$/);
  await first.context.close();
  await second.context.close();
});

test("a review session: space reveals, 3 grades Good, u takes it back, a second space grades Good", async () => {
  const { context, page, errors } = await open("/review.html?guide=interview-questions/git.md");
  const title = page.locator(".review-title");
  await title.waitFor({ state: "visible" });
  const first = await title.textContent();
  assert.match(await page.locator(".review-counts").textContent(), /\d+ due · \d+ new/);
  await page.keyboard.press("3");  // before the answer: refused, with a word why
  assert.equal(await title.textContent(), first);
  assert.equal(await page.locator(".server-status").textContent(), "Show the answer first (space).");
  const revealed = page.waitForResponse((r) => r.url().includes("/api/reveals/") && r.request().method() === "POST");
  await page.keyboard.press(" ");
  await page.locator(".review-answer").waitFor({ state: "visible" });
  assert.equal(await page.locator(".server-status").isVisible(), false, "the answer shown, the reminder goes");
  const reveal = await revealed;
  assert.equal(reveal.status(), 204, "showing the answer is a reveal, as on the guide page");
  // ...and the authors' analytics count it.
  const cardId = decodeURIComponent(new URL(reveal.url()).pathname.replace("/api/reveals/", ""));
  const counted = await page.evaluate(async (id) => {
    const data = await (await fetch("/api/analytics")).json();
    return data.questions.find((q) => q.id === id)?.reveals ?? 0;
  }, cardId);
  assert.ok(counted >= 1, `the Review page's reveal of ${cardId} is in analytics`);
  const answerText = await page.locator(".review-answer").textContent();
  assert.ok(answerText.length > 20, "the answer is shown");
  assert.match(await page.locator(".grade-good .interval").textContent(), /^\d+(m|h|d|mo|y)$/);
  await page.screenshot({ path: shot("serve-review-answer"), fullPage: true });
  const graded = page.waitForResponse((r) => r.url().includes("/api/reviews") && r.request().method() === "POST");
  await page.keyboard.press("3");
  assert.equal((await graded).status(), 201);
  await page.waitForFunction((t) => document.querySelector(".review-title").textContent !== t, first);
  assert.match(await page.locator(".review-last").textContent(), /^Good: next in/);
  const undone = page.waitForResponse((r) => r.url().includes("/undo"));
  await page.keyboard.press("u");
  assert.equal((await undone).status(), 200);
  await page.waitForFunction((t) => document.querySelector(".review-title").textContent === t, first);
  await page.screenshot({ path: shot("serve-review"), fullPage: true });
  // Anki's keys: Space shows the answer with focus on Good (never Again), and a second Space grades Good.
  await page.keyboard.press(" ");
  await page.locator(".review-answer").waitFor({ state: "visible" });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.rating), "3");
  assert.equal(await page.locator(".review-answer").textContent(), answerText, "the same card shows its whole answer again");
  const spaced = page.waitForResponse((r) => r.url().includes("/api/reviews") && r.request().method() === "POST");
  await page.keyboard.press(" ");
  const rating = JSON.parse((await spaced).request().postData()).rating;
  assert.equal(rating, 3);
  await page.waitForFunction((t) => document.querySelector(".review-title").textContent !== t, first);
  assert.match(await page.locator(".review-last").textContent(), /^Good: next in/);
  assert.deepEqual(errors, []);
  // One progress: the card graded Good counts as known on the home page, beside the
  // question marked Knew it in the test before.
  const home = await open("/", context);
  const known = home.page.locator('.guide-card[data-guide="interview-questions/git"] .progress-text');
  await known.waitFor();
  assert.match(await known.textContent(), /^2 of \d+ known$/);
  await context.close();
});

test("a finished quiz is scored again and recorded by the server", async () => {
  const { context, page, errors } = await open("/quiz/git.html");
  for (const form of await page.locator("form.quiz").all()) {
    const kind = await form.getAttribute("data-kind");
    if (kind === "fill") {
      for (const blank of await form.locator(".quiz-blank").all())
        await blank.fill((await blank.getAttribute("data-answer")).split("|")[0]);
      await form.locator(".quiz-submit").click();
    } else if (kind === "multiple") {
      for (const input of await form.locator("input[data-correct]").all()) await input.check();
      await form.locator(".quiz-submit").click();
    } else {
      await form.locator("input[data-correct]").first().check();
    }
  }
  await page.locator(".attempt-saved").waitFor();
  await page.waitForFunction(() => document.querySelector(".attempt-saved").textContent.startsWith("Saved"));
  assert.equal(await page.locator(".attempt-saved").textContent(), "Saved. Recorded level: Advanced.");
  const attempts = await (await fetch(base + "/api/quiz-attempts")).json();
  assert.equal(attempts.attempts.at(-1).verdict, "advanced");
  await page.screenshot({ path: shot("serve-quiz-saved"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a POST without the CSRF token is refused", async () => {
  const { context, page } = await open("/");
  const status = await page.evaluate(async () => (await fetch("/api/marks/interview-questions/git/q1", {
    method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ mark: "knew" }) })).status);
  assert.equal(status, 403);
  await context.close();
});

test("live reload: an open page refreshes itself when its guide file changes", async () => {
  const { appendFileSync } = await import("node:fs");
  const { context, page, errors } = await open("/interview-questions/docker.html");
  await page.locator("details.q").first().waitFor();
  await page.waitForTimeout(300);  // the page's long poll is waiting
  const reloaded = page.waitForEvent("load", { timeout: 15000 });
  appendFileSync(join(work, "examples", "docs", "interview-questions", "docker.md"),
    '\n??? question "77. Added while the page was open"\n    Seen without pressing reload.\n');
  await reloaded;
  assert.equal(await page.locator(".q-title", { hasText: "Added while the page was open" }).count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("XSS payloads in guide Markdown stay inert", async () => {
  const before = (await (await fetch(base + "/healthz")).json()).version;
  writeGuide(join(work, "examples", "docs", "interview-questions", "xss.md"), [
    "# XSS <img src=x onerror=\"window.__xss='title'\">", "",
    "<script>window.__xss = 'script'</script>", "",
    "<img src=\"x\" onerror=\"window.__xss = 'img'\">", "",
    "??? question \"1. A title <img src=x onerror=window.__xss='summary'>\"",
    "    🧠 Think <svg onload=\"window.__xss='hint'\"></svg>", "",
    "    [a link](javascript:window.__xss='link') <a href=\"jav&#x61;script:window.__xss='raw'\">raw</a>", "",
    "    <iframe src=\"javascript:window.__xss='iframe'\"></iframe>", "",
  ].join("\n"));
  // The watcher re-renders the site; wait for the new version.
  for (let i = 0; i < 100; i++) {
    if ((await (await fetch(base + "/healthz")).json()).version !== before) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const { context, page } = await open("/interview-questions/xss.html");
  await page.locator("details.q summary").click();
  for (const link of await page.locator(".q-body a:not(.permalink)").all()) await link.click({ noWaitAfter: true }).catch(() => {});
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__xss ?? null), null);
  // No inline script at all: the one element without src is the build's scoring rules, JSON data.
  assert.equal(await page.locator("script:not([src]):not(#prepdeck-scoring)").count(), 0, "no inline script at all");
  assert.equal(await page.locator("script#prepdeck-scoring:not([type='application/json'])").count(), 0);
  // The guide's content holds no frame or SVG (the header's own drawer icon is the site's).
  assert.equal(await page.locator("main iframe, main svg, [onerror], [onload]").count(), 0);
  assert.doesNotMatch(await page.locator("main").textContent(), /__xss = 'script'/, "a script element is left out, not shown");
  await context.close();
});

test("a level test: quiz items answered right and questions known place the learner Advanced", async () => {
  const { execFileSync } = await import("node:child_process");
  const exported = JSON.parse(execFileSync(prepdeck, ["export", join(work, "examples")], { encoding: "utf8" }));
  const items = new Map(exported.guides.flatMap((g) => g.quizzes.map((q) => [q.id, q])));
  const { context, page, errors } = await open("/level-test.html");
  await page.locator(".level-start").click();
  let previous = "";
  for (let asked = 0; asked < 20; asked++) {
    // The next question is drawn whole: its id and its body change together.
    await page.waitForFunction((before) => {
      const id = document.querySelector(".level-progress")?.dataset.item;
      return id && id !== before && document.querySelector(".level-quiz, .level-body .review-show");
    }, previous);
    previous = await page.evaluate(() => document.querySelector(".level-progress").dataset.item);
    const answered = page.waitForResponse((r) => r.url().includes("/answers"));
    if (await page.locator(".level-quiz").count()) {
      const form = page.locator(".level-quiz");
      const id = await page.evaluate(() => document.querySelector(".level-progress").dataset.item);
      const item = items.get(id);
      assert.ok(item, "the item shown is a quiz item of the guides: " + id);
      if (item.kind === "fill") {
        const blanks = await form.locator(".quiz-blank").all();
        for (let i = 0; i < blanks.length; i++) await blanks[i].fill(item.blanks[i].split("|")[0]);
      } else {
        for (const [i, o] of item.options.entries()) if (o.correct) await form.locator(`input[value="${i}"]`).check();
      }
      // A single-answer item is checked as soon as it is chosen, as on a quiz page.
      if (item.kind === "single") assert.equal(await form.locator(".quiz-submit").count(), 0);
      else await form.locator(".quiz-submit").click();
    } else {
      // Anki's keys, as on the Review page: Space shows the answer, then Space grades Good.
      await page.locator(".level-body .review-show").waitFor();
      await page.keyboard.press("Space");
      await page.locator(".level-body .review-grades button[data-rating='3']").waitFor();
      assert.equal(await page.locator(".level-body .review-grades button").count(), 4);
      assert.equal(await page.evaluate(() => document.activeElement.dataset.rating), "3");
      await page.keyboard.press("Space");
    }
    assert.equal((await answered).ok(), true);
    await page.locator(".level-next").waitFor({ state: "visible" });
    const last = (await page.locator(".level-next").textContent()) === "See your level";
    await page.locator(".level-next").click();
    if (last) break;
  }
  await page.locator(".level-result h2").waitFor();
  // The result in words (engine::level_words), as the terminal gives it.
  assert.match(await page.locator(".level-result h2").textContent(), /^Your level: Advanced, (sure|fairly sure|not yet sure)$/);
  assert.match(await page.locator(".level-result").textContent(), /From \d+ questions; more answers (are unlikely to change it|could move it one level (up|down))\./);
  assert.match(await page.locator(".level-result .level-scale").textContent(), /^θ = -?\d\.\d\d ± \d\.\d\d on the test's ability scale/);
  await page.screenshot({ path: shot("serve-level-test"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a comment shows its author's verified level, and an XSS payload in it stays inert", async () => {
  // The level test of an earlier test left this learner Advanced.
  const { context, page, errors } = await open("/interview-questions/git.html");
  const form = page.locator(".comment-form");
  await form.waitFor();
  const payload = "<img src=x onerror=\"window.__xss='img'\"> <script>window.__xss='script'</script> " +
    "**really** `kubectl` [trap](javascript:window.__xss='link') [docs](https://kubernetes.io/docs/)";
  await form.locator("textarea").fill(payload);
  const posted = page.waitForResponse((r) => r.url().endsWith("/api/comments") && r.request().method() === "POST");
  await form.locator("button[type=submit]").click();
  assert.equal((await posted).status(), 201);
  const comment = page.locator(".comment").last();
  await comment.waitFor();
  assert.equal(await comment.locator(".badge").textContent(), "Advanced");
  assert.match(await comment.locator(".badge").getAttribute("title"), /level test/);
  assert.equal(await comment.locator(".comment-body strong").textContent(), "really");
  assert.equal(await comment.locator(".comment-body code").textContent(), "kubectl");
  assert.equal(await comment.locator(".comment-body a").count(), 1, "only the https link is a link");
  assert.equal(await comment.locator(".comment-body a").getAttribute("href"), "https://kubernetes.io/docs/");
  assert.equal(await comment.locator("img, script").count(), 0);
  assert.match(await comment.locator(".comment-body").textContent(), /<img src=x onerror=/);
  // Times read as the terminal says them, in the reader's locale.
  assert.match(await comment.locator("time").textContent(), /^today \d{1,2}:\d{2}/);
  await page.reload();
  await page.locator(".comment").last().waitFor();
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__xss ?? null), null);
  const chart = await page.locator("img.level-chart").evaluate((img) => img.complete && img.naturalWidth > 0);
  assert.ok(chart, "the level chart did not load");
  await page.locator(".comments").scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("serve-comments"), fullPage: false });
  assert.deepEqual(errors, []);
  await context.close();
});

// One truth for a quiz with an item that cannot be scored: the page, the
// terminal and the server give the same score and verdict, and the comment
// badge shows the level the server recorded.
test("a quiz page with an unscorable item: page, terminal and server agree, and the badge shows it", async () => {
  const { execFileSync } = await import("node:child_process");
  const before = (await (await fetch(base + "/healthz")).json()).version;
  const file = join(work, "examples", "docs", "quiz", "mixed.md");
  writeGuide(file, [
    "# Mixed quiz", "",
    "<quiz>", "Which port does HTTPS use by default?", "- [x] 443", "- [ ] 80", "</quiz>", "",
    "<quiz>", "Which are HTTP methods?", "- [x] GET", "- [x] POST", "- [ ] FETCH", "</quiz>", "",
    "<quiz>", "The header that sends a cached ETag back is [[If-None-Match]].", "</quiz>", "",
    "<quiz>", "This item has no right answer marked.", "- [ ] one", "- [ ] two", "</quiz>", "",
  ].join("\n"));
  for (let i = 0; i < 100; i++) {
    if ((await (await fetch(base + "/healthz")).json()).version !== before) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const { context, page, errors } = await open("/quiz/mixed.html");
  const forms = page.locator("form.quiz");
  assert.equal(await forms.count(), 3, "the unscorable item is not on the page");
  await forms.nth(0).locator('input[value="0"]').check();
  await forms.nth(1).locator('input[value="0"]').check();
  await forms.nth(1).locator('input[value="1"]').check();
  await forms.nth(1).locator(".quiz-submit").click();
  await forms.nth(2).locator(".quiz-blank").fill("  if-none-MATCH ");
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/quiz-attempts"));
  await forms.nth(2).locator(".quiz-submit").click();
  const attempt = await (await saved).json();
  const results = page.locator("[data-quiz-summary]");
  await results.waitFor({ state: "visible" });
  assert.match(await results.textContent(), /Score: 3 of 3 \(100%\)/);
  assert.equal(await results.locator(".verdict").textContent(), "Your level: Advanced");
  assert.equal(attempt.items, 3);
  assert.equal(attempt.score, 3);
  assert.equal(attempt.verdict, "advanced");
  await page.locator(".attempt-saved", { hasText: "Saved. Recorded level: Advanced." }).waitFor();
  // The terminal, on the same file and the same answers.
  const terminal = JSON.parse(execFileSync(prepdeck, ["quiz", file, "--db", join(work, "terminal.db"), "--format", "json"],
    { input: "1\n1 2\nif-none-match\n", encoding: "utf8", stdio: ["pipe", "pipe", "ignore"] }));
  assert.equal(terminal.words, "3 of 3 (100%)");
  assert.equal(terminal.verdict, "advanced");
  // The badge beside this learner's comments: the level the server recorded, from this quiz.
  const guide = await open("/interview-questions/git.html", context);
  const badge = guide.page.locator(".comment .badge").last();
  await badge.waitFor();
  assert.equal(await badge.textContent(), "Advanced");
  assert.match(await badge.getAttribute("title"), /quiz/);
  assert.deepEqual([...errors, ...guide.errors], []);
  await context.close();
});

test("the admins' Analytics page: reveals counted, items with their discrimination and flags", async () => {
  // Opening a question is a reveal.
  const guide = await open("/interview-questions/linux.html");
  const revealed = guide.page.waitForResponse((r) => r.url().includes("/api/reveals/"));
  const opened = guide.page.locator("details.q").nth(1);
  const title = (await opened.locator(".q-title").textContent()).replace(/[`*]/g, "");
  await opened.locator("summary").click();
  assert.equal((await revealed).status(), 204);
  await guide.context.close();
  const { context, page, errors } = await open("/analytics.html");
  await page.locator(".analytics-items tbody tr").first().waitFor();
  assert.ok(await page.locator(".analytics-items tbody tr").count() >= 30, "every quiz item has a row");
  const row = page.locator(".analytics-questions tbody tr", { hasText: title }).first();
  assert.match(await row.locator("td").nth(2).textContent(), /^[1-9]/, "the reveal is counted: " + title);
  assert.equal(await page.locator(".app-links a", { hasText: "Analytics" }).count(), 1);
  await page.screenshot({ path: shot("serve-analytics"), fullPage: false });
  assert.deepEqual(errors, []);
  await context.close();
});

test("--users: sign up on the login page, the cookie's flags, progress per account", async () => {
  const users = await startStack("--users");
  const site = users.url;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(site + "/review.html");
    await ready(page);
    await page.locator(".login-needed a").click();
    await page.waitForURL(/login\.html\?next=/);
    await page.locator('input[name="name"]').fill("ana");
    await page.locator('input[name="password"]').fill("a long password");
    await page.screenshot({ path: shot("serve-login") });
    await page.locator(".login-signup").click();
    await page.waitForURL(site + "/review.html");
    await page.locator(".review-title").waitFor({ state: "visible" });
    assert.equal(await page.locator(".account-name").textContent(), "ana");
    const [cookie] = (await context.cookies()).filter((c) => c.name === "prepdeck_session");
    assert.ok(cookie, "no session cookie");
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Lax");
    assert.equal(cookie.secure, false, "plain HTTP on loopback: not Secure");
    assert.equal(await page.evaluate(() => document.cookie.includes("prepdeck_session")), false, "script can read it");
    // A mark, then a second browser of the same learner sees it after logging in.
    await page.goto(site + "/interview-questions/git.html");
    await ready(page);
    const q = page.locator("details.q").nth(1);  // the first is open (???+)
    await q.locator("summary").click();
    const saved = page.waitForResponse((r) => r.url().includes("/api/marks/"));
    await q.locator('.q-marks button[data-mark="knew"]').click();
    assert.equal((await saved).status(), 200);
    const other = await browser.newContext();
    const second = await other.newPage();
    await second.goto(site + "/login.html?next=/interview-questions/git.html");
    await ready(second);
    await second.locator('input[name="name"]').fill("ana");
    await second.locator('input[name="password"]').fill("a long password");
    await second.locator(".login-submit").click();
    await second.waitForURL(site + "/interview-questions/git.html");
    await second.locator(".account-name").waitFor();
    assert.equal(await second.locator("details.q").nth(1).getAttribute("data-mark"), "knew");
    // Logged out, the page keeps marks in the browser again, not on the server.
    await second.locator(".account-logout").click();
    await second.locator(".app-links a", { hasText: "Log in" }).waitFor();
    assert.equal(await second.locator("details.q").nth(1).getAttribute("data-mark"), null);
    // Issue 12, defect 7: after logging in, next= leads only to a page of this site.
    for (const next of ["/%5Cevil.example/x", "/%09/evil.example/x", "/%0D%0A/evil.example/x", "//evil.example/x",
      "https://evil.example/x", "/%5C%5Cevil.example", "javascript:alert(1)", "/%2F%2Fevil.example"]) {
      await second.goto(`${site}/login.html?next=${next}`);
      await ready(second);
      await second.locator('input[name="name"]').fill("ana");
      await second.locator('input[name="password"]').fill("a long password");
      await second.locator(".login-submit").click();
      await second.waitForLoadState("load");
      await second.waitForFunction(() => !location.pathname.endsWith("/login.html"));
      assert.equal(new URL(second.url()).origin, site, `next=${next} left the site: ${second.url()}`);
      await second.locator(".account-logout").click();
      await second.locator(".app-links a", { hasText: "Log in" }).waitFor();
    }
    // A learner who is no admin: the Analytics page says what it is and where their own progress is.
    await page.goto(site + "/analytics.html");
    await ready(page);
    const instead = page.locator(".analytics-instead");
    await instead.waitFor();
    assert.match(await page.locator(".login-needed").textContent(), /^Analytics are for this site's admins/);
    assert.deepEqual(await instead.locator("a").allTextContents(), ["Home", "Review", "Level test"]);
    assert.equal(await page.locator(".analytics-items").isVisible(), false);
    await page.screenshot({ path: shot("serve-analytics-learner") });
    assert.deepEqual(errors, []);
    await context.close();
    await other.close();
  } finally {
    await users.stop();
  }
});
