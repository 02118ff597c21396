// The page's words (assets/words.js as the built site ships it: the table of
// src/util/words.en.json above web/words.js) against the vectors util/words.h
// is held to (tests/util/data/words_vectors.json).
//   SITE_DIR=<built examples site> node --test words.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const siteDir = process.env.SITE_DIR;
if (!siteDir) throw new Error("SITE_DIR must name the built site");
const vectors = JSON.parse(readFileSync(new URL("../util/data/words_vectors.json", import.meta.url), "utf8"));
const table = JSON.parse(readFileSync(new URL("../../src/util/words.en.json", import.meta.url), "utf8"));

const context = vm.createContext({});
vm.runInContext(readFileSync(join(siteDir, "assets/words.js"), "utf8"), context);
const words = context.prepdeckWords;

test("the shipped file carries the whole table", () => {
  assert.deepEqual(JSON.parse(JSON.stringify(context.prepdeckWordTable)), table);
});

test("placeholders fill as util::fill fills them", () => {
  for (const v of vectors.fill) assert.equal(words.fill(v.text, v.args), v.expect, JSON.stringify(v));
});

test("keys read as util::say reads them", () => {
  for (const v of vectors.say) assert.equal(words.say(v.key, v.args), v.expect, JSON.stringify(v));
});

test("counts read as util::counted reads them", () => {
  for (const v of vectors.counted) assert.equal(words.counted(v.n, v.noun), v.expect, JSON.stringify(v));
});
