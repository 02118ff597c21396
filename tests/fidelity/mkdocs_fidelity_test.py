#!/usr/bin/python3
"""Side by side: tests/fixtures/mkdocs-site built by Debian's MkDocs (with
mkdocs-material and pymdownx) and by prepdeck, compared feature by feature by
../shared/tools/compare_mkdocs.py. prepdeck must have every page URL MkDocs
made, every heading id MkDocs gave on the same page, every file MkDocs copied
with the same bytes, no local href/src that leads nowhere, and show no
extension syntax as text where MkDocs renders it.

usage: mkdocs_fidelity_test.py PREPDECK FIXTURE COMPARE_TOOL WORK_DIR
"""
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys


def main():
    prepdeck, fixture, compare_tool, work = sys.argv[1:5]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    mkdocs_site = os.path.join(work, "mkdocs-site")
    prepdeck_site = os.path.join(work, "prepdeck-site")
    project = os.path.join(work, "project")
    shutil.copytree(fixture, project)
    # Debian's MkDocs, by its own Python (not a python3 that PATH may find first).
    subprocess.run(["/usr/bin/python3", "-m", "mkdocs", "build", "-q", "-f", os.path.join(project, "mkdocs.yml"),
                    "-d", mkdocs_site], check=True)
    subprocess.run([prepdeck, "build", project, "-o", prepdeck_site, "--quiet"], check=True, stdout=subprocess.DEVNULL)
    result = subprocess.run(["/usr/bin/python3", compare_tool, mkdocs_site, prepdeck_site, "--docs",
                             os.path.join(project, "docs")], check=True, capture_output=True, text=True)
    report = json.loads(result.stdout)
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)

    pages = report["pages"]
    check(pages["only_mkdocs"] == 0, f"page URLs MkDocs has and prepdeck lacks: {pages['only_mkdocs_examples']}")
    check(pages["common"] >= 3, f"too few pages compared: {pages}")
    anchors = report["anchors"]
    check(anchors["mkdocs_heading_ids"] >= 8, f"too few heading ids compared: {anchors}")
    check(anchors["missing_in_prepdeck"] == 0,
          f"MkDocs heading ids missing in prepdeck: {anchors['slug_mismatch_examples']} {anchors['absent_examples']}")
    files = report["files"]
    check(files["mkdocs_copied_from_docs"] >= 2 and files["missing_in_prepdeck"] == 0,
          f"files MkDocs copied that prepdeck lacks: {files['missing_examples']}")
    # The same bytes, for every file both copied from docs/.
    docs = os.path.join(project, "docs")
    for root, _, names in os.walk(docs):
        for name in names:
            if name.endswith(".md") or name.startswith("."):
                continue
            relative = os.path.relpath(os.path.join(root, name), docs)
            theirs, ours = os.path.join(mkdocs_site, relative), os.path.join(prepdeck_site, relative)
            check(os.path.exists(theirs) and os.path.exists(ours) and filecmp.cmp(theirs, ours, shallow=False),
                  f"{relative}: not carried over byte for byte")
    broken = report["broken_refs"]["prepdeck"]
    check(broken["broken_targets"] == 0 and broken["broken_fragment_links"] == 0,
          f"prepdeck links to missing files or anchors: {broken['broken_examples']} {broken['broken_fragment_examples']}")
    questions = report["questions"]
    check(questions["pages_differing"] == 0, f"question counts differ: {questions['differing_examples']}")
    for feature, figures in report["features"].items():
        ours, theirs = figures.get("prepdeck_raw_visible", 0), figures.get("mkdocs_raw_visible", 0)
        check(ours <= theirs, f"{feature}: {ours} shown raw by prepdeck, {theirs} by MkDocs: "
                              f"{figures.get('prepdeck_worse_examples')}")
    mermaid = report["features"]["mermaid"]
    check(mermaid["prepdeck_mermaid_container"] == mermaid["mkdocs_mermaid_container"] > 0,
          f"Mermaid diagrams: {mermaid}")
    check(report["features"]["numbered_headings"]["prepdeck_heading_with_list"] == 0, "a heading holds a list")
    # The extensions' own markup, as many times as MkDocs writes it (each is used in the fixture).
    features = report["features"]
    for feature, counter in [("footnotes", "footnote_ref"), ("footnotes", "footnote_block"), ("def_list", "def_list"),
                             ("keys", "keys"), ("mark", "mark"), ("md_in_html", "figure"),
                             ("md_in_html", "figcaption"), ("math", "math"), ("emoji_shortcodes", "emoji")]:
        figures = features.get(feature, {})
        theirs, ours = figures.get("mkdocs_" + counter, 0), figures.get("prepdeck_" + counter, 0)
        check(theirs > 0 and ours >= theirs, f"{feature}: {counter} {ours} in prepdeck, {theirs} in MkDocs")

    # pymdownx.smartsymbols' replacements, as many as MkDocs writes on each page.
    smart = re.compile(r"&(?:rarr|larr|harr|copy|trade|reg|plusmn|ne|frac\d\d|#84\d\d);|\d<sup>(?:st|nd|rd|th)</sup>")
    written = 0
    for root, _, names in os.walk(mkdocs_site):
        for name in names:
            if not name.endswith(".html") or name in ("404.html",):
                continue
            relative = os.path.relpath(os.path.join(root, name), mkdocs_site)
            ours_path = os.path.join(prepdeck_site, relative)
            if not os.path.exists(ours_path):
                continue
            main_of = lambda html: html[html.find("<article") if "<article" in html else 0:]
            with open(os.path.join(root, name), encoding="utf-8") as f:
                theirs = sorted(smart.findall(main_of(f.read())))
            with open(ours_path, encoding="utf-8") as f:
                ours = sorted(smart.findall(main_of(f.read())))
            written += len(theirs)
            check(ours == theirs, f"{relative}: smart symbols {ours} in prepdeck, {theirs} in MkDocs")
    check(written >= 4, f"too few smart symbols compared: {written}")

    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        print(json.dumps(report, indent=1)[:20000])
        return 1
    print(f"fidelity: {pages['common']} pages, {anchors['mkdocs_heading_ids']} heading ids, "
          f"{files['mkdocs_copied_from_docs']} files: as MkDocs has them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
