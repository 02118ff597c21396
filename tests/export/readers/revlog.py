#!/usr/bin/env python3
"""An Anki package's cards, and a review log added to it (read_back.test.mjs).

  revlog.py cards DECK.apkg        prints [{"id", "note", "ord", "front"}] as JSON
  revlog.py add DECK.apkg < JSON   {"cards": [{"id", "note", "ord"}], "reviews": [{"id", "cid",
                                    "ease", "ivl", "lastIvl", "factor", "time", "type"}]}: adds
                                    the cards (copies of their note's first card) and the log rows

Python's own zipfile and sqlite3: the package is rewritten in place.
"""
import json
import os
import sqlite3
import sys
import tempfile
import zipfile


def with_collection(path, change):
    with tempfile.TemporaryDirectory() as work:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            z.extractall(work)
        collection = os.path.join(work, "collection.anki2")
        db = sqlite3.connect(collection)
        result = change(db)
        db.commit()
        db.close()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name in names:
                z.write(os.path.join(work, name), name)
        return result


def cards(db):
    rows = db.execute(
        "SELECT cards.id, cards.nid, cards.ord, notes.flds FROM cards JOIN notes ON notes.id = cards.nid"
        " ORDER BY cards.nid, cards.ord")
    return [{"id": r[0], "note": r[1], "ord": r[2], "front": r[3].split("\x1f")[0]} for r in rows]


def add(db, data):
    for c in data["cards"]:
        db.execute(
            "INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left,"
            " odue, odid, flags, data) SELECT ?, nid, did, ?, mod, usn, type, queue, due, ivl, factor, reps,"
            " lapses, left, odue, odid, flags, data FROM cards WHERE nid = ? ORDER BY ord LIMIT 1",
            (c["id"], c["ord"], c["note"]))
    for r in data["reviews"]:
        db.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                   " VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                   (r["id"], r["cid"], r["ease"], r["ivl"], r["lastIvl"], r["factor"], r["time"], r["type"]))


if __name__ == "__main__":
    mode, package = sys.argv[1], sys.argv[2]
    if mode == "cards":
        print(json.dumps(with_collection(package, cards)))
    else:
        data = json.load(sys.stdin)
        with_collection(package, lambda db: add(db, data))
