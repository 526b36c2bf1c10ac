// Compare vigil extract, Mozilla Readability and "all visible text" against
// hand-written references with token F1.
// Usage: node compare.js [FIXTURE_DIR] [VIGIL_BIN]   (writes results.json in the working directory too)
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { JSDOM } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const DIR = process.argv[2] || path.join(__dirname, '../../tests/fixtures/articles');
const VIGIL = process.argv[3] || path.join(__dirname, '../../build/vigil');

function tokens(s) {
  return (s || '').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
}
function f1(cand, ref) {
  const c = tokens(cand), r = tokens(ref);
  if (!c.length || !r.length) return 0;
  const counts = new Map();
  for (const t of r) counts.set(t, (counts.get(t) || 0) + 1);
  let overlap = 0;
  for (const t of c) {
    const n = counts.get(t);
    if (n) { overlap++; counts.set(t, n - 1); }
  }
  if (!overlap) return 0;
  const p = overlap / c.length, rc = overlap / r.length;
  return (2 * p * rc) / (p + rc);
}

// Readability .content HTML -> text with paragraph breaks between blocks.
const BLOCK = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT',
  'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER',
  'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'TD', 'TH', 'UL']);
function htmlToText(html) {
  const doc = new JSDOM(`<!DOCTYPE html><body>${html}</body>`).window.document;
  let out = '';
  (function walk(n) {
    if (n.nodeType === 3) { out += n.nodeValue; return; }
    if (n.nodeType !== 1) return;
    if (n.tagName === 'SCRIPT' || n.tagName === 'STYLE') return;
    if (n.tagName === 'BR') { out += '\n'; return; }
    const blk = BLOCK.has(n.tagName);
    if (blk) out += '\n\n';
    for (const ch of n.childNodes) walk(ch);
    if (blk) out += '\n\n';
  })(doc.body);
  return out.split(/\n\s*\n/).map(p => p.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n\n');
}

let vigilOk = fs.existsSync(VIGIL);
const rows = [];
for (const f of fs.readdirSync(DIR).filter(f => f.endsWith('.html')).sort()) {
  const name = f.slice(0, -5);
  const ref = fs.readFileSync(path.join(DIR, name + '.txt'), 'utf8');
  const bytes = fs.readFileSync(path.join(DIR, f)); // Buffer: jsdom sniffs <meta charset>
  const url = `https://example.org/${name}`;

  const row = { page: name };
  // all visible text (on a fresh document; Readability mutates its input)
  const visDoc = new JSDOM(bytes, { url }).window.document;
  row.visible = f1(visDoc.body ? visDoc.body.textContent : '', ref);

  let art = null, err = null;
  try { art = new Readability(new JSDOM(bytes, { url }).window.document).parse(); }
  catch (e) { err = String(e); }
  row.readabilityNull = !art;
  row.readabilityErr = err;
  row.readability = art ? f1(art.textContent, ref) : 0;
  row.readabilityContent = art ? f1(htmlToText(art.content), ref) : 0;

  row.vigil = null;
  if (vigilOk) {
    try {
      const out = execFileSync(VIGIL, ['extract', path.join(DIR, f)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      row.vigil = f1(out, ref);
    } catch (e) { row.vigilErr = String(e.message).split('\n')[0]; }
  }
  rows.push(row);
}

const fmt = x => (x === null || x === undefined ? '  n/a' : x.toFixed(3));
const mean = k => { const v = rows.map(r => r[k]).filter(x => typeof x === 'number'); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null; };
console.log('| page | vigil F1 | Readability F1 (textContent) | Readability F1 (content→text) | all visible text F1 |');
console.log('|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.page}${r.readabilityNull ? ' (Readability null)' : ''} | ${fmt(r.vigil)} | ${fmt(r.readability)} | ${fmt(r.readabilityContent)} | ${fmt(r.visible)} |`);
console.log(`| **mean (n=${rows.length})** | ${fmt(mean('vigil'))} | ${fmt(mean('readability'))} | ${fmt(mean('readabilityContent'))} | ${fmt(mean('visible'))} |`);
for (const r of rows) {
  if (r.readabilityNull) console.log(`Readability returned null on ${r.page}${r.readabilityErr ? ' (threw: ' + r.readabilityErr + ')' : ''}`);
  if (r.vigilErr) console.log(`vigil failed on ${r.page}: ${r.vigilErr}`);
}
if (!vigilOk) console.log(`vigil binary not found at ${VIGIL}; skipped`);
const v = p => require(p + '/package.json').version;
console.log(`versions: @mozilla/readability ${v('@mozilla/readability')}, jsdom ${v('jsdom')}, node ${process.version}`);
fs.writeFileSync(path.join(process.cwd(), 'results.json'), JSON.stringify(rows, null, 2));
