import type { VerifyView } from './verify.js';

/**
 * `/verify`, rendered on the server: plain HTML that works without JavaScript, its own small stylesheet,
 * no script at all. The same approach as the tracking page (modules/tracking/page.ts), kept apart so
 * each page can change alone.
 */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

const CSS = `
:root{--ink:#1d1d1f;--muted:#5f6368;--line:#e3e3e8;--bg:#f6f5f2;--card:#fff;--accent:#6b4f2a;--ok:#2f7d4f;--bad:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);-webkit-text-size-adjust:100%}
main{max-width:40rem;margin:0 auto;padding:1rem}
header{display:flex;align-items:center;gap:.75rem;padding:.5rem 0 1rem}
header img{max-height:3rem;max-width:8rem;object-fit:contain}
h1{font-size:1.25rem;margin:0}
section{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin:0 0 1rem}
h2{font-size:1.05rem;margin:0 0 .75rem}
.num{color:var(--muted);font-size:.9rem;margin:0;font-variant-numeric:tabular-nums}
.title{font-size:1.4rem;margin:.1rem 0 .5rem;line-height:1.25}
.verdict{font-size:1.2rem;font-weight:700;padding:.75rem 1rem;border-radius:.75rem;margin:0 0 1rem}
.verdict.ok{background:#eaf5ee;color:var(--ok);border:2px solid var(--ok)}
.verdict.bad{background:#fbeceb;color:var(--bad);border:2px solid var(--bad)}
.verdict small{display:block;font-weight:400;font-size:.9rem;color:var(--ink);margin-top:.2rem}
.warn{background:var(--bad);color:#fff;border-radius:.75rem;padding:1rem;margin:0 0 1rem;font-weight:600}
.warn p{margin:.25rem 0 0;font-weight:400}
.muted{color:var(--muted);font-size:.9rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:0}
dt{color:var(--muted)}dd{margin:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:.6rem}
figure{margin:0}
figure a{display:block;border-radius:.5rem;overflow:hidden;background:var(--line);aspect-ratio:1}
figure img{width:100%;height:100%;object-fit:cover;display:block}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.25rem}
ol.events{list-style:none;margin:0;padding:0}
ol.events li{padding:.5rem 0;border-bottom:1px solid var(--line)}
ol.events li:last-child{border-bottom:0}
ol.events b{display:block}
.stone{padding:.5rem 0;border-bottom:1px solid var(--line)}.stone:last-child{border-bottom:0}
button{font:inherit;border:0;border-radius:.5rem;padding:.7rem 1rem;background:var(--accent);color:#fff;cursor:pointer;width:100%;min-height:2.75rem}
input{font:inherit;width:100%;padding:.6rem;border:1px solid #b9b9c0;border-radius:.5rem;background:#fff}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
.notice{border-left:4px solid var(--ok);padding:.5rem .75rem;background:#eef7f1;border-radius:.25rem}
.error{border-left:4px solid var(--bad);padding:.5rem .75rem;background:#fbeceb;border-radius:.25rem}
details summary{cursor:pointer;font-weight:600}
a{color:var(--accent)}
`;

export interface PageOptions {
  nonce: string;
  flash?: { kind: 'notice' | 'error'; text: string } | undefined;
}

function layout(title: string, body: string, opts: PageOptions) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style nonce="${opts.nonce}">${CSS}</style></head><body><main>${body}</main></body></html>`;
}

const flashOf = (opts: PageOptions) =>
  opts.flash ? `<p class="${opts.flash.kind}" role="${opts.flash.kind === 'error' ? 'alert' : 'status'}">${esc(opts.flash.text)}</p>` : '';

function formatDay(isoDate: string, locale: string) {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

function verdictBlock(v: VerifyView) {
  return v.verified
    ? `<p class="verdict ok" id="verdict" role="status">✓ Verified<small>Signed by ${esc(v.issuer)}; every record in its history checks out.</small></p>`
    : `<p class="verdict bad" id="verdict" role="alert">✗ Not verified<small>This record does not match its signatures: it may have been altered. Contact the issuing shop before relying on it.</small></p>`;
}

const row = (label: string, value: string | number | null) => (value === null || value === '' ? '' : `<dt>${esc(label)}</dt><dd>${esc(String(value))}</dd>`);

function claimForm(v: VerifyView) {
  return `<section id="claim" aria-labelledby="claim-h"><details><summary id="claim-h">Received this piece? Claim it with a transfer code</summary>
<p class="muted">The previous owner gets a one-time code from the shop. Your name stays private to the shop.</p>
<form method="post" action="/verify/${esc(v.number)}/claim"><label for="code">Transfer code</label><input id="code" name="code" autocomplete="off" autocapitalize="characters" placeholder="ABCD-EFGH-JKLM" maxlength="20" required>
<label for="name">Your name</label><input id="name" name="name" autocomplete="name" maxlength="120" required>
<label for="contact">E-mail or phone (optional)</label><input id="contact" name="contact" autocomplete="email" maxlength="200">
<p><button type="submit">Claim ownership</button></p></form></details></section>`;
}

/** The page for one passport, at `/verify/:number`. */
export function verifyPage(v: VerifyView, opts: PageOptions): string {
  if (v.visibility === 'private') {
    const body = `<header><h1>Passport ${esc(v.number)}</h1></header>${flashOf(opts)}${verdictBlock(v)}
