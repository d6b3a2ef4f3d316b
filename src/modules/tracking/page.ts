import type { TrackingView } from './schemas.js';

/**
 * The customer's tracking page, rendered on the server: plain HTML that works without JavaScript
 * (forms post and redirect back), its own small stylesheet and one small script for the lightbox.
 * Nothing of the staff app is loaded.
 */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

const CSS = `
:root{--ink:#1d1d1f;--muted:#5f6368;--line:#e3e3e8;--bg:#f6f5f2;--card:#fff;--accent:#6b4f2a;--ok:#2f7d4f;--warn:#a05a00}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);-webkit-text-size-adjust:100%}
main{max-width:40rem;margin:0 auto;padding:1rem}
header{display:flex;align-items:center;gap:.75rem;padding:.5rem 0 1rem}
header img{max-height:3rem;max-width:8rem;object-fit:contain}
header h1{font-size:1.25rem;margin:0}
section{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin:0 0 1rem}
h2{font-size:1.05rem;margin:0 0 .75rem}
.ref{color:var(--muted);font-size:.9rem;margin:0}
.title{font-size:1.4rem;margin:.1rem 0 .5rem;line-height:1.25}
.stage{font-size:1.1rem;font-weight:600;color:var(--accent);margin:0}
.bar{height:.6rem;background:var(--line);border-radius:1rem;overflow:hidden;margin:.5rem 0 .25rem}
.bar span{display:block;height:100%;background:var(--accent)}
.muted{color:var(--muted);font-size:.9rem}
ol.steps{list-style:none;margin:0;padding:0}
ol.steps li{position:relative;padding:0 0 .9rem 2rem;color:var(--muted)}
ol.steps li:before{content:"";position:absolute;left:.35rem;top:.35rem;width:.8rem;height:.8rem;border-radius:50%;border:2px solid var(--line);background:var(--card)}
ol.steps li:after{content:"";position:absolute;left:.72rem;top:1.3rem;bottom:.1rem;width:2px;background:var(--line)}
ol.steps li:last-child:after{display:none}
ol.steps li.done{color:var(--ink)}
ol.steps li.done:before{background:var(--ok);border-color:var(--ok)}
ol.steps li.current{color:var(--ink);font-weight:600}
ol.steps li.current:before{background:var(--accent);border-color:var(--accent);box-shadow:0 0 0 4px #6b4f2a33}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:.6rem}
figure{margin:0}
figure a{display:block;border-radius:.5rem;overflow:hidden;background:var(--line);aspect-ratio:1}
figure img{width:100%;height:100%;object-fit:cover;display:block}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.25rem}
.money{font-size:1.3rem;font-weight:600;margin:0}
button,.button{font:inherit;border:0;border-radius:.5rem;padding:.7rem 1rem;background:var(--accent);color:#fff;cursor:pointer;width:100%;min-height:2.75rem}
button.secondary{background:var(--card);color:var(--ink);border:1px solid var(--ink)}
textarea,input{font:inherit;width:100%;padding:.6rem;border:1px solid #b9b9c0;border-radius:.5rem;background:#fff}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
form{margin:.5rem 0 0}
.row{display:grid;gap:.6rem}
table.quote{width:100%;border-collapse:collapse;margin:.5rem 0}table.quote td,table.quote th{padding:.4rem 0;border-bottom:1px solid #e5e1da;text-align:left;vertical-align:top}table.quote .num{text-align:right;white-space:nowrap}
.notice{border-left:4px solid var(--ok);padding:.5rem .75rem;background:#eef7f1;border-radius:.25rem}
.error{border-left:4px solid #b3261e;padding:.5rem .75rem;background:#fbeceb;border-radius:.25rem}
.msg{padding:.5rem .75rem;border-radius:.75rem;margin:0 0 .5rem;max-width:85%;white-space:pre-wrap;overflow-wrap:anywhere}
.msg.customer{background:#efe7dc;margin-left:auto}
.msg.shop{background:#eef0f4}
.msg small{display:block;color:var(--muted);font-size:.75rem}
address{font-style:normal;white-space:pre-line}
a{color:var(--accent)}
dialog{border:0;padding:0;background:#000e;max-width:100vw;max-height:100vh;width:100vw;height:100vh}
dialog img{max-width:100%;max-height:calc(100vh - 5rem);display:block;margin:1rem auto 0;object-fit:contain}
dialog p{color:#fff;text-align:center;margin:.5rem 1rem}
dialog .nav{position:fixed;top:50%;transform:translateY(-50%);width:3rem;min-height:3rem;background:#fff3;border-radius:50%;padding:0}
dialog .prev{left:.5rem}dialog .next{right:.5rem}
dialog .close{position:fixed;top:.5rem;right:.5rem;width:auto;background:#fff3}
@media (min-width:40rem){.row{grid-template-columns:1fr 1fr}}
`;

