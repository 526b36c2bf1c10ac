#!/usr/bin/python3
"""Differential conformance: feedparser (the reference) against `vigil parse`.

usage: conformance.py VIGIL_BINARY [--base URL] [--verbose] FILE...

For each file: feedparser.parse(bytes, content-location=BASE) and `vigil parse FILE --base BASE`,
then per entry, in document order: id, title, link, published, updated, author, summary and
content presence; per feed: title, link, entry count. Prints the mismatches (field, feedparser
value, vigil value) and the pass rate (entries whose every field matches / entries).

Normalisations (only where the two shapes legitimately differ):
  * text: surrounding whitespace trimmed and inner runs collapsed to one space (both sides).
  * titles: feedparser keeps markup in titles it types as HTML; vigil's titles are plain text, so
    feedparser's HTML titles are stripped of tags and entity-decoded before comparing.
  * id: feedparser leaves `id` unset when the feed has none; vigil falls back to the link, else to
    "hash:...". With no feedparser id, vigil's id must be its link or a hash: id.
  * dates: feedparser's *_parsed (a UTC struct_time) printed as RFC 3339 UTC; vigil's fractional
    seconds dropped. vigil's published is the publication date, else the only date given (an
    Atom entry with only <updated>), so `published` compares with feedparser's published_parsed,
    else updated_parsed. vigil never copies published into updated, so `updated` compares vigil
    updated-else-published with feedparser updated-else-published.
    Atom 0.3's <created> (feedparser's created_parsed) counts as a publication date.
  * author: feedparser's `author` is "Name (email)" when both are known; compared are the names
    (else emails) of feedparser's `authors`, joined with ", " as vigil joins them. A single
    author is read from feedparser's raw `author` string ("email (Name)", "Name <email>" give
    Name) because feedparser 6.0 truncates emails with long TLDs such as ".example" (with
    several authors, its truncated "ple (Name" is read as Name).
  * JSON Feed files are skipped: feedparser 6.0 (Debian 12) does not read JSON Feed.
  * summary/content: only presence compared; vigil keeps HTML (never sanitized) where feedparser
    sanitizes, and feedparser copies content into summary when there is no summary, so
    "summary" means "summary or content is non-empty" on both sides.
  * links: compared after percent-decoding (vigil percent-encodes spaces and non-ASCII IRIs).
"""
import html
import json
import re
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import feedparser

TAG = re.compile(r"<[^>]*>")


def norm(text):
    return " ".join((text or "").split())


def plain(detail, value):
    value = value or ""
    kind = (detail or {}).get("type", "text/plain")
    if "html" in kind:
        value = html.unescape(TAG.sub("", value))
    return norm(value)


def url(value):
    return urllib.parse.unquote(norm(value))


def rfc3339(st):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", st) if st else None


def vigil_date(value):
    # vigil prints RFC 3339 UTC, possibly with fractional seconds: compare whole seconds.
    return re.sub(r"\.\d+Z$", "Z", value) if value else None


EMAIL_THEN_NAME = re.compile(r"^(\S+@\S+)\s*\((.+)\)$")
NAME_THEN_EMAIL = re.compile(r"^(.+?)\s*<\S+@\S+>$")


def author_name(author):
    cut = re.match(r"^\S*\s*\((.+?)\)?$", author.get("name") or "")
    if author.get("email") and cut:  # feedparser's truncated "email (Name)": keep Name
        return norm(cut.group(1))
    return norm(author.get("name") or author.get("email"))


def fp_authors(entry):
    raw = norm(dict.get(entry, "author", ""))
    if len(dict.get(entry, "authors", []) or []) <= 1 and raw:
        # feedparser 6.0's email pattern cuts long TLDs ("x@ngo.example" -> email "x@ngo.exam",
        # name "ple"): read a single author from its raw string with the same conventions.
        for pattern, group in ((EMAIL_THEN_NAME, 2), (NAME_THEN_EMAIL, 1)):
            m = pattern.match(raw)
            if m:
                return norm(m.group(group))
        if re.fullmatch(r"\S+@\S+", raw):
            return raw
    names = [author_name(a) for a in dict.get(entry, "authors", []) or []]
    names = [n for n in names if n]
    if not names:
        detail = dict.get(entry, "author_detail") or {}
        one = norm(detail.get("name") or detail.get("email") or dict.get(entry, "author", ""))
        names = [one] if one else []
    seen = []
    for n in names:
        if n not in seen:
            seen.append(n)
    return ", ".join(seen)


