import { enquiryBudgets, enquiryTopics } from '../../db/schema/enquiries.js';
import { budgetIn } from '../../domain/enquiry-budgets.js';
import type { FieldError } from '../../domain/errors.js';
import { reportHeight } from './embed.js';
import { MAX_ENQUIRY_IMAGES, topicLabels } from './schemas.js';

/**
 * The shop's public enquiry form, rendered on the server: plain HTML that a phone loads quickly, its
 * own small stylesheet, and the proof-of-work widget served from Loupe's own origin. Nothing of the
 * staff app is loaded. `embed` drops the page's own header so it sits inside the shop's website.
 */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

const CSS = `
:root{--ink:#1d1d1f;--muted:#5f6368;--line:#d9d6cf;--bg:#f6f5f2;--card:#fff;--accent:#6b4f2a;--err:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);-webkit-text-size-adjust:100%}
body.embed{background:transparent}
main{max-width:40rem;margin:0 auto;padding:1rem}
header{display:flex;align-items:center;gap:.75rem;padding:.5rem 0 1rem}
header img{max-height:3rem;max-width:8rem;object-fit:contain}
h1{font-size:1.3rem;margin:0}
form,section{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem}
fieldset{border:0;margin:0 0 .75rem;padding:0}
legend,label{display:block;font-weight:600;margin:.75rem 0 .25rem}
.hint{color:var(--muted);font-size:.9rem;margin:.1rem 0 .3rem;font-weight:400}
input,select,textarea{font:inherit;width:100%;min-height:2.75rem;padding:.6rem;border:1px solid #8f8c86;border-radius:.5rem;background:#fff;color:var(--ink)}
input[type=file]{padding:.5rem;min-height:auto}
input:focus,select:focus,textarea:focus,button:focus{outline:3px solid #6b4f2a66;outline-offset:1px}
.choices{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
.choices label{display:flex;align-items:center;gap:.5rem;font-weight:400;margin:0;border:1px solid var(--line);border-radius:.5rem;padding:.6rem;min-height:2.75rem}
.choices input{width:auto;min-height:auto}
.consent{display:flex;gap:.6rem;align-items:flex-start;font-weight:400}
.consent input{width:1.3rem;height:1.3rem;min-height:auto;margin-top:.15rem;flex:none}
button{font:inherit;font-weight:600;border:0;border-radius:.5rem;padding:.8rem 1rem;background:var(--accent);color:#fff;cursor:pointer;width:100%;min-height:3rem;margin-top:1rem}
.row{display:grid;gap:0 .75rem}
.error{border-left:4px solid var(--err);padding:.5rem .75rem;background:#fbeceb;border-radius:.25rem;margin:0 0 1rem}
.error ul{margin:.25rem 0 0;padding-left:1.2rem}
.field-error{color:var(--err);font-size:.9rem;margin:.25rem 0 0}
[aria-invalid=true]{border-color:var(--err)}
.notice{border-left:4px solid #2f7d4f;padding:.75rem;background:#eef7f1;border-radius:.25rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
altcha-widget{display:block;margin-top:1rem}
@media (min-width:36rem){.row{grid-template-columns:1fr 1fr}.choices{grid-template-columns:repeat(4,1fr)}}
`;

export interface FormShop {
  name: string;
  slug: string;
  logoUrl: string | null;
  currency: string;
  locale: string;
}

export interface FormState {
  values?: Partial<Record<'name' | 'email' | 'phone' | 'topic' | 'description' | 'budget' | 'consent', string>>;
  errors?: FieldError[];
  /** A problem that is not one field's (too many posts, a file refused). */
  problem?: string;
  /** The names of the pictures the refused post carried: a browser cannot put them back in the file field. */
  droppedPictures?: readonly string[];
}

export interface PageOptions {
  nonce: string;
  embed: boolean;
}

function layout(title: string, body: string, opts: PageOptions, scripts = '') {
  // Embedded, the page tells the storefront around it how tall it is (the script tag's loader sizes its frame).
  const sized = opts.embed ? `<script nonce="${opts.nonce}">${reportHeight}</script>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style nonce="${opts.nonce}">${CSS}</style>${scripts}${sized}</head><body${opts.embed ? ' class="embed"' : ''}><main>${body}</main></body></html>`;
}

function header(shop: FormShop, opts: PageOptions, heading: string) {
  const logo = shop.logoUrl && !opts.embed ? `<img src="${esc(shop.logoUrl)}" alt="" referrerpolicy="no-referrer">` : '';
  return `<header>${logo}<h1>${esc(heading)}</h1></header>`;
}

