// Quiz scoring for the page: the same rules as engine/quiz_session.cc, held to
// the same vectors (tests/engine/data/quiz_vectors.json, run by the C++ tests
// and by tests/browser/scoring.test.mjs). The verdict's thresholds are not
// written here: the build puts them in the page (<script id="prepdeck-scoring">).
// A classic script that defines one global, so it loads from file:// and in node.
(() => {
  "use strict";

  // NFC, runs of ASCII white space made one space and trimmed, Unicode lower case.
  function foldAnswer(text) {
    return String(text).normalize("NFC").replace(/[\t\n\v\f\r ]+/g, " ").replace(/^ | $/g, "").toLowerCase();
  }

  // A blank written [[answer]] or [[one|other]]; `text` is what the learner typed.
  function blankMatches(blank, text) {
    const given = foldAnswer(text);
    return String(blank).split("|").some((alternative) => foldAnswer(alternative) === given);
  }

  // item: {kind: "single"|"multiple"|"fill", options: [{correct}], blanks: [text], valid}
  // answer: {chosen: [option index as written], blanks: [text]}
  // Returns {score: 0..1, correct, blanksRight}.
  function scoreItem(item, answer, credit = "all_or_nothing") {
    const result = { score: 0, correct: false, blanksRight: [] };
    if (!item.valid) return result;
    const chosen = answer.chosen || [];
    const options = item.options || [];
    if (item.kind === "single") {
      result.correct = chosen.length === 1 && chosen[0] < options.length && Boolean(options[chosen[0]].correct);
      result.score = result.correct ? 1 : 0;
    } else if (item.kind === "multiple") {
      const picked = new Set(chosen.filter((c) => c < options.length));
      let right = 0;
      let wrong = 0;
      let totalRight = 0;
      options.forEach((option, i) => {
        if (option.correct) totalRight++;
        if (picked.has(i)) { if (option.correct) right++; else wrong++; }
      });
      result.correct = right === totalRight && wrong === 0;
      result.score = credit === "partial" && totalRight > 0
        ? Math.max(0, (right - wrong) / totalRight) : (result.correct ? 1 : 0);
    } else if (item.kind === "fill") {
      const blanks = item.blanks || [];
      const given = answer.blanks || [];
      let right = 0;
      blanks.forEach((blank, i) => {
        const ok = i < given.length && blankMatches(blank, given[i]);
        result.blanksRight.push(ok);
        if (ok) right++;
      });
      result.correct = blanks.length > 0 && right === blanks.length;
      result.score = credit === "partial" && blanks.length > 0 ? right / blanks.length : (result.correct ? 1 : 0);
    }
    return result;
  }

  // results: [{level: "beginner"|"intermediate"|"advanced"|"", correct}];
  // rules: the page's {"advanced": {overall, items}, "intermediate": {overall, items}}.
  function verdict(results, rules) {
    const share = (list) => (list.length ? list.filter((r) => r.correct).length / list.length : null);
    const overall = share(results) ?? 0;
    const advanced = share(results.filter((r) => r.level === "advanced"));
    const harder = share(results.filter((r) => r.level === "advanced" || r.level === "intermediate"));
    if (overall >= rules.advanced.overall && (advanced === null || advanced >= rules.advanced.items)) return "advanced";
    if (overall >= rules.intermediate.overall && (harder === null || harder >= rules.intermediate.items)) {
      return "intermediate";
    }
    return "beginner";
  }

  // "2 of 3 (67%)"; partial credit to a tenth ("1.5 of 4 (38%)"), in the
  // learner's words (web/words.js, loaded before this file).
  function scoreWords(score, items) {
    const percent = items === 0 ? 0 : Math.round((100 * score) / items);
    return globalThis.prepdeckWords.say("score.words", { right: Math.round(score * 10) / 10, items, percent });
  }

  // The thresholds the build wrote into the page.
  function pageRules(doc) {
    const data = doc && doc.getElementById("prepdeck-scoring");
    return data ? JSON.parse(data.textContent) : null;
  }

  globalThis.prepdeckScoring = { foldAnswer, blankMatches, scoreItem, verdict, scoreWords, pageRules };
})();
