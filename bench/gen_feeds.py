#!/usr/bin/python3
"""Writes N deterministic, invented news feeds for vigil's macro benchmark (stdlib only).

  /usr/bin/python3 bench/gen_feeds.py --n 1000 --out DIR --base-url http://127.0.0.1:PORT/feeds/

Output: DIR/feeds/fNNNN.xml (about 60% RSS 2.0, 30% Atom 1.0, 10% RSS 1.0/RDF, 20-60 items
each), DIR/urls.txt (one URL per line) and DIR/manifest.json, the ground truth the benchmark
checks vigil's counts against. A small share of items mentions landmines or Ukraine, in the
exact word forms the benchmark's topics list; the filler text never does (it carries near
misses such as "coal mine" and "examined" instead). Some descriptions carry HTML, escaped or
in CDATA. The same seed gives byte-identical files, and every file gets the same fixed mtime,
so a web server's ETag and Last-Modified stay stable between runs.
"""
import argparse
import hashlib
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

FIXED_MTIME = 1717200000  # 2024-06-01T00:00:00Z
KINDS = ["rss"] * 6 + ["atom"] * 3 + ["rdf"]
LANDMINE_SHARE = 0.02
UKRAINE_SHARE = 0.04

SUBJECTS = [
    "The harbour authority", "A farmers' cooperative", "The city council", "Rescue teams",
    "A coalition of charities", "The transport ministry", "Hospital staff", "The central bank",
    "Election monitors", "A group of engineers", "The water board", "Museum curators",
    "Customs officers", "The football federation", "A university laboratory", "Flood wardens",
    "The energy regulator", "Wine growers", "Postal workers", "The planning inspectorate",
]
VERBS = [
    "unveiled", "delayed", "backed", "disputed", "audited", "widened", "praised", "blocked",
    "released", "detailed", "financed", "examined", "paused", "prolonged", "condemned", "sketched",
    "restarted", "finished", "contested", "verified",
]
OBJECTS = [
    "a plan to rebuild the quay", "the cost of school meals", "a route for the new bypass",
    "shelters for the winter", "the outlook for the wheat harvest", "a map of coastal erosion",
    "the night bus timetable", "work on the reservoir wall", "a measles campaign",
    "the grain corridor deal", "a study of rents", "the light-rail extension",
    "grants for displaced families", "the herring quotas", "a network of air sensors",
    "the reopening of the gallery", "new flood barriers", "a truce proposal",
    "the date of the referendum", "a social housing scheme", "checks at the crossing",
    "the container terminal", "a wind farm offshore", "talks on gas prices",
    "the reopening of a coal mine", "a survey of mineral deposits",
]
SETTINGS = [
    "in the northern districts", "near the estuary", "on the coast", "in the capital",
    "across the province", "in four villages", "at the frontier", "in the highlands",
    "ahead of the summit", "after the floods", "in the old quarter", "along the main line",
    "on Monday", "late on Thursday", "this month", "for a third year",
]
CLOSERS = [
    "Further details are expected next week.",
    "Opposition members said the plan came too late.",
    "The measure will be reviewed in the autumn.",
    "Public comments are open until the end of the month.",
    "Nobody was hurt, according to the police.",
    "The numbers could not be checked independently.",
    "A spokesperson would not comment.",
    "The money comes from national and regional budgets.",
    "Work should be complete before the rains.",
    "A similar scheme was abandoned in 2019.",
]
# Word forms here are exactly those the benchmark's topics list (see macro_cycle.sh).
LANDMINE_SENTENCES = [
    "Deminers removed a landmine from a school playground.",
    "Farmers still avoid fields where landmines were reported.",
    "The report counts new anti-personnel mines laid since spring.",
    "A child was injured by an anti-personnel mine near the road.",
]
LANDMINE_TITLES = ["Landmine clearance resumes", "Survey finds more landmines near the border"]
UKRAINE_SENTENCES = [
    "Aid groups in Ukraine asked for generators before the winter.",
    "Officials in Kyiv said the grid held overnight.",
    "Ukrainian grain reached the port despite the delays.",
    "Ukraine's parliament debated the budget on Tuesday.",
    "Kyiv\u2019s metro stations sheltered residents during the alert.",
]
UKRAINE_TITLES = ["Ukraine grain exports rise", "Kyiv reopens its central library"]
FEED_NAMES = ["Gazette", "Courier", "Observer", "Herald", "Dispatch", "Tribune", "Chronicle", "Post"]
PLACES = ["Northport", "Eastvale", "Riverton", "Westmoor", "Southbay", "Highfield", "Lakeside", "Oldbridge"]
RSS_ZONES = [("+0000", 0), ("GMT", 0), ("-0500", -300), ("+0200", 120), ("+0530", 330)]


