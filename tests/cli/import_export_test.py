#!/usr/bin/env python3
"""prepdeck export and import as a user runs them: exit statuses, messages,
the format list, files refused or replaced, and nothing written outside -o
whatever a deck names (media named like paths, Source fields that climb out).
Decks are made here with Python's own zipfile and sqlite3.
Usage: import_export_test.py PREPDECK EXAMPLES
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

prepdeck, examples = sys.argv[1:3]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(*args):
    return subprocess.run([prepdeck, *args], capture_output=True, text=True, timeout=120)


def deck(path, notes, media=None, version=11, like_anki=False):
    """`like_anki`: as Anki 2.1 saves a collection: in WAL mode, with a table
    whose key uses Anki's own "unicase" collation."""
    db_path = path + ".anki2"
    db = sqlite3.connect(db_path)
    if like_anki:
        db.create_collation("unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold()))
        db.execute("PRAGMA journal_mode = WAL")
        db.executescript("""
          CREATE TABLE tags (tag text NOT NULL PRIMARY KEY COLLATE unicase, usn integer NOT NULL,
            collapsed boolean NOT NULL, config blob NULL) WITHOUT ROWID;
          INSERT INTO tags VALUES ('Zeta', 0, 0, NULL), ('alpha', 0, 0, NULL), ('Straße', 0, 0, NULL);""")
    db.executescript("""
      CREATE TABLE col (id integer primary key, crt integer, mod integer, scm integer, ver integer, dty integer,
        usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);
      CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer, tags text,
        flds text, sfld text, csum integer, flags integer, data text);
      CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer, mod integer, usn integer,
        type integer, queue integer, due integer, ivl integer, factor integer, reps integer, lapses integer,
        left integer, odue integer, odid integer, flags integer, data text);
      CREATE TABLE revlog (id integer primary key, cid integer, usn integer, ease integer, ivl integer,
        lastIvl integer, factor integer, time integer, type integer);""")
    models = {"1": {"name": "Basic", "type": 0, "flds": [{"name": "Front"}, {"name": "Back"}]},
              "2": {"name": "prepdeck Question", "type": 0,
                    "flds": [{"name": n} for n in ["Title", "Answer", "Hint", "Level", "Source"]]}}
    decks = {"1": {"name": "Default"}, "5": {"name": "Top::Sub"}}
    db.execute("INSERT INTO col VALUES (1,0,0,0,?,0,0,0,'{}',?,?,'{}','{}')", (version, json.dumps(models), json.dumps(decks)))
    for i, (mid, fields) in enumerate(notes, start=1):
        db.execute("INSERT INTO notes VALUES (?,?,?,0,0,'',?,'',0,0,'')", (i, f"g{i}", mid, "\x1f".join(fields)))
        db.execute("INSERT INTO cards VALUES (?,?,5,0,0,0,0,0,0,0,0,0,0,0,0,0,0,'')", (i * 10, i))
    db.commit()
    db.close()
    with zipfile.ZipFile(path, "w") as z:
        z.write(db_path, "collection.anki2")
        z.writestr("media", json.dumps({str(k): name for k, (name, _) in enumerate(media or [])}))
        for k, (_, data) in enumerate(media or []):
            z.writestr(str(k), data)
    os.remove(db_path)


with tempfile.TemporaryDirectory() as tmp:
    # --format is checked against the table; --help lists every format.
    r = run("export", "--format", "docx", examples)
    check(r.returncode == 2 and "gift" in r.stderr and "anki" in r.stderr, f"unknown format: {r.returncode} {r.stderr}")
    r = run("export", "--help")
    for name in ["json", "csv", "anki", "anki-text", "gift", "moodle-xml", "qti12", "qti21", "analytics-csv"]:
        check(f"  {name} " in r.stdout, f"--help lists {name}")
    r = run("export", "--format", "analytics-csv", examples)
    check(r.returncode == 2 and "--db" in r.stderr, f"analytics-csv without --db: {r.returncode} {r.stderr}")
    r = run("export", "--format", "analytics-csv", examples, "--db", os.path.join(tmp, "none.db"))
    check(r.returncode == 2 and "no such database" in r.stderr and not os.path.exists(os.path.join(tmp, "none.db")),
          f"analytics-csv does not make a database: {r.returncode} {r.stderr}")
    r = run("export", "--format", "gift", examples)
    check(r.returncode == 0 and "$CATEGORY:" in r.stdout, "gift to standard output")
    out = os.path.join(tmp, "deck.apkg")
    r = run("export", "--format", "anki", examples, "-o", out)
    check(r.returncode == 0 and zipfile.is_zipfile(out), f"anki to a file: {r.stderr}")

    # Import: a round trip through the CLI, then what it refuses.
    guides = os.path.join(tmp, "guides")
    r = run("import", "anki", out, "-o", guides)
    check(r.returncode == 0 and "Imported 53 questions and 35 quiz items into 7 guides" in r.stdout, f"import: {r.stdout} {r.stderr}")
    r = run("check", guides)
    check(r.returncode == 0, f"the imported guides check clean: {r.stdout}")
    r = run("import", "anki", out, "-o", guides)
    check(r.returncode == 2 and "exists" in r.stderr and "--force" in r.stderr, f"no overwrite: {r.stderr}")
    r = run("import", "anki", out, "-o", guides, "--force")
    check(r.returncode == 0, f"--force replaces: {r.stderr}")
    r = run("import", "anki", os.path.join(tmp, "missing.apkg"), "-o", guides)
    check(r.returncode == 2, f"missing file: {r.returncode}")
    notzip = os.path.join(tmp, "not.apkg")
    with open(notzip, "w") as f:
        f.write("this is not a zip file at all, just text\n" * 3)
    r = run("import", "anki", notzip, "-o", os.path.join(tmp, "x"))
    check(r.returncode == 1 and "not an Anki package" in r.stderr, f"not a zip: {r.returncode} {r.stderr}")
    newer = os.path.join(tmp, "newer.apkg")
    deck(newer, [(1, ["a", "b"])], version=99)
    r = run("import", "anki", newer, "-o", os.path.join(tmp, "y"))
    check(r.returncode == 1 and "schema version 99" in r.stderr, f"schema 99: {r.stderr}")

    # A collection saved as Anki saves it (WAL mode, the unicase collation): real ones failed to open before.
    anki_like = os.path.join(tmp, "anki-like.apkg")
    deck(anki_like, [(1, ["What is DNS?", "Names to addresses."])], like_anki=True)
    with zipfile.ZipFile(anki_like) as z:
        header = z.read("collection.anki2")[18:20]
    check(header == b"\x02\x02", f"the test deck is in WAL mode: {header}")
    r = run("import", "anki", anki_like, "-o", os.path.join(tmp, "anki-like"))
    check(r.returncode == 0 and "Imported 1 question" in r.stdout, f"a collection as Anki saves it: {r.stdout} {r.stderr}")

    # Nothing outside -o, whatever the deck names.
    hostile = os.path.join(tmp, "hostile.apkg")
    deck(hostile, [(1, ["front <img src='../../../escape.png'>", "back"]),
                   (2, ["T", "A", "", "", "../../../../tmp/escape.md:1"]),
                   (2, ["T2", "A2", "", "", "/etc/escape.md:1"])],
         media=[("../../../escape.png", b"X"), ("ok.png", b"PNG"), ("a/b.png", b"Y")])
    target = os.path.join(tmp, "inside", "out")
    r = run("import", "anki", hostile, "-o", target)
    check(r.returncode == 0, f"hostile deck imported: {r.stderr}")
    check("could be a path" in r.stderr, f"media names that are paths are reported: {r.stderr}")
    written = []
    for root, _, files in os.walk(tmp):
        written += [os.path.relpath(os.path.join(root, f), tmp) for f in files]
    outside = [w for w in written if "escape" in w or (w.startswith("inside") and not w.startswith(os.path.join("inside", "out")))]
    check(outside == [], f"nothing outside -o: {outside}")
    check(not os.path.exists("/tmp/escape.md") and not os.path.exists("/etc/escape.md"), "no absolute path written")

    # Anki 2.1.50's package: a zstd-compressed schema 18 collection, the media list as zstd-compressed protobuf.
    def zstd(data):
        return subprocess.run(["zstd", "-q", "-c"], input=data, capture_output=True, check=True).stdout

    def varint(n):
        out = b""
        while True:
            byte = n & 0x7F
            n >>= 7
            out += bytes([byte | (0x80 if n else 0)])
            if not n:
                return out

    def field(number, payload):
        return varint(number << 3 | 2) + varint(len(payload)) + payload

    db_path = os.path.join(tmp, "c18.db")
    db = sqlite3.connect(db_path)
    db.executescript("""
      CREATE TABLE col (id integer primary key, crt integer, mod integer, scm integer, ver integer, dty integer,
        usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);
      CREATE TABLE notetypes (id integer primary key, name text, mtime_secs integer, usn integer, config blob);
      CREATE TABLE fields (ntid integer, ord integer, name text, config blob);
      CREATE TABLE templates (ntid integer, ord integer, name text, mtime_secs integer, usn integer, config blob);
      CREATE TABLE decks (id integer primary key, name text, mtime_secs integer, usn integer, common blob, kind blob);
      CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer, tags text,
        flds text, sfld text, csum integer, flags integer, data text);
      CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer, mod integer, usn integer,
        type integer, queue integer, due integer, ivl integer, factor integer, reps integer, lapses integer,
        left integer, odue integer, odid integer, flags integer, data text);
      CREATE TABLE revlog (id integer primary key, cid integer, usn integer, ease integer, ivl integer,
        lastIvl integer, factor integer, time integer, type integer);
      INSERT INTO col VALUES (1,0,0,0,18,0,0,0,'','','','','');
      INSERT INTO notetypes VALUES (5, 'Basic', 0, 0, x'');
      INSERT INTO fields VALUES (5, 0, 'Front', x''), (5, 1, 'Back', x'');
      INSERT INTO templates VALUES (5, 0, 'Card 1', 0, 0, CAST('{{Front}}' AS BLOB));
      INSERT INTO notetypes VALUES (6, 'Cloze', 0, 0, x'');
      INSERT INTO fields VALUES (6, 0, 'Text', x''), (6, 1, 'Back Extra', x'');
      INSERT INTO templates VALUES (6, 0, 'Cloze', 0, 0, CAST('{{cloze:Text}}' AS BLOB));
      INSERT INTO decks VALUES (7, 'Cloud' || char(31) || 'AWS', 0, 0, x'', x'');
      INSERT INTO notes VALUES (1, 'a', 5, 0, 0, '', 'What is S3? <img src="s3.png">' || char(31) || 'Object storage.', '', 0, 0, '');
      INSERT INTO notes VALUES (2, 'b', 6, 0, 0, '', 'IAM stands for {{c1::Identity and Access Management}}.' || char(31) || '', '', 0, 0, '');
      INSERT INTO cards VALUES (10, 1, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '');
      INSERT INTO cards VALUES (20, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '');
      -- Answers: the question's card Good, then Good four days on; the cloze's card once.
      INSERT INTO revlog VALUES (1700000000000, 10, 0, 3, 1, 0, 2500, 5000, 0);
      INSERT INTO revlog VALUES (1700345600000, 10, 0, 3, 4, 1, 2500, 4000, 1);
      INSERT INTO revlog VALUES (1700000100000, 20, 0, 3, 1, 0, 2500, 3000, 0);""")
    db.commit()
    db.close()
    newer_deck = os.path.join(tmp, "newer-format.apkg")
    with zipfile.ZipFile(newer_deck, "w") as z:
        z.writestr("collection.anki2", b"stand-in for older Anki versions")
        z.writestr("collection.anki21b", zstd(open(db_path, "rb").read()))
        z.writestr("media", zstd(field(1, field(1, b"s3.png") + varint(2 << 3) + varint(3))))
        z.writestr("0", zstd(b"PNG"))
    out18 = os.path.join(tmp, "anki21b")
    r = run("import", "anki", newer_deck, "-o", out18)
    check(r.returncode == 0 and "1 question and 1 quiz item" in r.stdout, f"anki21b: {r.stdout} {r.stderr}")
    guide_path = os.path.join(out18, "cloud.md")
    text_18 = open(guide_path).read() if os.path.exists(guide_path) else ""
    check("## AWS" in text_18 and "[[Identity and Access Management]]" in text_18 and "media/s3.png" in text_18,
          f"anki21b guide: {text_18}")
    check(os.path.exists(os.path.join(out18, "media", "s3.png")) and
          open(os.path.join(out18, "media", "s3.png"), "rb").read() == b"PNG", "anki21b media inflated")

    # --with-history: the review log into a progress database, for the terminal's learner or an account.
    history_db = os.path.join(tmp, "history.db")
    out_h = os.path.join(tmp, "with-history")
    r = run("import", "anki", newer_deck, "-o", out_h, "--with-history", "--db", history_db)
    check(r.returncode == 0 and "Imported 2 reviews of 1 question into" in r.stdout and "1 of quiz items" in r.stdout,
          f"--with-history: {r.stdout} {r.stderr}")
    r = run("progress", "--json", "--db", history_db)
    cards = json.loads(r.stdout)["cards"] if r.returncode == 0 else []
    check([(c["id"], c["reps"], c["state"], c["last_review"]) for c in cards] ==
          [("cloud/q1", 2, "review", "2023-11-18T22:13:20Z")], f"progress after --with-history: {cards}")
    r = run("import", "anki", newer_deck, "-o", out_h, "--force", "--with-history", "--db", history_db)
    check(r.returncode == 0 and "Imported 0 reviews of 0 questions" in r.stdout and "2 already there" in r.stdout,
          f"--with-history again adds nothing: {r.stdout} {r.stderr}")
    for args, what in [(["--with-history", "--db", history_db, "--user", "nobody"], "no account 'nobody'"),
                       (["--with-history", "--db", "mysql://db/x"], "mysql"),
                       (["--user", "ana"], "--user requires --with-history")]:
        refused = os.path.join(tmp, "refused")
        r = run("import", "anki", newer_deck, "-o", refused, *args)
        check(r.returncode == 2 and what in r.stderr and not os.path.exists(refused),
              f"{args}: exit 2, nothing written: {r.returncode} {r.stderr}")
    r = subprocess.run([prepdeck, "user", "add", "ana", "--db", history_db], input="a long password\n",
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, f"user add: {r.stderr}")
    r = run("import", "anki", newer_deck, "-o", out_h, "--force", "--with-history", "--db", history_db, "--user", "ana")
    check(r.returncode == 0 and "Imported 2 reviews of 1 question" in r.stdout, f"--user ana: {r.stdout} {r.stderr}")
    con = sqlite3.connect(history_db)
    per_user = con.execute("SELECT users.name, count(*) FROM reviews JOIN users ON users.id = reviews.user_id"
                           " GROUP BY users.name ORDER BY users.name").fetchall()
    con.close()
    check(per_user == [("ana", 2), ("local", 2)], f"each learner's own history: {per_user}")

    # Anki's text notes.
    text = os.path.join(tmp, "notes.txt")
    with open(text, "w") as f:
        f.write("#separator:tab\n#html:true\n#notetype column:1\n#deck column:2\n"
                "Basic\tOps::Linux\tWhat is <b>PID 1</b>?\tinit\n"
                "Cloze\tOps::Linux\tThe {{c1::kernel}} schedules.\tExtra\n")
    r = run("import", "anki-text", text, "-o", os.path.join(tmp, "text"))
    check(r.returncode == 0 and "1 question and 1 quiz item" in r.stdout, f"anki-text: {r.stdout} {r.stderr}")

if failures:
    print(f"{len(failures)} failed")
    sys.exit(1)
print("ok")
