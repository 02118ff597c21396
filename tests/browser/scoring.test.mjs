// The page's quiz scoring (web/scoring.js, as the built site ships it) against
// the vectors the C++ engine is held to (tests/engine/data/quiz_vectors.json),
// with the verdict thresholds read from a built quiz page, as the page reads them.
//   SITE_DIR=<built examples site> node --test scoring.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const siteDir = process.env.SITE_DIR;
if (!siteDir) throw new Error("SITE_DIR must name the built site");
const vectors = JSON.parse(readFileSync(new URL("../engine/data/quiz_vectors.json", import.meta.url), "utf8"));

const context = vm.createContext({});
// As the page loads them: the learner's words first, then scoring.
vm.runInContext(readFileSync(join(siteDir, "assets/words.js"), "utf8"), context);
vm.runInContext(readFileSync(join(siteDir, "assets/scoring.js"), "utf8"), context);
const scoring = context.prepdeckScoring;

// The rules as the build wrote them into a quiz page.
const page = readFileSync(join(siteDir, "quiz/linux.html"), "utf8");
const data = page.match(/<script type="application\/json" id="prepdeck-scoring">([^<]*)<\/script>/);
assert.ok(data, "the quiz page carries the verdict's thresholds");
const rules = JSON.parse(data[1]);

const itemOf = (v) => ({ ...v, options: (v.options || []).map((correct) => ({ correct })) });

test("blanks match as the engine matches them", () => {
  for (const v of vectors.blanks) assert.equal(scoring.blankMatches(v.blank, v.text), v.match, JSON.stringify(v));
});

test("items score as the engine scores them", () => {
  for (const v of vectors.items) {
    const s = scoring.scoreItem(itemOf(v.item), v.answer, v.credit);
    assert.ok(Math.abs(s.score - v.score) < 1e-12, `${v.name}: ${s.score}`);
    assert.equal(s.correct, v.correct, v.name);
    if (v.blanks_right) assert.deepEqual([...s.blanksRight], v.blanks_right, v.name);
  }
});

test("verdicts follow the thresholds from the page", () => {
  for (const v of vectors.verdicts) {
    const results = v.results.map(([level, correct]) => ({ level, correct }));
    assert.equal(scoring.verdict(results, rules), v.verdict, v.name);
  }
});

test("a score reads the same as in the terminal", () => {
  for (const v of vectors.words) assert.equal(scoring.scoreWords(v.score, v.items), v.words);
});

test("a sitting leaves unscorable items out, as the server and the terminal do", () => {
  for (const v of vectors.sittings) {
    const scored = v.items.map((item, k) => [item, v.answers[k]]).filter(([item]) => item.valid);
    assert.equal(scored.length, v.scored, v.name);
    const results = scored.map(([item, answer]) => ({ level: item.level, correct: scoring.scoreItem(itemOf(item), answer).correct }));
    const right = results.filter((r) => r.correct).length;
    assert.equal(scoring.scoreWords(right, results.length), v.words, v.name);
    assert.equal(scoring.verdict(results, rules), v.verdict, v.name);
  }
});