def sentence(rng):
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(SETTINGS)}."


def html_sentence(rng, n):
    """A filler sentence with markup; the link carries no keyword."""
    return (f"<strong>{rng.choice(SUBJECTS)}</strong> {rng.choice(VERBS)} "
            f"<a href=\"https://archive.example/{n}\">{rng.choice(OBJECTS)}</a> {rng.choice(SETTINGS)}.")


def make_item(rng, feed_no, item_no, when):
    """One item as a dict of plain fields; 'html' tells whether the description is markup."""
    landmine = rng.random() < LANDMINE_SHARE
    ukraine = rng.random() < UKRAINE_SHARE
    html = rng.random() < 0.35
    parts = [html_sentence(rng, feed_no * 100 + item_no) if html and rng.random() < 0.5 else sentence(rng)
             for _ in range(rng.randint(1, 4))]
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    for hit, titles, sentences in ((landmine, LANDMINE_TITLES, LANDMINE_SENTENCES),
                                   (ukraine, UKRAINE_TITLES, UKRAINE_SENTENCES)):
        if not hit:
            continue
        if rng.random() < 0.25:
            title = rng.choice(titles)
        else:
            s = rng.choice(sentences)
            if html:
                s = f"<em>{s}</em>"
            parts.insert(rng.randint(0, len(parts)), s)
    parts.append(rng.choice(CLOSERS))
    text = " ".join(parts)
    if html:
        text = f"<p>{text}</p>"
        if rng.random() < 0.3:
            text += "<p>Prices rose &#8212; again &amp; sharply.<br/></p>"
    slug = hashlib.sha1(f"{feed_no}/{item_no}".encode()).hexdigest()[:10]
    return {
        "title": title,
        "text": text,
        "html": html,
        "link": f"https://news{feed_no % 7}.example/{feed_no}/{slug}-{item_no}",
        "guid": f"urn:bench:{feed_no}:{item_no}:{slug}",
        "when": when,
        "author": f"Reporter {rng.randint(1, 40)}",
        "landmine": landmine,
        "ukraine": ukraine,
    }


def rfc822(when, rng):
    zone, minutes = rng.choice(RSS_ZONES)
    local = when + timedelta(minutes=minutes)
    return local.strftime("%a, %d %b %Y %H:%M:%S ") + zone


def rfc3339(when, rng):
    if rng.random() < 0.5:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    local = when + timedelta(hours=2)
    return local.strftime("%Y-%m-%dT%H:%M:%S+02:00")


def rss_description(item, rng):
    if not item["html"]:
        return escape(item["text"])
    if rng.random() < 0.5:
        return "<![CDATA[" + item["text"] + "]]>"
    return escape(item["text"])


def write_rss(meta, items, rng):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n',
           f"<title>{escape(meta['title'])}</title>\n<link>{meta['home']}</link>\n"
           f"<description>Local news from {meta['place']}</description>\n<language>en</language>\n"]
    for it in items:
        guid = (f"<guid isPermaLink=\"false\">{it['guid']}</guid>" if rng.random() < 0.7
                else f"<guid>{it['link']}</guid>" if rng.random() < 0.5 else "")
        out.append(f"<item>\n<title>{escape(it['title'])}</title>\n<link>{it['link']}</link>\n{guid}\n"
                   f"<pubDate>{rfc822(it['when'], rng)}</pubDate>\n<dc:creator>{it['author']}</dc:creator>\n"
                   f"<description>{rss_description(it, rng)}</description>\n</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def write_atom(meta, items, rng):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n',
           f"<title>{escape(meta['title'])}</title>\n<id>urn:bench:feed:{meta['no']}</id>\n"
           f"<link rel=\"alternate\" href=\"{meta['home']}\"/>\n<updated>2024-06-01T00:00:00Z</updated>\n"]
    for it in items:
        if it["html"] and rng.random() < 0.2:
            # xhtml content: the markup is part of the XML tree
            body = f"<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">{it['text']}</div></content>"
            body = body.replace("&#8212;", "\u2014").replace("<br/>", "<br />")
        elif it["html"]:
            body = f"<summary type=\"html\">{escape(it['text'])}</summary>"
        else:
            body = f"<summary>{escape(it['text'])}</summary>"
        stamp = rfc3339(it["when"], rng)
        out.append(f"<entry>\n<title>{escape(it['title'])}</title>\n<id>{it['guid']}</id>\n"
                   f"<link rel=\"alternate\" href=\"{it['link']}\"/>\n<published>{stamp}</published>\n"
                   f"<updated>{stamp}</updated>\n<author><name>{it['author']}</name></author>\n{body}\n</entry>\n")
    out.append("</feed>\n")
    return "".join(out)


