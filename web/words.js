// The words of the pages, from the table the terminal reads too
// (src/util/words.en.json; the build writes it above this file as
// globalThis.prepdeckWordTable). The rules are util/words.h's, held to the
// same vectors (tests/util/data/words_vectors.json):
//   say("review.counts", { due: 3, new: 5 })  → "3 due · 5 new"
//   counted(2, "question")                     → "2 questions"
// A {name} without an argument stays as written; a key missing from the
// table reads as the key itself.
(() => {
  "use strict";
  const table = globalThis.prepdeckWordTable || {};

  function fill(text, args = {}) {
    return text.replace(/\{([a-z_]+)\}/g, (whole, name) =>
      Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : whole);
  }

  function say(key, args = {}) {
    const text = table[key];
    return typeof text === "string" ? fill(text, args) : key;
  }

  function counted(n, noun) {
    const forms = table["n." + noun];
    const form = forms && forms[n === 1 ? "one" : "other"];
    return typeof form === "string" ? fill(form, { n }) : `${n} n.${noun}`;
  }

  globalThis.prepdeckWords = { fill, say, counted };
})();