/** The form itself; on a refused post, again with what was typed and each field's problem beside it. */
export function enquiryFormPage(shop: FormShop, state: FormState, opts: PageOptions): string {
  const v = state.values ?? {};
  const errors = state.errors ?? [];
  const errorOf = (path: string) => errors.find((e) => e.path === path)?.message;
  const described = (path: string, hintId?: string) => {
    const ids = [hintId ?? '', errorOf(path) ? `${path}-error` : ''].filter(Boolean).join(' ');
    return `${ids ? ` aria-describedby="${ids}"` : ''}${errorOf(path) ? ' aria-invalid="true"' : ''}`;
  };
  const fieldError = (path: string) => (errorOf(path) ? `<p class="field-error" id="${path}-error">${esc(errorOf(path) ?? '')}</p>` : '');
  const dropped = state.droppedPictures ?? [];
  const choosePicturesAgain =
    dropped.length > 0
      ? `Your ${dropped.length === 1 ? 'picture was' : `${dropped.length} pictures were`} not sent (${dropped.join(', ')}): choose ${dropped.length === 1 ? 'it' : 'them'} again before you send.`
      : '';
  const items = [
    ...errors.map((e) => `<li><a href="#${esc(e.path)}">${esc(e.message)}</a></li>`),
    ...(choosePicturesAgain ? [`<li><a href="#images">${esc(choosePicturesAgain)}</a></li>`] : []),
  ];
  const summary =
    items.length > 0 || state.problem
      ? `<div class="error" role="alert" tabindex="-1" id="problems"><strong>${esc(state.problem ?? 'Please check the form')}</strong>${
          items.length > 0 ? `<ul>${items.join('')}</ul>` : ''
        }</div>`
      : '';
  const topic = v.topic ?? '';
  const topics = enquiryTopics
    .map(
      (t) =>
        `<label><input type="radio" name="topic" value="${t}"${topic === t ? ' checked' : ''}${t === enquiryTopics[0] ? ' id="topic" required' : ''}> ${esc(topicLabels[t])}</label>`,
    )
    .join('');
  const budgets = enquiryBudgets
    .map((b) => `<option value="${b}"${(v.budget ?? 'unsure') === b ? ' selected' : ''}>${esc(budgetIn(b, shop.currency, shop.locale))}</option>`)
    .join('');
  const action = `/enquire/${encodeURIComponent(shop.slug)}${opts.embed ? '?embed=1' : ''}`;
  const body = `${header(shop, opts, `Enquire with ${shop.name}`)}
${summary}
<form method="post" action="${action}" enctype="multipart/form-data" novalidate>
<p class="hint">Tell us what you have in mind and how to reach you. Fields marked * are needed.</p>
<label for="name">Your name *</label><input id="name" name="name" autocomplete="name" maxlength="120" required value="${esc(v.name ?? '')}"${described('name')}>${fieldError('name')}
<div class="row"><div><label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="email" inputmode="email" maxlength="254" value="${esc(v.email ?? '')}"${described('email', 'contact-hint')}></div>
<div><label for="phone">Phone</label><input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" maxlength="40" value="${esc(v.phone ?? '')}"${described('phone', 'contact-hint')}></div></div>
<p class="hint" id="contact-hint">An e-mail address or a phone number (or both), so we can answer.</p>${fieldError('email')}${fieldError('phone')}
<fieldset${described('topic')}><legend>What is it about? *</legend><div class="choices">${topics}</div>${fieldError('topic')}</fieldset>
<label for="description">Tell us about it *</label><textarea id="description" name="description" rows="5" maxlength="4000" required${described('description')}>${esc(v.description ?? '')}</textarea>${fieldError('description')}
<label for="budget">Budget</label><select id="budget" name="budget"${described('budget')}>${budgets}</select>${fieldError('budget')}
<label for="images">Reference pictures <span class="hint">(up to ${MAX_ENQUIRY_IMAGES} photos, 10 MB each)</span></label><input id="images" name="images" type="file" accept="image/jpeg,image/png,image/webp,image/heic,image/heif" multiple${described('images', choosePicturesAgain ? 'images-again' : undefined)}>${fieldError('images')}${
    choosePicturesAgain ? `<p class="field-error" id="images-again">${esc(choosePicturesAgain)}</p>` : ''
  }
<div class="hp" aria-hidden="true"><label for="website">Leave this empty</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<label class="consent" for="consent"><input type="checkbox" id="consent" name="consent" value="on"${v.consent ? ' checked' : ''} required${described('consent')}> <span>I agree that ${esc(shop.name)} may contact me about this enquiry. *</span></label>${fieldError('consent')}
<altcha-widget challenge="/enquire/${encodeURIComponent(shop.slug)}/challenge" name="altcha" auto="onload" hidelogo hidefooter></altcha-widget>${fieldError('altcha')}
<button type="submit">Send enquiry</button>
</form>`;
  return layout(`Enquire · ${shop.name}`, body, opts, `<script src="/enquire/assets/altcha.js" type="module" async nonce="${opts.nonce}"></script>`);
}

export function thanksPage(shop: FormShop, reference: string | null, opts: PageOptions): string {
  const ref = reference ? ` Your reference is <strong>${esc(reference)}</strong>.` : '';
  return layout(
    `Thank you · ${shop.name}`,
    `${header(shop, opts, shop.name)}<section><p class="notice" role="status">Thank you: ${esc(shop.name)} has your enquiry.${ref} We will be in touch soon.</p></section>`,
    opts,
  );
}

export function problemPage(title: string, detail: string, opts: PageOptions): string {
  return layout(title, `<section><h1>${esc(title)}</h1><p>${esc(detail)}</p></section>`, opts);
}