def expected_entry(e):
    pub = dict.get(e, "published_parsed") or dict.get(e, "created_parsed")
    upd = dict.get(e, "updated_parsed")
    has_summary = bool(norm(dict.get(e, "summary", "")))
    has_content = any(norm(c.get("value")) for c in dict.get(e, "content", []) or [])
    return {
        "id": norm(dict.get(e, "id", "")) or None,
        "title": plain(dict.get(e, "title_detail"), dict.get(e, "title", "")),
        "link": url(dict.get(e, "link", "")),
        "published": rfc3339(pub or upd),
        "updated": rfc3339(upd or pub),
        "author": fp_authors(e),
        "summary": has_summary or has_content,
        "content": has_content,
    }


def actual_entry(e):
    return {
        "id": norm(e["id"]),
        "title": norm(e["title"]),
        "link": url(e["link"]),
        "published": vigil_date(e["published"]),
        "updated": vigil_date(e["updated"] or e["published"]),
        "author": norm(e["author"]),
        "summary": bool(norm(e["summary"]) or norm(e["content"])),
        "content": bool(norm(e["content"])),
    }


def compare_file(vigil, base, path):
    """-> (entries, passed, [(file, where, field, fp, vigil)])"""
    with open(path, "rb") as f:
        data = f.read()
    fp = feedparser.parse(data, response_headers={"content-location": base})
    run = subprocess.run([vigil, "parse", path, "--base", base], capture_output=True, text=True)
    if run.returncode != 0:
        got = {"title": "", "link": "", "entries": []}
        error = norm(run.stderr)[:80] or f"exit {run.returncode}"
    else:
        got = json.loads(run.stdout)
        error = None
    out = []
    if error and fp.entries:
        out.append((path, "feed", "parse", "ok", error))
    feed = fp.feed
    pairs = [("title", plain(dict.get(feed, "title_detail"), dict.get(feed, "title", "")), norm(got["title"])),
             ("link", url(dict.get(feed, "link", "")), url(got["link"]))]
    for field, want, have in pairs:
        if want != have:
            out.append((path, "feed", field, want, have))
    if len(fp.entries) != len(got["entries"]):
        out.append((path, "feed", "count", len(fp.entries), len(got["entries"])))
    total = max(len(fp.entries), len(got["entries"]))
    passed = 0
    for i in range(total):
        if i >= len(fp.entries) or i >= len(got["entries"]):
            continue
        want, have = expected_entry(fp.entries[i]), actual_entry(got["entries"][i])
        ok = True
        for field in want:
            w, h = want[field], have[field]
            if field == "id" and w is None:
                if h == have["link"] or h == norm(got["entries"][i]["link"]) or h.startswith("hash:"):
                    continue
            if w != h:
                ok = False
                out.append((path, f"#{i + 1}", field, w, h))
        passed += ok
    return total, passed, out


def clip(value, width=48):
    text = repr(value) if not isinstance(value, str) else value
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)  # keep the table readable
    return text if len(text) <= width else text[: width - 3] + "..."


def main(argv):
    base = "http://example.test/feed"
    verbose = False
    args = []
    it = iter(argv[1:])
    vigil = next(it)
    for a in it:
        if a == "--base":
            base = next(it)
        elif a in ("-v", "--verbose"):
            verbose = True
        else:
            args.append(a)
    skipped = [a for a in args if a.endswith(".json")]
    args = [a for a in args if not a.endswith(".json")]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda p: compare_file(vigil, base, p), args))
    total = sum(r[0] for r in results)
    passed = sum(r[1] for r in results)
    mismatches = [m for r in results for m in r[2]]
    if mismatches:
        print(f"{'file':40} {'where':6} {'field':10} {'feedparser':48} | vigil")
        for path, where, field, want, have in mismatches:
            name = path if len(path) <= 40 else "..." + path[-37:]
            w, h = (clip(want, 10**6), clip(have, 10**6)) if verbose else (clip(want), clip(have))
            print(f"{name:40} {where:6} {field:10} {w:48} | {h}")
    clean_files = sum(1 for r in results if not r[2])
    rate = 100.0 * passed / total if total else 100.0
    print(f"\nfiles: {len(results)} ({clean_files} without any mismatch); "
          f"entries fully matching: {passed}/{total} = {rate:.1f}%; mismatches: {len(mismatches)}"
          + (f"; skipped (JSON Feed): {len(skipped)}" if skipped else ""))
    return 0 if passed == total and not mismatches else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