const JS = `
(function(){var d=document.getElementById('lightbox');if(!d||!d.showModal)return;
var links=[].slice.call(document.querySelectorAll('a[data-lightbox]')),i=0,img=d.querySelector('img'),cap=d.querySelector('p');
function show(n){i=(n+links.length)%links.length;var a=links[i];img.src=a.href;img.alt=a.getAttribute('data-caption')||'';cap.textContent=a.getAttribute('data-caption')||'';}
links.forEach(function(a,n){a.addEventListener('click',function(e){e.preventDefault();show(n);d.showModal();});});
d.querySelector('.prev').onclick=function(){show(i-1)};d.querySelector('.next').onclick=function(){show(i+1)};
d.querySelector('.close').onclick=function(){d.close()};
d.addEventListener('keydown',function(e){if(e.key==='ArrowLeft')show(i-1);if(e.key==='ArrowRight')show(i+1);});
var x0=null;d.addEventListener('touchstart',function(e){x0=e.touches[0].clientX},{passive:true});
d.addEventListener('touchend',function(e){if(x0===null)return;var dx=e.changedTouches[0].clientX-x0;if(Math.abs(dx)>40)show(dx<0?i+1:i-1);x0=null;});
})();`;

export interface PageOptions {
  nonce: string;
  /** A message to show at the top: a confirmation or what went wrong. */
  flash?: { kind: 'notice' | 'error'; text: string } | undefined;
}

function layout(title: string, body: string, opts: PageOptions, script = false) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style nonce="${opts.nonce}">${CSS}</style></head><body><main>${body}</main>${script ? `<script nonce="${opts.nonce}">${JS}</script>` : ''}</body></html>`;
}

const flashOf = (opts: PageOptions) =>
  opts.flash ? `<p class="${opts.flash.kind}" role="${opts.flash.kind === 'error' ? 'alert' : 'status'}">${esc(opts.flash.text)}</p>` : '';

function formatDay(isoDate: string, locale: string) {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

function formatMoment(at: Date, shop: { locale: string; timeZone: string }) {
  return new Intl.DateTimeFormat(shop.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone }).format(at);
}

function figure(f: TrackingView['attachments'][number]) {
  const caption = f.caption ?? '';
  const isImage = f.contentType.startsWith('image/');
  const link = isImage ? `data-lightbox data-caption="${esc(caption)}"` : 'target="_blank" rel="noopener"';
  return `<figure><a href="${esc(f.url)}" ${link}><img src="${esc(f.thumbnailUrl)}" alt="${esc(caption || 'Photo of your piece')}" loading="lazy" decoding="async" width="160" height="160"></a>${caption ? `<figcaption>${esc(caption)}</figcaption>` : ''}</figure>`;
}

function approvalSection(v: TrackingView, action: string) {
  if (!v.approval) return '';
  const ids = new Set(v.approval.attachmentIds);
  const renders = v.attachments.filter((f) => ids.has(f.id));
  const decided = v.approval.decision;
  const head = `<section id="approval" aria-labelledby="approval-h"><h2 id="approval-h">Your design is ready for approval</h2><div class="grid">${renders.map(figure).join('')}</div>`;
  if (decided) {
    const when = formatMoment(decided.at, v.shop);
    const text =
      decided.decision === 'approved'
        ? `You approved this design on ${when}. Thank you; we will carry on with your piece.`
        : `You asked for changes on ${when}. We will send you a new design.`;
    return `${head}<p class="notice" role="status">${esc(text)}</p></section>`;
  }
  const idsField = `<input type="hidden" name="attachmentIds" value="${esc(v.approval.attachmentIds.join(','))}">`;
  return `${head}<p class="muted">Take your time looking at the design. When you are happy, approve it; or tell us what you would like changed.</p>
