// prepdeck's exports read back by tools no one here wrote: GIFT by
// gift-pegjs, the .apkg by anki-reader and by the sqlite3 CLI against the
// schema Anki expects, Moodle XML by xmllint. Inputs: the examples, the seed
// guide and tests/fixtures/export-kinds (every kind of item).
//   PREPDECK=build/prepdeck EXAMPLES=examples SEED=../shared/fixtures/seed/000_....txt \
//   KINDS=tests/fixtures/export-kinds node --test read_back.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { readAnkiPackage } from 'anki-reader';
import { convertPackageFolder } from '@citolab/qti-convert/qti-convert-node';

const require = createRequire(import.meta.url);
const gift = require('gift-pegjs');
const AnkiExport = require('anki-apkg-export').default;

const prepdeck = process.env.PREPDECK;
const inputs = { examples: process.env.EXAMPLES, seed: process.env.SEED, kinds: process.env.KINDS };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'prepdeck-read-back-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));

function exported(format, input, extension) {
  const out = path.join(work, `${input}.${extension}`);
  execFileSync(prepdeck, ['export', '--format', format, inputs[input], '-o', out, '--quiet'], {
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return out;
}

function unzipped(file, name) {
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('unzip', ['-o', '-q', file, '-d', dir]);
  return dir;
}

const xpathIn = (file) => (expr) => execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).trim();

// The model as prepdeck itself reads it: what every format must carry.
function model(input) {
  return JSON.parse(execFileSync(prepdeck, ['export', '--format', 'json', inputs[input]], { encoding: 'utf8' }));
}

function counts(input) {
  const m = model(input);
  let questions = 0;
  let choiceQuestions = 0;
  const quizzes = { single: 0, multiple: 0, fill: 0, fillOneBlank: 0 };
  for (const g of m.guides) {
    for (const s of g.sections) {
      for (const q of s.questions) {
        questions++;
        if (q.choices.length) choiceQuestions++;
      }
    }
    for (const item of g.quizzes) {
      quizzes[item.kind]++;
      if (item.kind === 'fill' && item.blanks.length === 1) quizzes.fillOneBlank++;
    }
  }
  return { questions, choiceQuestions, quizzes };
}

for (const input of ['examples', 'seed', 'kinds']) {
  test(`GIFT of ${input}: gift-pegjs reads every question with its kind, answers and feedback`, () => {
    const text = fs.readFileSync(exported('gift', input, 'gift.txt'), 'utf8');
    const parsed = gift.parse(text);
    const c = counts(input);
    const byType = {};
    for (const q of parsed) byType[q.type] = (byType[q.type] ?? 0) + 1;
    assert.equal(byType.Essay ?? 0, c.questions - c.choiceQuestions);
    assert.equal(byType.MC ?? 0, c.choiceQuestions + c.quizzes.single + c.quizzes.multiple);
    assert.equal(byType.Short ?? 0, c.quizzes.fillOneBlank);
    for (const q of parsed.filter((q) => q.type === 'MC')) {
      const right = q.choices.filter((ch) => ch.isCorrect || (ch.weight ?? 0) > 0);
      assert.ok(right.length >= 1, `${q.title} has a right answer`);
      const weighted = q.choices.filter((ch) => ch.weight !== null && ch.weight !== undefined);
      if (weighted.length) {
        const sum = right.reduce((s, ch) => s + ch.weight, 0);
        assert.ok(Math.abs(sum - 100) < 0.01, `${q.title}: the right answers' weights sum to 100 (${sum})`);
      }
    }
    for (const q of parsed.filter((q) => q.type !== 'Category')) {
      assert.equal(q.stem.format, 'html', q.title);
      assert.ok(q.title.length > 0);
    }
    if (input === 'kinds') {
      const container = parsed.find((q) => q.title === 'kinds/quiz/which-one-is-a-container-runtime');
      assert.ok(container, 'the single-choice item is there');
      const right = container.choices.find((ch) => ch.isCorrect);
      assert.equal(right.text.text, 'containerd');
      assert.equal(right.feedback.text.trim(), '<p>Right: it runs containers.</p>');
      assert.equal(container.globalFeedback.text.trim(), '<p>It is containerd.</p>');
      const specials = parsed.find((q) => q.title === 'kinds/q1');
      assert.ok(specials.stem.text.includes('<code>a ~ b = c # d {e} : f \\ g</code>'), specials.stem.text);
      const short = parsed.find((q) => q.type === 'Short');
      assert.deepEqual(short.choices.map((ch) => ch.text.text), ['main', 'master']);
    }
  });

  test(`Anki package of ${input}: anki-reader reads every card; the sqlite3 CLI finds the schema Anki expects`, async () => {
    const file = exported('anki', input, 'apkg');
    const { collection, media } = await readAnkiPackage(new Blob([fs.readFileSync(file)]));
    let cards = 0;
    for (const deck of Object.values(collection.getDecks())) {
      for (const card of Object.values(deck.getCards())) {
        cards++;
        assert.ok(card.getFront().length > 0);
      }
    }
    const c = counts(input);
    const clozeCards = model(input)
      .guides.flatMap((g) => g.quizzes)
      .filter((q) => q.kind === 'fill')
      .reduce((n, q) => n + q.blanks.length, 0);
    assert.equal(cards, c.questions + c.quizzes.single + c.quizzes.multiple + clozeCards);
    if (input === 'kinds') assert.deepEqual(Object.keys(media), ['img_diagram.png']);

    const dir = path.join(work, `${input}-apkg`);
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-o', '-q', file, '-d', dir]);
    const sql = (query) =>
      execFileSync('sqlite3', ['-readonly', path.join(dir, 'collection.anki2'), query], { encoding: 'utf8' }).trim();
    assert.equal(
      sql("SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)"),
      'cards col graves notes revlog',
    );
    assert.equal(sql('SELECT count(*), max(ver) FROM col'), '1|11');
    assert.equal(sql('SELECT json_valid(models) AND json_valid(decks) AND json_valid(dconf) AND json_valid(conf) FROM col'), '1');
    // Each note has as many fields as its model names.
    assert.equal(
      sql(`SELECT count(*) FROM notes, col WHERE length(flds) - length(replace(flds, char(31), '')) + 1
             != json_array_length(json_extract(col.models, '$."' || notes.mid || '".flds'))`),
      '0',
    );
    assert.equal(sql('SELECT count(*) - count(DISTINCT guid) FROM notes'), '0');
    assert.equal(sql('SELECT count(*) FROM cards WHERE nid NOT IN (SELECT id FROM notes)'), '0');
    assert.equal(sql(`SELECT count(*) FROM cards, col WHERE json_extract(col.decks, '$."' || cards.did || '"') IS NULL`), '0');
    assert.equal(sql('SELECT count(*) FROM notes WHERE mod != 1700000000'), '0');
  });

  test(`Moodle XML of ${input}: well-formed under xmllint, with the elements Moodle reads`, () => {
    const file = exported('moodle-xml', input, 'xml');
    execFileSync('xmllint', ['--noout', file]);
    const xpath = (expr) => execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).trim();
    const c = counts(input);
    assert.equal(Number(xpath("count(/quiz/question[@type='essay'])")), c.questions - c.choiceQuestions);
    assert.equal(
      Number(xpath("count(/quiz/question[@type='multichoice'])")),
      c.choiceQuestions + c.quizzes.single + c.quizzes.multiple,
    );
    assert.equal(
      Number(xpath("count(/quiz/question[@type='shortanswer' or @type='cloze'])")),
      c.quizzes.fill,
    );
    assert.equal(Number(xpath("count(/quiz/question[@type!='category'][not(name/text) or not(questiontext/text)])")), 0);
    assert.equal(
      Number(xpath("count(/quiz/question[@type='multichoice'][not(answer[@fraction > 0])])")),
      0,
      'every choice question has a right answer',
    );
  });

  // What a guide's assessment holds: its quiz items, else its study questions.
  function assessed(input) {
    const kinds = { choice: 0, fill: 0, essay: 0, assessments: 0, blanks: 0 };
    for (const g of model(input).guides) {
      if (g.quizzes.length) {
        kinds.assessments++;
        for (const q of g.quizzes) {
          if (q.kind === 'fill') {
            kinds.fill++;
            kinds.blanks += q.blanks.length;
          } else kinds.choice++;
        }
      } else {
        const questions = g.sections.flatMap((s) => s.questions);
        if (questions.length) kinds.assessments++;
        for (const q of questions) kinds[q.choices.length ? 'choice' : 'essay']++;
      }
    }
    return kinds;
  }

  test(`QTI 1.2 of ${input}: a manifest and one well-formed assessment per guide, items typed as Canvas reads them`, () => {
    const dir = unzipped(exported('qti12', input, 'qti12.zip'), `${input}-qti12`);
    const manifest = xpathIn(path.join(dir, 'imsmanifest.xml'));
    const k = assessed(input);
    assert.equal(Number(manifest("count(//*[local-name()='resource'][@type='imsqti_xmlv1p2'])")), k.assessments);
    let items = 0;
    for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('A_'))) {
      execFileSync('xmllint', ['--noout', path.join(dir, file)]);
      const x = xpathIn(path.join(dir, file));
      items += Number(x("count(//*[local-name()='item'])"));
      assert.equal(Number(x("count(//*[local-name()='item'][not(.//*[local-name()='fieldlabel'][.='question_type'])])")), 0);
      // Every choice item scores its right answers.
      assert.equal(
        Number(x(`count(//*[local-name()='item'][.//*[local-name()='response_lid'] and not(.//*[local-name()='setvar'])])`)),
        0,
      );
    }
    assert.equal(items, k.choice + k.fill + k.essay);
  });

  test(`QTI 2.1 of ${input}: @citolab/qti-convert upgrades every item to QTI 3 with its interactions`, async () => {
    const dir = unzipped(exported('qti21', input, 'qti21.zip'), `${input}-qti21`);
    const k = assessed(input);
    const manifest = xpathIn(path.join(dir, 'imsmanifest.xml'));
    assert.equal(Number(manifest("count(//*[local-name()='resource'][@type='imsqti_test_xmlv2p1'])")), k.assessments);
    assert.equal(
      Number(manifest("count(//*[local-name()='resource'][@type='imsqti_item_xmlv2p1'])")),
      k.choice + k.fill + k.essay,
    );
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))) execFileSync('xmllint', ['--noout', path.join(dir, file)]);
    const out = path.join(work, `${input}-qti3`);
    fs.rmSync(out, { recursive: true, force: true });
    const log = console.log;
    console.log = () => {};
    try {
      await convertPackageFolder(dir, out);
    } finally {
      console.log = log;
    }
    const seen = { choice: 0, text: 0, extended: 0, items: 0 };
    for (const file of fs.readdirSync(out).filter((f) => f.startsWith('I_'))) {
      const xml = fs.readFileSync(path.join(out, file), 'utf8');
      seen.items++;
      seen.choice += (xml.match(/<qti-choice-interaction/g) ?? []).length;
      seen.text += (xml.match(/<qti-text-entry-interaction/g) ?? []).length;
      seen.extended += (xml.match(/<qti-extended-text-interaction/g) ?? []).length;
      if (xml.includes('<qti-choice-interaction')) assert.match(xml, /<qti-correct-response>/, file);
    }
    assert.deepEqual(seen, { choice: k.choice, text: k.blanks, extended: k.essay, items: k.choice + k.fill + k.essay });
  });
}

