// prepdeck static site: toolbar, Knew it / Review marks, quizzes with a level
// verdict, search, keyboard, theme. Plain JavaScript, no framework, works from
// file://. Everything is progressive: without this script questions still open
// and close (native <details>) and every answer is readable.
// A classic script (modern JavaScript, strict mode), not an ES module: browsers
// refuse module scripts over file://, and the site must work from there.
(() => {
  "use strict";

  // Every sentence the page writes comes from the learner's words, the table
  // the terminal reads too (web/words.js, src/util/words.en.json).
  const { say, counted } = globalThis.prepdeckWords;
  // A sentence with elements in it: the table writes "{log_in} to comment.",
  // and the link goes where {log_in} is. Returns the pieces for append().
  function sayWith(key, elements, args = {}) {
    const text = say(key, args);
    const pieces = [];
    let last = 0;
    for (const m of text.matchAll(/\{([a-z_]+)\}/g)) {
      if (!elements[m[1]]) continue;
      pieces.push(text.slice(last, m.index), elements[m[1]]);
      last = m.index + m[0].length;
    }
    pieces.push(text.slice(last));
    return pieces;
  }

  const store = {
    get(key) { try { return localStorage.getItem("prepdeck:" + key); } catch (e) { return null; } },
    set(key, value) {
      try {
        if (value === null) localStorage.removeItem("prepdeck:" + key);
        else localStorage.setItem("prepdeck:" + key, value);
      } catch (e) { /* storage disabled: marks last for this page view only */ }
    },
  };
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const questions = () => $$("details.q");
  const visibleQuestions = () => questions().filter((q) => !q.classList.contains("is-filtered"));

  // ---- served mode: `prepdeck serve` keeps progress on the server -------------
  // The pages name the JSON API (docs/API.md) in a meta tag; the static site
  // has none and keeps marks in localStorage. One front end, two adapters.
  const apiBase = $('meta[name="prepdeck-api"]')?.content || null;
  // The version this page was asked for in by live reload, taken off the address.
  const reloadedInto = (() => {
    const url = new URL(location.href);
    const version = url.searchParams.get("v");
    if (version === null) return null;
    url.searchParams.delete("v");
    history.replaceState(history.state, "", url);
    return /^[0-9a-f]{1,16}$/.test(version) ? version : null;
  })();
  const server = apiBase && {
    csrf: "",
    version: "",  // the pages' content version (the same on every instance)
    marks: new Map(),
    async call(method, path, body) {
      const headers = { "X-CSRF-Token": this.csrf };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const response = await fetch(apiBase + path, {
        method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) {
        throw Object.assign(new Error(data.error?.message || "HTTP " + response.status),
          { status: response.status, code: data.error?.code });
      }
      return data;
    },
    mode: "local",
    user: null,
    async load() {
      const session = await this.call("GET", "session");
      this.csrf = session.csrf;
      this.version = reloadedInto || session.version;  // the session may come from another instance
      this.mode = session.mode;
      this.user = session.user;
      if (!this.user) return;  // users mode, nobody logged in: progress stays in this browser
      const { marks } = await this.call("GET", "marks");
      for (const [id, mark] of Object.entries(marks)) this.marks.set(id, mark);
    },
  };
  // Progress goes to the server: served, and a learner (local, or logged in).
  const online = () => Boolean(server && server.user);

  // A time as the terminal says it (util::describe_when), in the reader's
  // locale: "today 09:00", "tomorrow 09:00", "Fri 09:00", "Fri 12 Dec", "3 Mar 2027";
  // "yesterday 14:02" and the like for the past.
  function describeWhen(iso, now = new Date()) {
    const t = new Date(iso);
    const day = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    const days = Math.round((day(t) - day(now)) / 86400000);
    const time = t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (days === 0) return say("when.today", { time });
    if (days === 1) return say("when.tomorrow", { time });
    if (days === -1) return say("when.yesterday", { time });
    if (Math.abs(days) < 7) return say("when.this_week", { weekday: t.toLocaleDateString([], { weekday: "short" }), time });
    return t.toLocaleDateString([], t.getFullYear() === now.getFullYear()
      ? { weekday: "short", day: "numeric", month: "short" } : { day: "numeric", month: "short", year: "numeric" });
  }

  // A line at the bottom of the window for what the server said.
  function notify(text) {
    let box = $(".server-status");
    if (!box) {
      box = document.createElement("div");
      box.className = "server-status";
      box.setAttribute("role", "status");
      document.body.append(box);
    }
    box.textContent = text;
    box.hidden = !text;
    clearTimeout(notify.timer);
    if (text) notify.timer = setTimeout(() => { box.hidden = true; }, 5000);
  }

  const markOf = (id) => (online() ? server.marks.get(id) || null : store.get("mark:" + id));
  function setMark(id, mark) {
    if (!online()) { store.set("mark:" + id, mark); return; }
    const before = server.marks.get(id) || null;
    if (mark) server.marks.set(id, mark); else server.marks.delete(id);
    server.call("PUT", "marks/" + id, { mark }).then(() => notify(""), (e) => {
      if (before) server.marks.set(id, before); else server.marks.delete(id);
      for (const q of questions()) if (q.dataset.id === id) applyMark(q);
      updateProgress();
      notify(say("server.not_saved", { reason: e.message }));
    });
  }

  // ---- theme -------------------------------------------------------------
  function currentTheme() {
    return document.documentElement.dataset.theme ||
      (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  }

  function setupTheme() {
    const button = $(".theme-toggle");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const next = currentTheme() === "dark" ? "light" : "dark";
      document.documentElement.dataset.theme = next;
      store.set("theme", next);
      redrawDiagrams();
    });
  }

  // ---- diagrams ------------------------------------------------------------
  // On a page with a ```mermaid diagram the site's mermaid.js runs just before
  // this script; it draws each <pre class="mermaid"> in the page's light or
  // dark. Without it the diagram's source stays readable as text. A diagram in
  // a closed answer is drawn when the answer opens: mermaid measures the text
  // it lays out, and hidden text has no size.
  const diagramSources = new Map();

  function mermaidReady() {
    return typeof window.mermaid === "object" && window.mermaid !== null && typeof window.mermaid.run === "function";
  }

  function drawDiagrams(root) {
    const nodes = $$("pre.mermaid:not([data-processed])", root).filter((p) => p.getClientRects().length > 0);
    if (!nodes.length) return;
    for (const p of nodes) if (!diagramSources.has(p)) diagramSources.set(p, p.textContent);
    window.mermaid.run({ nodes }).catch((e) => notify(say("diagram.failed", { reason: e.message })));
  }

  function initializeMermaid() {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: currentTheme() === "dark" ? "dark" : "default" });
  }

  function setupDiagrams() {
    if (!$("pre.mermaid") || !mermaidReady()) return;
    initializeMermaid();
    drawDiagrams(document);
    for (const d of $$("details")) d.addEventListener("toggle", () => { if (d.open) drawDiagrams(d); });
  }

  function redrawDiagrams() {
    if (!diagramSources.size || !mermaidReady()) return;
    initializeMermaid();
    for (const [p, source] of diagramSources) {
      p.removeAttribute("data-processed");
      p.textContent = source;
    }
    drawDiagrams(document);
  }

  // ---- marks and progress ---------------------------------------------------
  function applyMark(q) {
    const mark = markOf(q.dataset.id);
    if (mark) q.dataset.mark = mark; else delete q.dataset.mark;
    for (const b of $$(".q-marks button", q)) b.setAttribute("aria-pressed", String(b.dataset.mark === mark));
  }

  function updateProgress() {
    const all = questions();
    const known = all.filter((q) => markOf(q.dataset.id) === "knew").length;
    const bar = $(".toolbar .progress-bar");
    if (bar) {
      bar.style.width = all.length ? (100 * known / all.length).toFixed(1) + "%" : "0%";
      $(".toolbar .progress-text").textContent = say("progress.known", { known, total: all.length });
    }
  }

  // ---- self-check: a guide's questions as a quiz graded by the learner ---------
  // page.html#self-check turns a guide without a quiz into one: every answer
  // hidden, Knew it / Review become the self-grade, and a score and level at the end.
  const selfCheck = location.hash === "#self-check" ? $("main[data-self-check-available]") : null;

  function gradeSelf(q, knew) {
    setMark(q.dataset.id, knew ? "knew" : "review");
    applyMark(q);
    const marks = $(".q-marks", q);
    for (const b of $$("button", marks)) b.disabled = true;
    const feedback = document.createElement("div");
    feedback.className = "quiz-feedback " + (knew ? "is-correct" : "is-wrong");
    feedback.setAttribute("role", "status");
    feedback.textContent = say(knew ? "mark.known" : "mark.review");
    if (!knew) {
      const study = document.createElement("a");
      study.href = "#" + q.id;  // leaves the self-check for the guide, opened at this question
      study.className = "quiz-study";
      study.textContent = say("answer.study");
      feedback.append(" ", study);
    }
    marks.after(feedback);
    quizState.set(q.id, { correct: knew, level: q.dataset.level || "", section: q.dataset.section || "" });
    updateIntro();
    updateResults();
  }

  function setupSelfCheck() {
    const title = $("h1", selfCheck);
    if (title) title.textContent = say("self.title", { title: title.textContent });
    document.title = say("self.title", { title: document.title });
    $("[data-quiz-intro]", selfCheck).hidden = false;
    $(".toolbar")?.remove();  // no Expand all in a quiz
    $(".related-quiz")?.remove();
    for (const q of questions()) {
      q.open = false;  // a quiz starts with every answer hidden, ???+ or not
      const marks = $(".q-marks", q);
      if (!marks) continue;
      marks.hidden = false;
      const prompt = document.createElement("span");
      prompt.textContent = say("self.ask");
      marks.prepend(prompt, " ");
      for (const b of $$("button", marks)) {
        b.textContent = say(b.dataset.mark === "knew" ? "self.knew" : "self.did_not");
        b.addEventListener("click", () => gradeSelf(q, b.dataset.mark === "knew"));
      }
    }
  }

  function setupMarks() {
    if (selfCheck) { setupSelfCheck(); return; }
    for (const q of questions()) {
      const marks = $(".q-marks", q);
      if (marks) marks.hidden = false;
      applyMark(q);
      for (const b of $$(".q-marks button", q)) {
        b.addEventListener("click", () => {
          const current = markOf(q.dataset.id);
          setMark(q.dataset.id, current === b.dataset.mark ? null : b.dataset.mark);
          applyMark(q);
          updateProgress();
          applyFilters();
        });
      }
    }
    updateProgress();
  }

  // ---- toolbar: expand, collapse, level filter, hide what I know ------------
  function applyFilters() {
    const toolbar = $(".toolbar");
    if (!toolbar) return;
    const levels = new Set($$("input[name=level]", toolbar).filter((i) => i.checked).map((i) => i.value));
    const hideKnown = $("[data-action=hide-known]", toolbar)?.checked;
    for (const q of questions()) {
      const level = q.dataset.level;
      const levelHidden = level !== "unspecified" && !levels.has(level);
      const knownHidden = hideKnown && markOf(q.dataset.id) === "knew";
      q.classList.toggle("is-filtered", Boolean(levelHidden || knownHidden));
    }
  }

  function setupToolbar() {
    const toolbar = $(".toolbar");
    if (!toolbar) return;
    toolbar.hidden = false;
    $("[data-action=expand]", toolbar).addEventListener("click", () => visibleQuestions().forEach((q) => { q.open = true; }));
    $("[data-action=collapse]", toolbar).addEventListener("click", () => questions().forEach((q) => { q.open = false; }));
    for (const input of $$("input[name=level], [data-action=hide-known]", toolbar)) {
      input.addEventListener("change", applyFilters);
    }
    applyFilters();
  }

  // ---- keyboard -------------------------------------------------------------
  let current = -1;
  function focusQuestion(index) {
    const list = visibleQuestions();
    if (!list.length) return;
    current = Math.max(0, Math.min(list.length - 1, index));
    for (const q of questions()) q.classList.remove("is-current");
    const q = list[current];
    q.classList.add("is-current");
    $("summary", q).focus({ preventScroll: true });
    q.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function showKeys() {
    if ($(".keys-help")) { $(".keys-help").remove(); return; }
    const help = document.createElement("div");
    help.className = "keys-help";
    help.setAttribute("role", "dialog");
    help.setAttribute("aria-label", say("keys.title"));
    const box = document.createElement("div");
    const heading = document.createElement("h2");
    heading.textContent = say("keys.heading");
    box.append(heading);
    const kbd = (text) => { const k = document.createElement("kbd"); k.textContent = text; return k; };
    for (const [key, names] of [["keys.move", { j: "j", k: "k" }], ["keys.reveal", { space: "Space", enter: "Enter" }],
      ["keys.expand", { e: "e" }], ["keys.search", { slash: "/" }], ["keys.help", { question: "?", escape: "Esc" }]]) {
      const line = document.createElement("p");
      line.append(...sayWith(key, Object.fromEntries(Object.entries(names).map(([n, t]) => [n, kbd(t)]))));
      box.append(line);
    }
    help.append(box);
    help.addEventListener("click", () => help.remove());
    document.body.append(help);
  }

  function setupKeys() {
    document.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target;
      const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target?.isContentEditable;
      if (event.key === "Escape") {
        $(".keys-help")?.remove();
        if (target?.id === "search-input") closeSearch();
        return;
      }
      if (typing) return;
      if (event.key === "j") { focusQuestion(current + 1); event.preventDefault(); }
      else if (event.key === "k") { focusQuestion(current - 1); event.preventDefault(); }
      else if (event.key === "e") { $("[data-action=expand]")?.click(); }
      else if (event.key === "/") { const s = $("#search-input"); if (s) { s.focus(); event.preventDefault(); } }
      else if (event.key === "?") { showKeys(); }
    });
  }

  // ---- search ---------------------------------------------------------------
  const root = (() => {
    const link = $(".site-name");
    return link ? link.getAttribute("href").replace(/index\.html$/, "") : "";
  })();
  const normalize = (s) => s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");

  function closeSearch() {
    const results = $("#search-results");
    if (results) { results.hidden = true; results.textContent = ""; }
  }

  // `text` folded as search compares it, with where each folded character
  // came from, so matches found in the folded text are marked in the original.
  function folded(text) {
    let out = "";
    const from = [];
    for (let i = 0; i < text.length; i++) {
      const f = normalize(text[i]);
      for (let k = 0; k < f.length; k++) from.push(i);
      out += f;
    }
    from.push(text.length);
    return { text: out, from };
  }

  // Title matches first: every word in the title, then the most words there.
  function search(query) {
    // An element a guide gave id="PREPDECK_INDEX" is a window property too: only an array is the index.
    const index = Array.isArray(window.PREPDECK_INDEX) ? window.PREPDECK_INDEX : [];
    const words = normalize(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    const scored = [];
    for (const entry of index) {
      if (!entry._t) { entry._t = normalize(entry.t); entry._x = normalize(entry.x || ""); }
      let inTitle = 0;
      let all = true;
      for (const w of words) {
        if (entry._t.includes(w)) inTitle++;
        else if (!entry._x.includes(w)) { all = false; break; }
      }
      if (all) scored.push([(inTitle === words.length ? 1000 : 0) + inTitle, entry]);
    }
    scored.sort((a, b) => b[0] - a[0]);
    return scored.slice(0, 20).map((s) => s[1]);
  }

  // `text` with every match of `words` in a <mark>, built as nodes (never HTML).
  function highlighted(text, words) {
    const f = folded(text);
    const ranges = [];
    for (const w of words) {
      for (let at = f.text.indexOf(w); at >= 0; at = f.text.indexOf(w, at + w.length)) {
        ranges.push([f.from[at], f.from[at + w.length - 1] + 1]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const out = document.createDocumentFragment();
    let copied = 0;
    for (const [start, end] of ranges) {
      if (end <= copied) continue;
      const from = Math.max(start, copied);
      out.append(text.slice(copied, from));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(from, end);
      out.append(mark);
      copied = end;
    }
    out.append(text.slice(copied));
    return out;
  }

  // A piece of the entry's text around its first match.
  function snippet(entry, words) {
    const text = entry.x || "";
    const f = folded(text);
    let at = -1;
    for (const w of words) { at = f.text.indexOf(w); if (at >= 0) break; }
    if (at < 0) return text.length > 120 ? text.slice(0, 120) + "…" : text;
    const start = Math.max(0, f.from[at] - 40);
    const end = start + 140;
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  // The index is loaded when the learner first uses the search box, so a page
  // view never pays for the whole site's text. A <script>, not fetch(): the
  // site must work from file://.
  let indexLoading = null;
  function loadIndex() {
    if (!indexLoading) {
      indexLoading = new Promise((resolve) => {
        if (Array.isArray(window.PREPDECK_INDEX)) { resolve(); return; }
        const script = document.createElement("script");
        script.src = root + "assets/search-index.js";
        script.onload = () => resolve();
        script.onerror = () => resolve();
        document.head.append(script);
      });
    }
    return indexLoading;
  }

  function setupSearch() {
    const input = $("#search-input");
    const results = $("#search-results");
    if (!input || !results) return;
    input.hidden = false;
    input.addEventListener("focus", loadIndex);
    input.addEventListener("input", async () => {
      await loadIndex();
      const found = search(input.value);
      results.textContent = "";
      if (!input.value.trim()) { results.hidden = true; return; }
      const words = normalize(input.value).split(/\s+/).filter(Boolean);
      if (!found.length) {
        const none = document.createElement("p");
        none.style.padding = ".5rem .8rem";
        none.textContent = input.dataset.none || say("search.none", { query: input.value });
        results.append(none);
      }
      for (const entry of found) {
        const a = document.createElement("a");
        a.href = root + entry.u;
        const title = document.createElement("span");
        title.append(highlighted(entry.t, words));
        const where = document.createElement("small");
        where.textContent = entry.g + (entry.l && entry.l !== "unspecified" ? " · " + entry.l : "");
        const text = document.createElement("small");
        text.append(highlighted(snippet(entry, words), words));
        a.append(title, where, text);
        results.append(a);
      }
      results.hidden = false;
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { const first = $("a", results); if (first) location.href = first.href; }
    });
    document.addEventListener("click", (event) => { if (!event.target.closest(".search")) closeSearch(); });
  }

  // Opening a question from a link (search result, permalink) reveals it.
  function revealTarget() {
    if (!location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target instanceof HTMLDetailsElement) { target.open = true; target.classList.remove("is-filtered"); }
  }

  // ---- quizzes ----------------------------------------------------------------
  const quizState = new Map();  // form id -> {correct, level, section}
  const quizAnswers = new Map();  // form id -> {item, answer}: what the server scores
  let attemptSaved = false;

  function answerOf(form) {
    if (form.dataset.kind === "fill") return $$(".quiz-blank", form).map((b) => b.value);
    return $$("input:checked", form).map((i) => Number(i.value));
  }

  // The item as web/scoring.js takes it, read from the form the build wrote
  // (only valid items become forms: the others are reported by `check`).
  function itemOf(form) {
    const options = [];
    for (const input of $$(".quiz-option input", form)) options[Number(input.value)] = { correct: input.hasAttribute("data-correct") };
    return { kind: form.dataset.kind, options, blanks: $$(".quiz-blank", form).map((b) => b.dataset.answer), valid: true };
  }

  function scoreForm(form) {
    const answer = answerOf(form);
    const given = form.dataset.kind === "fill" ? { blanks: answer } : { chosen: answer };
    return scoring.scoreItem(itemOf(form), given);
  }

  // A finished quiz is sent to the server, which scores it again itself: the
  // level it records (and shows beside comments) is its own, not the page's.
  function saveAttempt(panel) {
    if (!online() || attemptSaved || selfCheck) return;
    attemptSaved = true;
    const note = document.createElement("p");
    note.className = "attempt-saved";
    note.textContent = say("quiz.saving");
    panel.append(note);
    const responses = [...quizAnswers.values()];
    server.call("POST", "quiz-attempts", { quiz: $("main").dataset.guide, responses, started: startedAt }).then(
      (saved) => { note.textContent = say("quiz.saved", { level: capital(saved.verdict) }); },
      (e) => { note.textContent = say("server.not_saved", { reason: e.message }); attemptSaved = false; });
  }
  const startedAt = new Date().toISOString();

  function finishQuiz(form, correct) {
    const feedback = $(".quiz-feedback", form);
    feedback.hidden = false;
    feedback.className = "quiz-feedback " + (correct ? "is-correct" : "is-wrong");
    feedback.textContent = say(correct ? "answer.right" : "answer.wrong");
    const explanation = $(".quiz-explanation", form);
    if (explanation) explanation.hidden = false;
    if (!correct) {
      const right = $$("input[data-correct]", form).map((i) => i.closest("label").textContent.trim());
      // "The answer: {answer}." without a second full stop after an option that ends in one.
      const theAnswer = (list) => say("answer.is", { answer: list.join("; ").replace(/\.$/, "") });
      if (right.length) feedback.textContent += " " + theAnswer(right);
      const blanks = $$(".quiz-blank", form).map((i) => i.dataset.answer);
      if (blanks.length) feedback.textContent += " " + theAnswer(blanks);
      if (form.dataset.study) {
        const study = document.createElement("a");
        study.href = form.dataset.study;
        study.className = "quiz-study";
        study.textContent = say("answer.study");
        feedback.append(" ", study);
      }
    }
    quizAnswers.set(form.id, { item: form.dataset.id, answer: answerOf(form) });
    for (const input of $$("input, button.quiz-submit", form)) input.disabled = true;
    quizState.set(form.id, { correct, level: form.dataset.level || "", section: form.dataset.section || "" });
    updateIntro();
    updateResults();
  }

  function markOptions(form) {
    for (const label of $$(".quiz-option", form)) {
      const input = $("input", label);
      const right = input.hasAttribute("data-correct");
      label.classList.toggle("is-correct", right);
      label.classList.toggle("is-wrong", input.checked && !right);
      const fb = $(`.quiz-option-feedback[data-for="${input.value}"]`, form);
      if (fb && input.checked) fb.hidden = false;
    }
  }

  // Options in a random order (front matter or mkdocs.yml shuffle_answers);
  // each option keeps its feedback beside it.
  function shuffleOptions(form) {
    const fieldset = $(".quiz-options", form);
    if (!fieldset) return;
    const groups = $$(":scope > .quiz-option", fieldset).map((label) => {
      const next = label.nextElementSibling;
      return [label, next && next.matches(".quiz-option-feedback") ? next : null];
    });
    for (let i = groups.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [groups[i], groups[j]] = [groups[j], groups[i]];
    }
    for (const [label, feedback] of groups) { fieldset.append(label); if (feedback) fieldset.append(feedback); }
  }

  function setupQuiz(form) {
    const kind = form.dataset.kind;
    if (document.querySelector("main[data-shuffle]")) shuffleOptions(form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (kind === "single") return;
      const result = scoreForm(form);
      if (kind === "multiple") markOptions(form);
      $$(".quiz-blank", form).forEach((blank, i) => {
        blank.classList.toggle("is-correct", result.blanksRight[i]);
        blank.classList.toggle("is-wrong", !result.blanksRight[i]);
      });
      finishQuiz(form, result.correct);
    });
    if (kind === "single") {
      for (const input of $$("input[type=radio]", form)) {
        input.addEventListener("change", () => {
          markOptions(form);
          finishQuiz(form, scoreForm(form).correct);
        });
      }
    }
  }

  // mkdocs-quiz's intro placeholder: how far the learner is, and a way to start over.
  function updateIntro() {
    const intro = $("[data-quiz-intro]");
    if (!intro) return;
    let status = $(".quiz-progress", intro);
    if (!status) {
      status = document.createElement("p");
      status.className = "quiz-progress";
      status.setAttribute("aria-live", "polite");
      const reset = document.createElement("button");
      reset.type = "button";
      reset.className = "quiz-reset";
      reset.textContent = say("quiz.start_over");
      reset.addEventListener("click", () => location.reload());
      intro.append(status, reset);
    }
    status.textContent = say("quiz.answered", { answered: quizState.size, items: scoredItems().length });
  }

  // Scoring and the verdict: web/scoring.js, with the thresholds the build
  // wrote into the page (engine::verdict_rules_json()).
  const scoring = globalThis.prepdeckScoring;
  const capital = (word) => word.charAt(0).toUpperCase() + word.slice(1);
  const verdict = (states) => capital(scoring.verdict(states, scoring.pageRules(document)));

  // What the results count: the quiz items, or on a self-check the questions.
  const scoredItems = () => (selfCheck ? questions() : $$("form.quiz"));

  function updateResults() {
    const forms = scoredItems();
    const panel = $("[data-quiz-results]") || $("[data-quiz-summary]");
    if (!panel || !forms.length) return;
    const states = forms.map((f) => quizState.get(f.id)).filter(Boolean);
    if (states.length < forms.length) return;
    const right = states.filter((s) => s.correct).length;
    const sections = new Map();
    for (const s of states) {
      if (!s.section) continue;
      const v = sections.get(s.section) || [0, 0];
      v[1]++; if (s.correct) v[0]++;
      sections.set(s.section, v);
    }
    panel.hidden = false;
    panel.textContent = "";
    const h = document.createElement("h2");
    h.textContent = say("quiz.result");
    const score = document.createElement("p");
    score.textContent = say("score.line", { score: scoring.scoreWords(right, states.length) });
    const level = document.createElement("p");
    level.className = "verdict";
    level.textContent = say("level.line", { level: verdict(states) });
    panel.append(h, score, level);
    if (sections.size > 1) {
      const list = document.createElement("ul");
      for (const [name, [r, t]] of sections) {
        const li = document.createElement("li");
        li.textContent = say(r / t >= 0.7 ? "quiz.strength" : "quiz.to_review", { section: name, right: r, items: t });
        list.append(li);
      }
      panel.append(list);
    }
    const retake = document.createElement("button");
    retake.type = "button";
    retake.className = "quiz-retake";
    retake.textContent = say("quiz.retake");
    retake.addEventListener("click", () => location.reload());
    panel.append(retake);
    saveAttempt(panel);
  }

  // ---- tabs, printing, home page ------------------------------------------------
  function setupTabs() {
    $$(".tabbed-set").forEach((set, n) => {
      const blocks = $$(":scope > .tabbed-block", set);
      const labels = document.createElement("div");
      labels.className = "tabbed-labels";
      labels.setAttribute("role", "tablist");
      blocks.forEach((block, i) => {
        const button = document.createElement("button");
        button.type = "button";
        button.setAttribute("role", "tab");
        button.id = `tab-${n}-${i}`;
        button.textContent = $(".tabbed-label", block).textContent;
        block.setAttribute("role", "tabpanel");
        block.setAttribute("aria-labelledby", button.id);
        button.addEventListener("click", () => {
          blocks.forEach((b, k) => { b.hidden = k !== i; });
          $$("button", labels).forEach((b, k) => b.setAttribute("aria-selected", String(k === i)));
        });
        labels.append(button);
      });
      set.prepend(labels);
      set.classList.add("is-tabs");
      $("button", labels)?.click();
    });
  }

  function setupPrint() {
    let opened = [];
    addEventListener("beforeprint", () => {
      opened = questions().filter((q) => !q.open);
      opened.forEach((q) => { q.open = true; });
    });
    addEventListener("afterprint", () => { opened.forEach((q) => { q.open = false; }); opened = []; });
  }

  function setupHome() {
    for (const card of $$(".guide-card")) {
      const total = Number(card.dataset.questions);
      const prefix = "prepdeck:mark:" + card.dataset.guide + "/";
      let known = 0;
      if (online()) {
        const guide = card.dataset.guide + "/";
        for (const [id, mark] of server.marks) if (id.startsWith(guide) && mark === "knew") known++;
      } else {
        try {
          for (let i = 0; i < localStorage.length; i++) {
            const key = localStorage.key(i);
            if (key.startsWith(prefix) && localStorage.getItem(key) === "knew") known++;
          }
        } catch (e) { /* no storage */ }
      }
      const progress = $(".progress", card);
      if (!progress || !total) continue;
      progress.hidden = false;
      $(".progress-bar", progress).style.width = (100 * known / total).toFixed(1) + "%";
      $(".progress-text", progress).textContent = say("progress.known", { known, total });
    }
  }

  // ---- live reload: a guide changed on the server ----------------------------
  // Told of a new version by one instance, the page asks for itself in that
  // version (?v=): behind a load balancer, an instance that has not seen the
  // change yet waits for it instead of answering with the old page. The
  // address is put back and the reader stays where they were.
  const reloadScrollKey = "prepdeck-reload-scroll";
  async function watchReload() {
    for (;;) {
      try {
        const { version } = await server.call("GET", "reload?since=" + server.version);
        if (version !== server.version) {
          try {
            sessionStorage.setItem(reloadScrollKey, JSON.stringify({ path: location.pathname, y: scrollY }));
          } catch (e) { /* no storage: the page opens at its top */ }
          const url = new URL(location.href);
          url.searchParams.set("v", version);
          location.replace(url);
          return;
        }
      } catch (e) {
        await new Promise((resolve) => setTimeout(resolve, 3000));  // the server restarts: ask again
      }
    }
  }

  // ---- the Review page: the server's FSRS queue, the terminal's keys -----------
  const pageCache = new Map();
  // The element at url ("/quiz/git.html#quiz-x") of another page of the site, parsed once per page.
  async function elementAt(url) {
    const [page, anchor] = url.split("#");
    if (!pageCache.has(page)) {
      pageCache.set(page, fetch(page).then((r) => r.text()).then((t) => new DOMParser().parseFromString(t, "text/html")));
    }
    return (await pageCache.get(page)).getElementById(anchor);
  }
  async function answerHtml(card) {
    // A copy: the cached page keeps its answer for the next time this card comes up.
    const body = (await elementAt(card.url))?.querySelector(".q-body")?.cloneNode(true);
    if (!body) return null;
    body.querySelector(".permalink")?.remove();
    body.querySelector(".q-marks")?.remove();
    return body;
  }

  function setupReview(main) {
    const view = {
      counts: $(".review-counts", main), card: $(".review-card", main), place: $(".review-place", main),
      title: $(".review-title", main), hint: $(".review-hint", main), show: $(".review-show", main),
      answer: $(".review-answer", main), grades: $(".review-grades", main), empty: $(".review-empty", main),
      undo: $(".review-undo", main), last: $(".review-last", main),
    };
    const guide = new URLSearchParams(location.search).get("guide") || "";
    const query = guide ? "?guide=" + encodeURIComponent(guide) : "";
    let current = null;
    let shownAt = 0;
    let revealed = false;
    let busy = false;
    const done = [];

    function show(queue) {
      view.counts.textContent = say("review.counts", { due: queue.due, new: queue.new });
      current = queue.card;
      revealed = false;
      view.answer.hidden = true;
      view.answer.textContent = "";
      view.grades.hidden = true;
      view.undo.hidden = done.length === 0;
      if (!current) {
        view.card.hidden = true;
        view.empty.hidden = false;
        view.empty.textContent = queue.next_due
          ? say("review.next_due", { when: describeWhen(queue.next_due) })
          : say(queue.total ? "review.done_today" : "review.no_questions");
        return;
      }
      view.empty.hidden = true;
      view.card.hidden = false;
      view.place.textContent = current.guide_title + (current.section ? " › " + current.section : "");
      const badge = document.createElement("span");
      badge.className = "badge badge-" + current.level;
      badge.textContent = current.level === "unspecified" ? "" : current.level[0].toUpperCase() + current.level.slice(1);
      if (badge.textContent) view.place.append(" ", badge);
      view.title.textContent = (current.number ? current.number + ". " : "") + current.title;
      view.hint.textContent = current.hint ? "🧠 " + current.hint : "";
      view.hint.hidden = !current.hint;
      view.show.hidden = false;
      view.show.focus();
      shownAt = performance.now();
      $$("button", view.grades).forEach((b, i) => { $(".interval", b).textContent = current.intervals[i]; });
    }

    async function reveal() {
      if (!current || revealed) return;
      revealed = true;
      view.show.hidden = true;
      notify("");  // "Show the answer first" is answered
      tellReveal(current.id);
      const body = await answerHtml(current);
      view.answer.textContent = "";
      if (body) view.answer.append(...body.childNodes); else view.answer.textContent = say("review.answer_elsewhere");
      const link = document.createElement("a");
      link.href = current.url;
      link.className = "review-source";
      link.textContent = say("review.open_in_guide");
      view.answer.append(link);
      view.answer.hidden = false;
      view.grades.hidden = false;
      // As in Anki: a second Space or Enter grades Good, so focus sits there, never on Again.
      $("button[data-rating='3']", view.grades)?.focus();
    }

    async function grade(rating) {
      if (!current || !revealed || busy) return;
      busy = true;
      try {
        const result = await server.call("POST", "reviews" + query,
          { card: current.id, rating, duration_ms: Math.round(performance.now() - shownAt), previewed: current.previewed });
        done.push(result.review.id);
        view.last.textContent = say("grade.next", { grade: say("grade." + rating), interval: result.review.interval });
        show(result);
      } catch (e) { notify(say("server.not_saved", { reason: e.message })); } finally { busy = false; }
    }

    async function undo() {
      if (!done.length || busy) return;
      busy = true;
      try {
        await server.call("POST", `reviews/${done.pop()}/undo`, {});
        view.last.textContent = say("review.undone");
        show(await server.call("GET", "review/queue" + query));
      } catch (e) { notify(say("server.not_undone", { reason: e.message })); } finally { busy = false; }
    }

    view.show.addEventListener("click", reveal);
    $$("button", view.grades).forEach((b) => b.addEventListener("click", () => grade(Number(b.dataset.rating))));
    view.undo.addEventListener("click", undo);
    document.addEventListener("keydown", (event) => {
      if (event.target.matches?.("input, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === " " || event.key === "Enter") {
        // Space or Enter shows the answer, then grades Good (Anki's keys); on a
        // link or the Undo button they do what they do there.
        if (event.target.closest?.("a, .review-undo") || !current) return;
        event.preventDefault();
        if (!revealed) reveal(); else grade(3);
      } else if (event.key >= "1" && event.key <= "4") {
        event.preventDefault();
        if (revealed) grade(Number(event.key)); else notify(say("review.show_first"));
      } else if (event.key === "u") {
        undo();
      }
    });
    server.call("GET", "review/queue" + query).then(show, (e) => { view.empty.hidden = false; view.empty.textContent = e.message; });
  }

  // ---- the Level test page: the server's adaptive placement -------------------
  function setupLevelTest(main) {
    const view = {
      intro: $(".level-intro", main), start: $(".level-start", main), item: $(".level-item", main),
      progress: $(".level-progress", main), body: $(".level-body", main), feedback: $(".level-feedback", main),
      next: $(".level-next", main), stop: $(".level-stop", main), result: $(".level-result", main),
    };
    const scope = new URLSearchParams(location.search).get("scope") || "";
    let test = null;
    let current = null;
    let pending = null;
    let busy = false;

    function showResult(result) {
      view.intro.hidden = true;
      view.item.hidden = true;
      view.result.hidden = false;
      view.result.textContent = "";
      const h = document.createElement("h2");
      const p = document.createElement("p");
      if (!result) {
        h.textContent = say("level.none");
        view.result.append(h);
      } else {
        // The result in words, as the terminal gives it (engine::level_words).
        const words = result.words || {};
        h.textContent = say("level.line", { level: words.level || capital(result.verdict) });
        h.className = "verdict";
        p.textContent = (words.detail ? words.detail + " " : "") + say("level.saved");
        view.result.append(h, p);
        if (words.note) {
          const note = document.createElement("p");
          note.className = "level-note";
          note.textContent = words.note;
          view.result.append(note);
        }
        const scale = document.createElement("p");
        scale.className = "level-scale";
        scale.textContent = words.scale ? words.scale + "."
          : `θ = ${result.theta.toFixed(2)} ± ${result.standard_error.toFixed(2)}.`;
        view.result.append(scale);
        const sections = [...result.sections].sort((a, b) => b.theta - a.theta);
        const shares = new Set(sections.map((s) => s.right / s.items));
        if (sections.length >= 2) {
          const list = document.createElement("ul");
          for (const s of sections) {
            const li = document.createElement("li");
            li.textContent = say("level.section", { section: s.section, right: s.right, items: s.items });
            list.append(li);
          }
          // Strongest and weakest only when the topics went differently.
          if (shares.size > 1) {
            const strong = document.createElement("p");
            strong.textContent = say("level.strongest_weakest", { strongest: sections[0].section, weakest: sections.at(-1).section });
            view.result.append(strong);
          }
          view.result.append(list);
        }
      }
      const again = document.createElement("button");
      again.type = "button";
      again.className = "level-start";
      again.textContent = say("level.again");
      again.addEventListener("click", () => location.reload());
      view.result.append(again);
    }

    async function send(payload) {
      if (busy) return;
      busy = true;
      try {
        const r = await server.call("POST", `level-tests/${test}/answers`, { item: current.id, ...payload });
        for (const control of $$("input, button", view.body)) control.disabled = true;
        view.feedback.textContent = current.kind === "quiz"
          ? say(r.answered.correct ? "answer.right" : "answer.wrong")
          : say(r.answered.correct ? "level.knew" : "level.did_not_know");
        view.feedback.className = "level-feedback " + (r.answered.correct ? "is-correct" : "is-wrong");
        pending = r.done ? { result: r.result } : { item: r.item };
        view.next.textContent = say(r.done ? "level.see" : "level.next");
        view.next.hidden = false;
        view.next.focus();
      } catch (e) { notify(say("server.not_saved", { reason: e.message })); } finally { busy = false; }
    }

    async function showItem(item) {
      // The page it comes from is read first, so the question shown and the
      // progress line above it change together (never a half-drawn question).
      const source = await elementAt(item.url);
      current = item;
      pending = null;
      view.next.hidden = true;
      view.feedback.textContent = "";
      view.feedback.className = "level-feedback";
      view.progress.textContent = say("level.question", { number: item.number, max: item.max_items, topic: item.topic });
      view.progress.dataset.item = item.id;
      view.body.textContent = "";
      if (item.kind === "quiz") {
        const form = document.createElement("form");
        form.className = "quiz level-quiz";
        const stem = source?.querySelector(".quiz-question");
        if (stem) form.append(stem.cloneNode(true));
        const options = source?.querySelector(".quiz-options");
        if (options) {
          const copy = options.cloneNode(true);
          for (const input of $$("input", copy)) { input.name = "level-answer"; input.removeAttribute("data-correct"); }
          form.append(copy);
        }
        for (const blank of $$(".quiz-blank", form)) { blank.removeAttribute("data-answer"); blank.value = ""; }
        const submit = document.createElement("button");
        submit.type = "submit";
        submit.className = "quiz-submit";
        submit.textContent = say("answer.submit");
        form.append(submit);
        const answerNow = () => send({
          answer: item.quiz_kind === "fill"
            ? $$(".quiz-blank", form).map((b) => b.value)
            : $$("input:checked", form).map((i) => Number(i.value)),
        });
        form.addEventListener("submit", (event) => { event.preventDefault(); answerNow(); });
        if (item.quiz_kind === "single") {
          // As on a quiz page: a single-answer item is checked as soon as it is chosen.
          submit.remove();
          for (const input of $$("input[type=radio]", form)) input.addEventListener("change", answerNow);
        }
        view.body.append(form);
        $("input", form)?.focus();
      } else {
        const title = document.createElement("h2");
        title.textContent = (item.question_number ? item.question_number + ". " : "") + item.title;
        view.body.append(title);
        if (item.hint) {
          const hint = document.createElement("p");
          hint.className = "review-hint";
          hint.textContent = "🧠 " + item.hint;
          view.body.append(hint);
        }
        const show = document.createElement("button");
        show.type = "button";
        show.className = "review-show";
        show.textContent = say("answer.show");
        show.addEventListener("click", () => {
          show.remove();
          tellReveal(item.id);
          const answer = document.createElement("div");
          answer.className = "review-answer";
          const body = source?.querySelector(".q-body");
          if (body) {
            const copy = body.cloneNode(true);
            copy.querySelector(".permalink")?.remove();
            copy.querySelector(".q-marks")?.remove();
            answer.append(...copy.childNodes);
          }
          // The four grades of review (Hard, Good and Easy are passes), as the terminal asks.
          const grades = document.createElement("p");
          grades.className = "review-grades";
          grades.setAttribute("role", "group");
          grades.setAttribute("aria-label", say("grade.ask"));
          [1, 2, 3, 4].map((n) => say("grade." + n)).forEach((label, i) => {
            const b = document.createElement("button");
            b.type = "button";
            b.dataset.rating = String(i + 1);
            b.className = "grade-" + label.toLowerCase();
            const key = document.createElement("kbd");
            key.textContent = String(i + 1);
            b.append(key, " " + label);
            b.addEventListener("click", () => send({ rating: i + 1 }));
            grades.append(b);
          });
          view.body.append(answer, grades);
          $("button[data-rating='3']", grades).focus();  // as on the Review page: never on Again
        });
        view.body.append(show);
        show.focus();
      }
    }

    view.start.addEventListener("click", async () => {
      try {
        const r = await server.call("POST", "level-tests", scope ? { scope } : {});
        test = r.test;
        view.intro.hidden = true;
        view.item.hidden = false;
        await showItem(r.item);
      } catch (e) { notify(e.message); }
    });
    // Keys as on the Review page: 1-4 grade a revealed question (Space and
    // Enter press the focused button: Show the answer, then Good).
    document.addEventListener("keydown", (event) => {
      if (event.target.matches?.("input, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key < "1" || event.key > "4") return;
      const button = $(`.review-grades button[data-rating="${event.key}"]`, view.body);
      if (button && !button.disabled) { event.preventDefault(); button.click(); }
    });
    view.next.addEventListener("click", () => {
      if (pending?.result) showResult(pending.result);
      else if (pending?.item) showItem(pending.item);
    });
    view.stop.addEventListener("click", async () => {
      if (!test) return;
      try { showResult((await server.call("POST", `level-tests/${test}/stop`, {})).result); } catch (e) { notify(e.message); }
    });
  }

  // ---- accounts (serve --users): the header's Log in / Log out, the login page ----
  function setupAccount() {
    const links = $(".app-links");
    if (!links) return;
    if (server.user?.admin) {
      const analytics = document.createElement("a");
      analytics.href = "/analytics.html";
      analytics.textContent = say("account.analytics");
      links.append(" ", analytics);
    }
    if (server.mode !== "users") return;
    const next = encodeURIComponent(location.pathname + location.search);
    if (server.user) {
      const who = document.createElement("span");
      who.className = "account-name";
      who.textContent = server.user.name;
      const out = document.createElement("button");
      out.type = "button";
      out.className = "account-logout";
      out.textContent = say("account.log_out");
      out.addEventListener("click", async () => {
        try { await server.call("POST", "logout", {}); location.reload(); } catch (e) { notify(e.message); }
      });
      links.append(" ", who, " ", out);
    } else {
      const login = document.createElement("a");
      login.href = "/login.html?next=" + next;
      login.textContent = say("account.log_in");
      links.append(" ", login);
    }
  }

  // Where to go after logging in: `next` only when it is a path on this site.
  // Browsers drop tabs and newlines from URLs and read "\" as "/", so
  // "/\evil.example" and "/%09/evil.example" would leave it: one leading "/",
  // no "\", no control character, and the resolved URL's origin must be ours.
  function sameOriginPath(next) {
    if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//")) return "/";
    if (/[\\\u0000-\u001f\u007f]/.test(next)) return "/";
    try {
      const url = new URL(next, location.origin);
      if (url.origin !== location.origin) return "/";
      return url.pathname + url.search + url.hash;
    } catch (e) {
      return "/";
    }
  }

  function setupLogin(main) {
    const form = $("form.login-form", main);
    const status = $(".login-status", main);
    const target = sameOriginPath(new URLSearchParams(location.search).get("next"));
    if (server.user) status.textContent = say("account.logged_in_as", { name: server.user.name });
    async function submit(route) {
      status.textContent = "";
      try {
        await server.call("POST", route, { name: form.elements.name.value, password: form.elements.password.value });
        location.assign(target);
      } catch (e) { status.textContent = e.message; }
    }
    form.addEventListener("submit", (event) => { event.preventDefault(); submit("login"); });
    $(".login-signup", main).addEventListener("click", () => {
      if (form.reportValidity()) submit("signup");
    });
  }

  // ---- comments: "comment your level", with the author's verified level -------
  // The safe Markdown subset of a comment, built as DOM nodes from text (never
  // parsed as HTML): paragraphs, `code`, **bold** and [links](https://...).
  function commentBody(text) {
    const box = document.createElement("div");
    box.className = "comment-body";
    for (const para of text.split(/\n\s*\n/)) {
      const p = document.createElement("p");
      const pattern = /`([^`\n]+)`|\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g;
      let last = 0;
      for (const m of para.matchAll(pattern)) {
        p.append(para.slice(last, m.index));
        let node;
        if (m[1] !== undefined) { node = document.createElement("code"); node.textContent = m[1]; }
        else if (m[2] !== undefined) { node = document.createElement("strong"); node.textContent = m[2]; }
        else {
          node = document.createElement("a");
          node.textContent = m[3];
          node.href = m[4];
          node.rel = "nofollow noopener noreferrer";
        }
        p.append(node);
        last = m.index + m[0].length;
      }
      p.append(para.slice(last));
      box.append(p);
    }
    return box;
  }

  function setupComments(main) {
    const guide = main.dataset.guide;
    const section = document.createElement("section");
    section.className = "comments";
    section.setAttribute("aria-labelledby", "comments-title");
    const title = document.createElement("h2");
    title.id = "comments-title";
    title.textContent = say("comments.title");
    const chart = document.createElement("img");
    chart.className = "level-chart";
    chart.alt = say("comments.chart");
    chart.width = 360;
    chart.height = 104;
    chart.src = apiBase + "levels.svg?guide=" + encodeURIComponent(guide);
    const list = document.createElement("ol");
    list.className = "comment-list";
    section.append(title, chart, list);
    main.append(section);

    function item(c) {
      const li = document.createElement("li");
      li.className = "comment";
      li.dataset.id = c.id;
      const head = document.createElement("p");
      head.className = "comment-head";
      const name = document.createElement("strong");
      name.textContent = c.user.name;
      head.append(name, " ");
      if (c.level) {
        const badge = document.createElement("span");
        badge.className = "badge badge-" + c.level.verdict;
        badge.textContent = c.level.verdict[0].toUpperCase() + c.level.verdict.slice(1);
        badge.title = say("comments.verified", { source: c.level.source });
        head.append(badge, " ");
      }
      const when = document.createElement("time");
      when.dateTime = c.created;
      when.textContent = describeWhen(c.created) + (c.edited ? " (edited)" : "");
      when.title = new Date(c.created).toLocaleString();
      head.append(when);
      li.append(head, commentBody(c.body));
      const actions = document.createElement("p");
      actions.className = "comment-actions";
      if (c.mine) {
        const edit = document.createElement("button");
        edit.type = "button";
        edit.textContent = say("comments.edit");
        edit.addEventListener("click", () => {
          const area = document.createElement("textarea");
          area.value = c.body;
          area.rows = 4;
          const save = document.createElement("button");
          save.type = "button";
          save.textContent = say("comments.save");
          save.addEventListener("click", async () => {
            try { li.replaceWith(item(await server.call("PUT", "comments/" + c.id, { body: area.value }))); }
            catch (e) { notify(e.message); }
          });
          li.querySelector(".comment-body").replaceWith(area);
          actions.replaceChildren(save);
          area.focus();
        });
        actions.append(edit, " ");
      }
      if (c.can_delete) {
        const del = document.createElement("button");
        del.type = "button";
        del.textContent = say("comments.delete");
        del.addEventListener("click", async () => {
          try { await server.call("DELETE", "comments/" + c.id); li.remove(); } catch (e) { notify(e.message); }
        });
        actions.append(del);
      }
      if (actions.childNodes.length) li.append(actions);
      return li;
    }

    server.call("GET", "comments?guide=" + encodeURIComponent(guide)).then((data) => {
      list.replaceChildren(...data.comments.map(item));
      if (!data.comments.length) {
        const none = document.createElement("p");
        none.className = "comment-none";
        none.textContent = say("comments.none");
        list.before(none);
      }
      if (!data.can_comment) {
        const login = document.createElement("p");
        const link = document.createElement("a");
        link.href = "/login.html?next=" + encodeURIComponent(location.pathname);
        link.textContent = say("account.log_in");
        login.append(...sayWith("comments.log_in", { log_in: link }));
        section.append(login);
        return;
      }
      const form = document.createElement("form");
      form.className = "comment-form";
      const label = document.createElement("label");
      label.textContent = say("comments.label");
      const area = document.createElement("textarea");
      area.rows = 4;
      area.required = true;
      area.maxLength = 5000;
      label.append(area);
      const post = document.createElement("button");
      post.type = "submit";
      post.textContent = say("comments.post");
      form.append(label, post);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          const c = await server.call("POST", "comments", { guide, body: area.value });
          section.querySelector(".comment-none")?.remove();
          list.append(item(c));
          area.value = "";
          chart.src = chart.src.split("&t=")[0] + "&t=" + Date.now();
        } catch (e) { notify(e.message); }
      });
      section.append(form);
    }, (e) => notify(e.message));
  }

  // ---- reveals, for the authors' analytics ------------------------------------
  // A code block or math wider than the page scrolls sideways: the keyboard
  // must reach it too. Checked again when a closed answer opens (its blocks
  // have no width while closed) and when the window is resized.
  // The navigation drawer of narrow windows is a checkbox (no script needed);
  // Escape closes it, as Material's does, and gives the focus back to it.
  function setupDrawer() {
    const drawer = $("#nav-drawer");
    if (!drawer) return;
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && drawer.checked) { drawer.checked = false; drawer.focus(); }
    });
  }

  function setupScrollables() {
    const mark = (root) => {
      for (const el of root.querySelectorAll("pre, div.arithmatex")) {
        if (el.scrollWidth > el.clientWidth + 1) {
          if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
        } else if (el.tagName === "PRE" && el.getAttribute("tabindex") === "0") {
          el.removeAttribute("tabindex");
        }
      }
    };
    mark(document);
    document.addEventListener("toggle", (e) => { if (e.target.open) mark(e.target); }, true);
    let pending = 0;
    window.addEventListener("resize", () => {
      clearTimeout(pending);
      pending = setTimeout(() => mark(document), 200);
    });
  }

  // Every page that shows an answer tells the server once per page view: the
  // guide, the Review page and the Level test.
  const revealsTold = new Set();
  function tellReveal(id) {
    if (!online() || !id || revealsTold.has(id)) return;
    revealsTold.add(id);
    server.call("POST", "reveals/" + id, {}).catch(() => { /* analytics only: never in the way */ });
  }

  function setupReveals() {
    for (const q of questions()) q.addEventListener("toggle", () => { if (q.open) tellReveal(q.dataset.id); });
  }

  // ---- the admins' Analytics page ----------------------------------------------
  function setupAnalytics(main) {
    const cell = (row, text, className) => {
      const td = document.createElement("td");
      td.textContent = text;
      if (className) td.className = className;
      row.append(td);
      return td;
    };
    const percent = (x) => (x === null || x === undefined ? "–" : Math.round(100 * x) + "%");
    const plain = (markdown) => markdown.replace(/[`*_]/g, "").replace(/\[\[([^\]]*)\]\]/g, "___");
    server.call("GET", "analytics").then((data) => {
      const flags = $(".analytics-flags", main);
      flags.replaceChildren();
      for (const item of data.quiz_items) {
        for (const flag of item.flags) {
          const li = document.createElement("li");
          const strong = document.createElement("strong");
          strong.textContent = plain(item.question);
          li.append(strong, " (" + item.guide + "): " + flag);
          flags.append(li);
        }
      }
      if (!flags.children.length) {
        const li = document.createElement("li");
        li.textContent = say("analytics.nothing_flagged", { answers: counted(5, "answer") });
        flags.append(li);
      }
      const items = $(".analytics-items tbody", main);
      for (const item of data.quiz_items) {
        const tr = document.createElement("tr");
        if (item.flags.length) tr.className = "is-flagged";
        cell(tr, plain(item.question));
        cell(tr, item.level === "unspecified" ? "–" : item.level);
        cell(tr, String(item.attempts), "num");
        cell(tr, percent(item.share_correct), "num");
        cell(tr, item.discrimination === null ? "–" : item.discrimination.toFixed(2), "num");
        cell(tr, item.option_picks.join(" · "));
        items.append(tr);
      }
      const qs = $(".analytics-questions tbody", main);
      for (const q of data.questions) {
        const tr = document.createElement("tr");
        cell(tr, plain(q.title));
        cell(tr, q.level === "unspecified" ? "–" : q.level);
        cell(tr, String(q.reveals), "num");
        cell(tr, percent(q.knew_share), "num");
        cell(tr, q.mean_difficulty === null ? "–" : q.mean_difficulty.toFixed(1), "num");
        qs.append(tr);
      }
    }, (e) => {
      for (const child of Array.from(main.children)) if (child.tagName !== "H1") child.hidden = true;
      const p = document.createElement("p");
      p.className = "login-needed";
      if (e.status !== 403) {
        p.textContent = e.message;
        main.append(p);
        return;
      }
      // A learner who is no admin: what the page is, and where their own progress is.
      p.textContent = say("analytics.for_admins");
      const mine = document.createElement("ul");
      mine.className = "analytics-instead";
      for (const [href, page, what] of [
        ["/", "page.home", "analytics.home"],
        ["/review.html", "page.review", "analytics.review"],
        ["/level-test.html", "page.level_test", "analytics.level_test"]]) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = href;
        a.textContent = say(page);
        li.append(...sayWith("analytics.instead", { page: a }, { what: say(what) }));
        mine.append(li);
      }
      main.append(p, mine);
    });
  }

  // The Review and Level test pages keep progress: without a learner they ask for a login.
  function needsLogin(main) {
    if (online()) return false;
    const box = document.createElement("p");
    box.className = "login-needed";
    const link = document.createElement("a");
    link.href = "/login.html?next=" + encodeURIComponent(location.pathname + location.search);
    link.textContent = say("account.log_in");
    box.append(...sayWith("account.needed", { log_in: link }));
    for (const child of Array.from(main.children)) if (child.tagName !== "H1") child.hidden = true;
    main.append(box);
    return true;
  }

  function start() {
    setupTheme();
    setupToolbar();
    setupMarks();
    setupKeys();
    setupSearch();
    setupTabs();
    setupScrollables();
    setupDrawer();
    setupDiagrams();
    setupPrint();
    setupHome();
    $$("form.quiz").forEach(setupQuiz);
    revealTarget();
    addEventListener("hashchange", () => {
      // Into or out of self-check mode: start the page over in that mode.
      const wantSelfCheck = location.hash === "#self-check" && $("main[data-self-check-available]");
      if (Boolean(wantSelfCheck) !== Boolean(selfCheck)) location.reload();
      else revealTarget();
    });
    if (server) {
      setupAccount();
      const login = $("main[data-login]");
      if (login) setupLogin(login);
      const guidePage = $("main.page[data-guide]");
      if (guidePage && !selfCheck && questions().length) setupComments(guidePage);
      if (online()) setupReveals();
      const analyticsPage = $("main[data-analytics]");
      if (analyticsPage && !needsLogin(analyticsPage)) setupAnalytics(analyticsPage);
      const review = $("main[data-review]");
      if (review && !needsLogin(review)) setupReview(review);
      const levelTest = $("main[data-level-test]");
      if (levelTest && !needsLogin(levelTest)) setupLevelTest(levelTest);
      watchReload();
      if (reloadedInto !== null) {
        try {
          const kept = JSON.parse(sessionStorage.getItem(reloadScrollKey) || "null");
          sessionStorage.removeItem(reloadScrollKey);
          if (kept && kept.path === location.pathname) scrollTo(0, kept.y);
        } catch (e) { /* no storage */ }
      }
    }
    // Every control has its handler now (served, after the session arrived):
    // tests wait for this before they click.
    document.documentElement.dataset.ready = "";
  }

  if (server) {
    server.load().then(start, (e) => { start(); notify(say("server.no_answer", { reason: e.message })); });
  } else {
    start();
  }
})();
