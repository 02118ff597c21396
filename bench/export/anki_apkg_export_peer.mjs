// The peer of bench/export_bench: anki-apkg-export (npm) writing the same
// notes prepdeck's .apkg holds (front and back HTML, tags), timed from the
// first addCard to the bytes of the package, in this process.
//   node anki_apkg_export_peer.mjs NOTES.json OUT.apkg
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../tests/export/readers/package.json', import.meta.url));
const AnkiExport = require('anki-apkg-export').default;
const notes = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const started = process.hrtime.bigint();
const apkg = new AnkiExport('prepdeck bench');
for (const n of notes) apkg.addCard(n.front, n.back, { tags: n.tags });
const zip = await apkg.save();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
fs.writeFileSync(process.argv[3], zip, 'binary');
console.log(JSON.stringify({ notes: notes.length, seconds }));
