/**
 * The one `<script>` tag a shop pastes into its website: it puts the enquiry form's frame where the tag
 * is and keeps the frame as tall as the form inside it (the form tells its height by postMessage), so
 * the storefront never shows a scrollbar in the form or a gap under it. A website builder that strips
 * scripts can take the plain iframe instead.
 */

/** The message the form, when embedded, sends its parent: its height in CSS pixels. */
export const HEIGHT_MESSAGE = 'loupeEnquiryHeight';

/** Inside the form (embedded only): tells the page around it how tall it is now, and again whenever that changes. */
export const reportHeight = `(()=>{const send=()=>parent.postMessage({${HEIGHT_MESSAGE}:Math.ceil(document.body.getBoundingClientRect().height)},'*');addEventListener('load',send);new ResizeObserver(send).observe(document.body);})();`;

/** The loader a storefront's script tag fetches, for one shop's form. */
export function embedScript(formUrl: string, title: string): string {
  const origin = new URL(formUrl).origin;
  return `(() => {
  const here = document.currentScript;
  if (!here || !here.parentNode) return;
  const frame = document.createElement('iframe');
  frame.src = ${JSON.stringify(`${formUrl}?embed=1`)};
  frame.title = ${JSON.stringify(title)};
  frame.loading = 'lazy';
  frame.style.cssText = 'display:block;width:100%;max-width:40rem;height:1200px;border:0';
  here.parentNode.insertBefore(frame, here.nextSibling);
  addEventListener('message', (e) => {
    if (e.source !== frame.contentWindow || e.origin !== ${JSON.stringify(origin)}) return;
    const height = e.data && e.data.${HEIGHT_MESSAGE};
    if (typeof height === 'number' && height > 0 && height < 20000) frame.style.height = height + 'px';
  });
})();
`;
}

/** The frame's accessible name. */
export const formTitle = (shopName: string) => `Enquiry form: ${shopName}`;
