/**
 * The HTML part of a customer e-mail: the shop's logo above the same words as the plain-text part
 * (escaped, paragraphs kept, links made clickable). Mail clients that show only text get the text part.
 */

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Addresses in the words become links; what surrounds them stays escaped text. */
function linked(text: string): string {
  const parts = text.split(/(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])/);
  return parts.map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}" style="color:#862e9c">${escapeHtml(part)}</a>` : escapeHtml(part))).join('');
}

export function emailHtml(m: { subject: string; body: string; brand: { shopName: string; logoUrl: string } }): string {
  const paragraphs = m.body
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${p.split('\n').map(linked).join('<br>')}</p>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(m.subject)}</title></head>
<body style="margin:0;padding:24px 12px;background:#f4f4f5;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1d1d1f">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px">
<tr><td style="padding:24px 24px 8px"><img src="${escapeHtml(m.brand.logoUrl)}" alt="${escapeHtml(m.brand.shopName)}" style="display:block;max-width:240px;max-height:96px;height:auto;border:0"></td></tr>
<tr><td style="padding:8px 24px 16px;font-size:15px;line-height:1.5">${paragraphs}</td></tr>
</table></td></tr></table></body></html>`;
}