<div class="row"><form method="post" action="${action}">${idsField}<input type="hidden" name="decision" value="approved"><button type="submit">Approve design</button></form>
<form method="post" action="${action}">${idsField}<input type="hidden" name="decision" value="changes_requested"><label for="comment">What would you like changed?</label><textarea id="comment" name="comment" rows="3" maxlength="2000" required></textarea><p><button type="submit" class="secondary">Request changes</button></p></form></div></section>`;
}

function quoteSection(v: TrackingView, action: string) {
  if (!v.quote) return '';
  const rows = v.quote.lines
    .map(
      (l) =>
        `<tr><td>${esc(l.work)}${l.description ? `<br><small class="muted">${esc(l.description)}</small>` : ''}</td><td class="num">${esc(l.formatted)}</td></tr>`,
    )
    .join('');
  return `<section id="quote" aria-labelledby="quote-h"><h2 id="quote-h">Your quote</h2>
<table class="quote"><tbody>${rows}</tbody><tfoot><tr><th scope="row">Total</th><td class="num"><strong>${esc(v.quote.formatted)}</strong></td></tr></tfoot></table>
<p class="muted">Approve the quote and we will start work; or decline it and we will keep your piece safe until you collect it.</p>
<div class="row"><form method="post" action="${action}"><input type="hidden" name="decision" value="approved"><button type="submit">Approve quote</button></form>
<form method="post" action="${action}"><input type="hidden" name="decision" value="declined"><label for="quote-comment">Anything to tell us? (optional)</label><textarea id="quote-comment" name="comment" rows="2" maxlength="2000"></textarea><p><button type="submit" class="secondary">Decline</button></p></form></div></section>`;
}

/** What is left to pay on collection; paid in full says so (also when more was paid: the shop settles that). */
function balanceSection(v: TrackingView) {
  if (!v.balanceDue) return '';
  const owing = v.balanceDue.amountCents > 0;
  return `<section aria-labelledby="balance-h"><h2 id="balance-h">${owing ? 'Balance due on collection' : 'Balance'}</h2><p class="money">${owing ? esc(v.balanceDue.formatted) : 'Paid in full'}</p></section>`;
}

function contactSection(v: TrackingView) {
  const s = v.shop;
  const lines = [
    s.phone ? `<p>Phone: <a href="tel:${esc(s.phone.replace(/[^+\d]/g, ''))}">${esc(s.phone)}</a></p>` : '',
    s.email ? `<p>E-mail: <a href="mailto:${esc(s.email)}">${esc(s.email)}</a></p>` : '',
    s.address ? `<address>${esc(s.address)}</address>` : '',
    s.openingHours ? `<p class="muted" style="white-space:pre-line">${esc(s.openingHours)}</p>` : '',
  ].join('');
  return `<section aria-labelledby="contact-h"><h2 id="contact-h">${esc(s.name)}</h2>${lines || '<p class="muted">Contact the shop with your reference.</p>'}</section>`;
}

function messagesSection(v: TrackingView, action: string) {
  const list = v.messages
    .map(
      (m) => `<p class="msg ${m.from}">${esc(m.body)}<small>${m.from === 'shop' ? esc(v.shop.name) : 'You'} · ${esc(formatMoment(m.at, v.shop))}</small></p>`,
    )
    .join('');
  return `<section id="messages" aria-labelledby="messages-h"><h2 id="messages-h">Messages</h2>${list || '<p class="muted">Questions about your piece? Send the shop a message; they will answer by your usual contact.</p>'}