def write_rdf(meta, items, rng):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
           ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n',
           f"<channel rdf:about=\"{meta['home']}\">\n<title>{escape(meta['title'])}</title>\n"
           f"<link>{meta['home']}</link>\n<description>Notices from {meta['place']}</description>\n<items><rdf:Seq>\n"]
    out += [f"<rdf:li rdf:resource=\"{it['link']}\"/>\n" for it in items]
    out.append("</rdf:Seq></items>\n</channel>\n")
    for it in items:
        out.append(f"<item rdf:about=\"{it['link']}\">\n<title>{escape(it['title'])}</title>\n<link>{it['link']}</link>\n"
                   f"<dc:date>{rfc3339(it['when'], rng)}</dc:date>\n<dc:creator>{it['author']}</dc:creator>\n"
                   f"<description>{escape(it['text'])}</description>\n</item>\n")
    out.append("</rdf:RDF>\n")
    return "".join(out)


WRITERS = {"rss": write_rss, "atom": write_atom, "rdf": write_rdf}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="number of feeds")
    ap.add_argument("--seed", default="vigil-macro-1")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--base-url", required=True, help="URL prefix the feeds are served under")
    a = ap.parse_args()
    feeds_dir = os.path.join(a.out, "feeds")
    os.makedirs(feeds_dir, exist_ok=True)
    base = a.base_url if a.base_url.endswith("/") else a.base_url + "/"
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    totals = {"feeds": a.n, "items": 0, "bytes": 0, "rss": 0, "atom": 0, "rdf": 0,
              "landmine_items": 0, "ukraine_items": 0, "matching_items": 0, "html_items": 0}
    urls = []
    for no in range(a.n):
        rng = random.Random(f"{a.seed}/{no}")
        kind = KINDS[(no * 7) % len(KINDS)]
        place = rng.choice(PLACES)
        meta = {"no": no, "place": place, "title": f"{place} {rng.choice(FEED_NAMES)} #{no}",
                "home": f"https://news{no % 7}.example/{no}/"}
        first = start + timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        items = []
        for k in range(rng.randint(20, 60)):
            items.append(make_item(rng, no, k, first + timedelta(minutes=37 * k)))
        items.reverse()  # newest first, as feeds usually list them
        doc = WRITERS[kind](meta, items, rng).encode("utf-8")
        path = os.path.join(feeds_dir, f"f{no:04d}.xml")
        with open(path, "wb") as fh:
            fh.write(doc)
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
        urls.append(f"{base}f{no:04d}.xml")
        totals[kind] += 1
        totals["items"] += len(items)
        totals["bytes"] += len(doc)
        totals["landmine_items"] += sum(it["landmine"] for it in items)
        totals["ukraine_items"] += sum(it["ukraine"] for it in items)
        totals["matching_items"] += sum(it["landmine"] or it["ukraine"] for it in items)
        totals["html_items"] += sum(it["html"] for it in items)
    with open(os.path.join(a.out, "urls.txt"), "w") as fh:
        fh.write("\n".join(urls) + "\n")
    manifest = {"generator": "vigil bench/gen_feeds.py v1", "n": a.n, "seed": a.seed, "totals": totals}
    with open(os.path.join(a.out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
        fh.write("\n")
    sys.stderr.write(f"gen_feeds: {a.n} feeds, {totals['items']} items, {totals['bytes'] / 1e6:.1f} MB, "
                     f"{totals['matching_items']} matching items -> {a.out}\n")


if __name__ == "__main__":
    main()