test('a deck anki-apkg-export wrote: prepdeck import anki brings every note, its HTML as Markdown and its image', async () => {
  const apkg = new AnkiExport('Written Elsewhere');
  const png = fs.readFileSync(path.join(inputs.kinds, 'img', 'diagram.png'));
  apkg.addMedia('diagram.png', png);
  const notes = 40;
  for (let i = 1; i <= notes; i++) {
    apkg.addCard(`Card ${i}: what is <b>${i} * ${i}</b>?`, `<div>It is ${i * i}.</div><ul><li>squared</li></ul>`, {
      tags: i % 2 ? ['easy', 'math'] : ['hard'],
    });
  }
  apkg.addCard('With a picture <img src="diagram.png" />', 'A one-pixel image.');
  const file = path.join(work, 'elsewhere.apkg');
  fs.writeFileSync(file, await apkg.save(), 'binary');
  const out = path.join(work, 'imported-elsewhere');
  const said = execFileSync(prepdeck, ['import', 'anki', file, '-o', out], { encoding: 'utf8' });
  assert.match(said, /Imported 41 questions and 0 quiz items into 1 guide/);
  const m = JSON.parse(execFileSync(prepdeck, ['export', '--format', 'json', out], { encoding: 'utf8' }));
  const questions = m.guides.flatMap((g) => g.sections.flatMap((s) => s.questions));
  assert.equal(questions.length, notes + 1);
  assert.equal(questions[6].title, 'Card 7: what is **7 \\* 7**?');
  assert.equal(questions[6].level, 'beginner');
  assert.equal(questions[7].level, 'advanced');
  assert.equal(questions[6].answer_markdown.trim(), 'It is 49.\n\n- squared');
  assert.match(questions[notes].title, /!\[\]\(<media\/diagram\.png>\)/);
  assert.deepEqual(fs.readFileSync(path.join(out, 'media', 'diagram.png')), png);
  const check = execFileSync(prepdeck, ['check', out], { encoding: 'utf8' });
  assert.match(check, /0 errors/);
});