<form method="post" action="${action}"><label for="message">Your message</label><textarea id="message" name="body" rows="3" maxlength="1000" required></textarea><p><button type="submit">Send message</button></p></form></section>`;
}

/** The page for one job, at `/track/:code`. */
export function trackingPage(v: TrackingView, code: string, opts: PageOptions): string {
  const base = `/track/${encodeURIComponent(code)}`;
  const stepper = `<ol class="steps">${v.steps
    .map((s) => `<li class="${s.state}"${s.state === 'current' ? ' aria-current="step"' : ''}>${esc(s.label)}</li>`)
    .join('')}</ol>`;
  const approvalIds = new Set(v.approval?.attachmentIds ?? []);
  const photos = v.attachments.filter((f) => !approvalIds.has(f.id));
  // A date to look forward to while the work is under way; not once the piece is ready or collected, nor for a cancelled job.
  const underWay = v.progress < 100 && v.stage !== 'cancelled';
  const due =
    v.estimatedCompletion && underWay
      ? `<p class="muted">Estimated completion: <strong>${esc(formatDay(v.estimatedCompletion, v.shop.locale))}</strong></p>`
      : '';
  // A cancelled piece has no progress to show: "0% complete" and every step not reached read as if nothing had happened.
  const progress =
    v.stage === 'cancelled'
      ? ''
      : `<div class="bar" role="progressbar" aria-label="Progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${v.progress}"><span style="width:${v.progress}%"></span></div>
<p class="muted">${v.progress}% complete</p>`;
  const sideNote =
    v.stage === 'on_hold'
      ? '<p class="muted">Work on your piece is paused for the moment; the shop will be in touch.</p>'
      : v.stage === 'approval' && !v.approval
        ? '<p class="muted">The shop will share the design with you here for your approval.</p>'
        : v.stage === 'cancelled'
          ? '<p class="muted">This job was cancelled. Contact the shop if that is not what you expected.</p>'
          : '';
  const body = `<header>${v.shop.logoUrl ? `<img src="${esc(v.shop.logoUrl)}" alt="" referrerpolicy="no-referrer">` : ''}<h1>${esc(v.shop.name)}</h1></header>
${flashOf(opts)}
<section aria-labelledby="piece-h"><p class="ref">Reference ${esc(v.reference)}</p><h2 id="piece-h" class="title">${esc(v.title)}</h2>
<p class="stage" id="stage">${esc(v.approval?.decision?.decision === 'approved' ? 'Design approved' : v.stageLabel)}</p>
${progress}${due}${sideNote}</section>
${approvalSection(v, `${base}/approval`)}
${quoteSection(v, `${base}/quote`)}
${v.stage === 'cancelled' ? '' : `<section aria-labelledby="steps-h"><h2 id="steps-h">Where your piece is</h2>${stepper}</section>`}
${photos.length > 0 ? `<section id="photos" aria-labelledby="photos-h"><h2 id="photos-h">Photos</h2><div class="grid">${photos.map(figure).join('')}</div></section>` : ''}
${balanceSection(v)}
${v.canMessage ? messagesSection(v, `${base}/messages`) : ''}
${contactSection(v)}
<dialog id="lightbox" aria-label="Photo"><button class="close" type="button">Close</button><img alt=""><p></p><button class="nav prev" type="button" aria-label="Previous photo">&#8249;</button><button class="nav next" type="button" aria-label="Next photo">&#8250;</button></dialog>`;
  return layout(`${v.reference} · ${v.shop.name}`, body, opts, true);
}

/** `/track`: the reference and the customer's surname or postcode. */
export function lookupPage(opts: PageOptions & { reference?: string | undefined; shop?: string | undefined }): string {
  const body = `<header><h1>Follow your piece</h1></header>${flashOf(opts)}
<section><p>Enter the reference from your take-in slip or message, and your surname (or your postcode, if your jeweller asks for it).</p>
<form method="post" action="/track">${opts.shop ? `<input type="hidden" name="shop" value="${esc(opts.shop)}">` : ''}<label for="reference">Reference</label><input id="reference" name="reference" autocomplete="off" autocapitalize="characters" placeholder="B-0042" maxlength="40" required value="${esc(opts.reference ?? '')}">
<label for="verifier">Surname or postcode</label><input id="verifier" name="verifier" autocomplete="family-name" maxlength="120" required>
<p><button type="submit">Show my piece</button></p></form></section>
<p class="muted">The link in your messages and the QR code on your slip open your piece directly.</p>`;
  return layout('Follow your piece', body, opts);
}

/** Every miss, and a limit reached, look the same whatever was wrong. */
export function problemPage(title: string, text: string, opts: PageOptions): string {
  const body = `<header><h1>${esc(title)}</h1></header><section><p>${esc(text)}</p><p><a href="/track">Look up a piece by its reference</a></p></section>`;
  return layout(title, body, opts);
}
