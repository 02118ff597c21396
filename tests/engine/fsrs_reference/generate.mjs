// Review sequences scheduled by ts-fsrs (pinned in package.json), written as
// the reference vectors of tests/engine/fsrs_test.cc.
//
//   cd tests/engine/fsrs_reference && npm ci && npm run generate
//
// Each case is one parameter set and several learners' review histories:
// ratings drawn at random (Again often enough for lapses and relearning), and
// review times early, on time, overdue by up to three intervals, or again the
// same day. Every step records the card before, the review time, what each of
// the four ratings would make of it (ts-fsrs's repeat), the rating taken and
// its review log. The generator is seeded, so the file is the same each time.
import { writeFileSync } from "node:fs";
import { fsrs, createEmptyCard, generatorParameters, default_w, FSRSVersion } from "ts-fsrs";

// mulberry32: a small seeded generator, so the sequences never change.
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20261201);
const pick = (weights) => {
  let x = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    if ((x -= weights[i]) < 0) return i;
  }
  return weights.length - 1;
};

// Weights perturbed within FSRS-6's ranges, as an optimizer might produce.
const perturbed = default_w.map((w, i) => (i === 20 ? 0.35 : w * (0.7 + 0.6 * random())));

const cases = [
  { name: "defaults", parameters: {} },
  { name: "retention 0.8, at most a year", parameters: { request_retention: 0.8, maximum_interval: 365 } },
  { name: "retention 0.97", parameters: { request_retention: 0.97 } },
  { name: "fuzz", parameters: { enable_fuzz: true } },
  { name: "long-term only", parameters: { enable_short_term: false } },
  { name: "long-term only, fuzz, own weights", parameters: { enable_short_term: false, enable_fuzz: true, w: perturbed } },
  { name: "no learning steps", parameters: { learning_steps: [], relearning_steps: [] } },
  {
    name: "four learning steps, two relearning steps",
    parameters: { learning_steps: ["1m", "10m", "1h", "1d"], relearning_steps: ["10m", "1h"] },
  },
  { name: "own weights, fuzz", parameters: { w: perturbed, enable_fuzz: true, request_retention: 0.85 } },
];

const minutes = (step) => {
  const value = parseInt(step.slice(0, -1), 10);
  return { m: 1, h: 60, d: 1440 }[step.slice(-1)] * value;
};

const cardRow = (c) => [
  c.due.getTime(),
  c.stability,
  c.difficulty,
  c.elapsed_days,
  c.scheduled_days,
  c.reps,
  c.lapses,
  c.learning_steps,
  c.state,
  c.last_review ? c.last_review.getTime() : null,
];
const logRow = (l) => [
  l.rating,
  l.state,
  l.due.getTime(),
  l.stability,
  l.difficulty,
  l.elapsed_days,
  l.last_elapsed_days,
  l.scheduled_days,
  l.learning_steps,
  l.review.getTime(),
];

const day = 86400000;
const out = {
  generator: `ts-fsrs ${FSRSVersion}`,
  card_fields: ["due", "stability", "difficulty", "elapsed_days", "scheduled_days", "reps", "lapses", "learning_steps", "state", "last_review"],
  log_fields: ["rating", "state", "due", "stability", "difficulty", "elapsed_days", "last_elapsed_days", "scheduled_days", "learning_steps", "review"],
  cases: [],
};
for (const c of cases) {
  const parameters = generatorParameters(c.parameters);
  const scheduler = fsrs(parameters);
  const written = {
    name: c.name,
    parameters: {
      w: parameters.w,
      request_retention: parameters.request_retention,
      maximum_interval: parameters.maximum_interval,
      enable_fuzz: parameters.enable_fuzz,
      enable_short_term: parameters.enable_short_term,
      learning_steps: parameters.learning_steps.map(minutes),
      relearning_steps: parameters.relearning_steps.map(minutes),
    },
    sequences: [],
  };
  for (let learner = 0; learner < 6; learner++) {
    // Start at a random minute of 2026, so calendar days and review times vary.
    let now = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 1440) * 60000);
    let card = createEmptyCard(now);
    const steps = [];
    for (let k = 0; k < 24; k++) {
      const preview = scheduler.repeat(card, now);
      const rating = 1 + pick([18, 14, 52, 16]);
      const chosen = preview[rating];
      steps.push({
        now: now.getTime(),
        retrievability: scheduler.get_retrievability(card, now, false),
        preview: [1, 2, 3, 4].map((g) => cardRow(preview[g].card)),
        rating,
        log: logRow(chosen.log),
      });
      card = chosen.card;
      // The next review: on time, early, overdue or the same day.
      const due = card.due.getTime();
      const span = Math.max(due - now.getTime(), 60000);
      const when = pick([40, 15, 30, 15]);
      let next = due;
      if (when === 1) next = now.getTime() + Math.floor(span * (0.2 + 0.7 * random()));
      if (when === 2) next = due + Math.floor(span * 3 * random()) + Math.floor(random() * day);
      if (when === 3) next = now.getTime() + Math.floor(random() * 6 * 3600000);
      now = new Date(Math.max(next, now.getTime() + 60000));
    }
    written.sequences.push({ start: steps[0].now, steps });
  }
  out.cases.push(written);
}
writeFileSync(process.argv[2] ?? "fsrs_vectors.json", JSON.stringify(out) + "\n");
console.log(`wrote ${out.cases.length} cases, ${out.cases.length * 6 * 24} reviews`);