// A seeded generator (mulberry32), so the review log is the same on every run.
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('import anki --with-history: progress --json shows what ts-fsrs makes of the same answers', async () => {
  const { fsrs, createEmptyCard, generatorParameters } = await import('ts-fsrs');
  const apkg = new AnkiExport('With History');
  const notes = 12;
  for (let i = 1; i <= notes; i++) apkg.addCard(`Fact ${i}?`, `Answer ${i}.`);
  const file = path.join(work, 'history.apkg');
  fs.writeFileSync(file, await apkg.save(), 'binary');
  const helper = path.join(path.dirname(new URL(import.meta.url).pathname), 'revlog.py');
  const cards = JSON.parse(execFileSync('python3', [helper, 'cards', file], { encoding: 'utf8' }));
  assert.equal(cards.length, notes);

  // Years of answers per card: learning, reviews, lapses and relearning, with
  // what Anki's FSRS leaves out mixed in: cramming, a set due date, a reset.
  const random = seeded(20261205);
  const day = 86400000;
  const reviews = [];
  const expected = new Map();  // front -> the answers that count: [time, ease]
  let clock = Date.UTC(2023, 0, 2, 9, 0, 0);
  const row = (cid, ease, type, factor = 2500) => {
    clock += 1 + Math.floor(random() * 1000);
    reviews.push({ id: clock, cid, ease, ivl: 1, lastIvl: 0, factor, time: 3000 + Math.floor(random() * 9000), type });
    return clock;
  };
  cards.forEach((card, index) => {
    let counting = [];
    const answers = 3 + Math.floor(random() * 18);
    for (let k = 0; k < answers; k++) {
      const ease = [1, 2, 3, 3, 3, 3, 4][Math.floor(random() * 7)];
      counting.push([row(card.id, ease, k === 0 ? 0 : ease === 1 ? 2 : 1), ease]);
      if (random() < 0.1) row(card.id, 3, 3, 0);  // cramming in a filtered deck
      if (random() < 0.1) row(card.id, 0, 4, 2500);  // "set due date"
      if (index === 2 && k === 4) {  // "Forget": what came before no longer counts
        row(card.id, 0, 4, 0);
        counting = [];
      }
      clock += random() < 0.2 ? 600000 : day * (1 + Math.floor(random() * 40));
    }
    if (index === 4) {  // forgotten at the end: no history at all
      row(card.id, 0, 4, 0);
      counting = [];
    }
    expected.set(card.front, counting);
  });
  // A second, reversed card of the first note: its answers are not the question's.
  const reversed = cards[0].id + 1000;
  for (let k = 0; k < 5; k++) row(reversed, 1, 1);
  execFileSync('python3', [helper, 'add', file],
    { input: JSON.stringify({ cards: [{ id: reversed, note: cards[0].note, ord: 1 }], reviews }) });

  const db = path.join(work, 'history.db');
  const out = path.join(work, 'imported-history');
  const said = execFileSync(prepdeck, ['import', 'anki', file, '-o', out, '--with-history', '--db', db],
    { encoding: 'utf8' });
  const counted = [...expected.values()].reduce((n, a) => n + a.length, 0);
  assert.match(said, new RegExp(`Imported ${counted} reviews of ${notes - 1} questions into `));
  assert.match(said, /5 of reversed cards/);

  const now = '2027-01-01T00:00:00Z';
  const progress = () => JSON.parse(execFileSync(prepdeck, ['progress', '--json', '--db', db],
    { encoding: 'utf8', env: { ...process.env, PREPDECK_NOW: now } }));
  const m = JSON.parse(execFileSync(prepdeck, ['export', '--format', 'json', out], { encoding: 'utf8' }));
  const idOf = new Map(m.guides.flatMap((g) => g.sections.flatMap((s) => s.questions))
    .map((q) => [q.title, q.id]));
  const shown = new Map(progress().cards.map((c) => [c.id, c]));
  assert.equal(shown.size, notes - 1);

  // ts-fsrs, the reference FSRS, with prepdeck's defaults (fuzz on, as `study` has it).
  const scheduler = fsrs(generatorParameters({ enable_fuzz: true }));
  const states = ['new', 'learning', 'review', 'relearning'];
  for (const [front, answers] of expected) {
    const id = idOf.get(front);
    assert.ok(id, `no question for ${front}`);
    if (!answers.length) {
      assert.equal(shown.has(id), false, `${front} was reset: it has no history`);
      continue;
    }
    let card = createEmptyCard(new Date(answers[0][0]));
    for (const [when, ease] of answers) card = scheduler.next(card, new Date(when), ease).card;
    const got = shown.get(id);
    assert.ok(got, `${front}: no card`);
    assert.equal(got.state, states[card.state], front);
    assert.equal(got.reps, card.reps, front);
    assert.equal(got.lapses, card.lapses, front);
    assert.equal(Date.parse(got.due), card.due.getTime(), `${front}: due ${got.due}, ts-fsrs ${card.due.toISOString()}`);
    assert.ok(Math.abs(got.stability - card.stability) < 1e-6, `${front}: stability ${got.stability} vs ${card.stability}`);
    assert.ok(Math.abs(got.difficulty - card.difficulty) < 1e-6, `${front}: difficulty ${got.difficulty} vs ${card.difficulty}`);
    assert.equal(Date.parse(got.last_review), answers[answers.length - 1][0], front);
  }

  // Again: the same deck adds nothing.
  const again = execFileSync(prepdeck, ['import', 'anki', file, '-o', out, '--force', '--with-history', '--db', db],
    { encoding: 'utf8' });
  assert.match(again, new RegExp(`Imported 0 reviews of 0 questions into .*${counted} already there`));
  assert.deepEqual(progress().cards.map((c) => c.due), [...shown.values()].map((c) => c.due));
});