<section><p>This passport exists and was issued by ${esc(v.issuer)}. Its owner keeps its details private.</p></section>${claimForm(v)}`;
    return layout(`Passport ${v.number}`, body, opts);
  }
  const p = v.piece;
  const locale = v.shop.locale;
  const warning = v.missing
    ? `<div class="warn" id="missing" role="alert">⚠ This piece has been reported ${v.missing}.<p>If it has been offered to you, do not buy it: contact ${esc(v.shop.name)} or the police.</p></div>`
    : '';
  const spec = `<dl>${row('Type', p.jewelleryType)}${row('Metal', [p.metal, p.fineness].filter(Boolean).join(' ') || null)}${row('Hallmarks', p.hallmarks)}${row(
    'Weight',
    p.weightGrams === null ? null : `${p.weightGrams} g`,
  )}${row('Measurements', p.measurements)}${row('Maker', p.maker)}${row('Made', p.madeOn ? formatDay(p.madeOn, locale) : null)}</dl>${
    p.madeElsewhere ? `<p class="muted">Recorded by ${esc(v.issuer)}; not made by this shop.</p>` : ''
  }`;
  const stones =
    v.stones.length === 0
      ? ''
      : `<section aria-labelledby="stones-h"><h2 id="stones-h">Stones</h2>${v.stones
          .map(
            (s) =>
              `<div class="stone"><b>${esc([s.carat === null ? null : `${s.carat} ct`, s.shape, s.kind].filter(Boolean).join(' '))}</b>${[
                s.colour ? `Colour ${s.colour}` : '',
                s.clarity ? `Clarity ${s.clarity}` : '',
                s.certificateLab ? `${s.certificateLab} ${s.certificateNumber ?? ''}`.trim() : '',
                s.inscription ? `Inscription “${s.inscription}”` : '',
              ]
                .filter(Boolean)
                .map((t) => `<div class="muted">${esc(t)}</div>`)
                .join('')}</div>`,
          )
          .join('')}</section>`;
  const photos =
    v.photos.length === 0
      ? ''
      : `<section aria-labelledby="photos-h"><h2 id="photos-h">Photos</h2><div class="grid">${v.photos
          .map(
            (f) =>
              `<figure><a href="${esc(f.url)}" target="_blank" rel="noopener"><img src="${esc(f.thumbnailUrl)}" alt="${esc(f.caption ?? 'Photo of the piece')}" loading="lazy" width="160" height="160"></a>${
                f.caption ? `<figcaption>${esc(f.caption)}</figcaption>` : ''
              }</figure>`,
          )
          .join('')}</div></section>`;
  const events = `<section aria-labelledby="history-h"><h2 id="history-h">History</h2><ol class="events">${v.events
    .map(
      (e) =>
        `<li><b>${esc(e.label)}</b><span class="muted">${esc(formatDay(e.occurredOn, locale))}</span>${e.note ? `<div>${esc(e.note)}</div>` : ''}${
          e.value ? `<div>Value: ${esc(e.value)}</div>` : ''
        }</li>`,
    )
    .join('')}</ol><p class="muted">${v.owners === 1 ? 'One owner since issue.' : `${v.owners} owners since issue.`}</p></section>`;
  const s = v.shop;
  const contact = `<section aria-labelledby="shop-h"><h2 id="shop-h">Issued by ${esc(s.name)}</h2>${s.phone ? `<p>Phone: ${esc(s.phone)}</p>` : ''}${
    s.email ? `<p>E-mail: ${esc(s.email)}</p>` : ''
  }${s.address ? `<p style="white-space:pre-line">${esc(s.address)}</p>` : ''}<p class="muted">Check the signatures yourself: <a href="/.well-known/jwks.json">the shop’s public keys</a>.</p></section>`;
  const body = `<header>${s.logoUrl ? `<img src="${esc(s.logoUrl)}" alt="" referrerpolicy="no-referrer">` : ''}<h1>Provenance passport</h1></header>
${flashOf(opts)}${warning}${verdictBlock(v)}
<section aria-labelledby="piece-h"><p class="num">${esc(v.number)}</p><h2 id="piece-h" class="title">${esc(p.title)}</h2>${spec}</section>
${photos}${stones}${events}${claimForm(v)}${contact}`;
  return layout(`${v.number} · ${p.title}`, body, opts);
}

/** `/verify`: a number or UUID to type in. */
export function lookupPage(opts: PageOptions & { value?: string | undefined }): string {
  const body = `<header><h1>Check a provenance passport</h1></header>${flashOf(opts)}
<section><form method="get" action="/verify"><label for="q">Passport number</label><input id="q" name="q" autocomplete="off" autocapitalize="characters" placeholder="LP-123456789" maxlength="60" required value="${esc(opts.value ?? '')}">
<p><button type="submit">Check</button></p></form></section>
<p class="muted">The QR code on the certificate opens the passport directly.</p>`;
  return layout('Check a provenance passport', body, opts);
}

export function problemPage(title: string, text: string, opts: PageOptions): string {
  const body = `<header><h1>${esc(title)}</h1></header><section><p>${esc(text)}</p><p><a href="/verify">Check another passport</a></p></section>`;
  return layout(title, body, opts);
}
