// The managed login pages' shell: plain, accessible HTML with no external asset, one nonce'd <style> (the
// page's own and the pool's classic UI customization CSS), and every value escaped.
// Class names follow the classic hosted UI's "-customizable" classes, so SetUICustomization's CSS applies.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; background: Canvas; color: CanvasText; }
main { max-width: 24rem; margin: 3rem auto; padding: 1.5rem 2rem; border: 1px solid GrayText; border-radius: .5rem; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
input { box-sizing: border-box; width: 100%; padding: .5rem; font: inherit; }
button, .idpButton-customizable { box-sizing: border-box; display: block; width: 100%; margin-top: 1rem; padding: .6rem; font: inherit; font-weight: 600; text-align: center; }
.errorMessage-customizable { border: 1px solid #b00020; color: #b00020; padding: .5rem; border-radius: .25rem; }
.notice { border: 1px solid GrayText; padding: .5rem; border-radius: .25rem; }
.links { margin-top: 1rem; display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.secret { font-family: ui-monospace, monospace; word-break: break-all; }
.banner-customizable { font-size: .85rem; color: GrayText; margin-bottom: 1rem; }
img.qr { display: block; margin: .5rem auto; image-rendering: pixelated; width: 12rem; height: 12rem; }
`;

export interface Shell {
  readonly title: string;
  readonly nonce: string;
  /** The pool's (or client's) classic UI customization CSS, from SetUICustomization. */
  readonly customCss?: string;
  readonly banner: string;
  readonly body: string;
}

export function shell(page: Shell): string {
  // "</style" would end the element early; CSS has no need of "<" at all.
  const css = (page.customCss ?? "").replace(/</g, "\\3c ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${esc(page.title)}</title>
<style nonce="${page.nonce}">${STYLE}${css}</style>
</head>
<body class="background-customizable">
<main>
<div class="banner-customizable">${esc(page.banner)}</div>
${page.body}
</main>
</body>
</html>
`;
}

export interface Field {
  readonly name: string;
  readonly label: string;
  readonly type?: string;
  readonly value?: string;
  readonly autocomplete?: string;
  readonly required?: boolean;
  readonly inputmode?: string;
}

export function field(f: Field): string {
  const id = `f-${f.name.replace(/[^\w-]/g, "_")}`;
  const attrs = [
    `id="${id}"`, `name="${esc(f.name)}"`, `type="${f.type ?? "text"}"`, `class="inputField-customizable"`,
    f.value !== undefined ? `value="${esc(f.value)}"` : "", f.autocomplete ? `autocomplete="${f.autocomplete}"` : "",
    f.inputmode ? `inputmode="${f.inputmode}"` : "", f.required === false ? "" : "required",
  ].filter(Boolean).join(" ");
  return `<label for="${id}" class="label-customizable">${esc(f.label)}</label>\n<input ${attrs}>`;
}

export const hidden = (name: string, value: string): string => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;

export function messages(error?: string, notice?: string): string {
  return [
    error ? `<p class="errorMessage-customizable" role="alert">${esc(error)}</p>` : "",
    notice ? `<p class="notice" role="status">${esc(notice)}</p>` : "",
  ].join("");
}

export function form(action: string, csrf: string, inner: string, submit: string): string {
  return `<form method="post" action="${esc(action)}">\n${hidden("_csrf", csrf)}\n${inner}\n<button type="submit" class="submitButton-customizable">${esc(submit)}</button>\n</form>`;
}

export const link = (href: string, text: string): string => `<a class="redirect-customizable" href="${esc(href)}">${esc(text)}</a>`;
