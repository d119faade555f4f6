import { createHash } from 'node:crypto';
import { LANGUAGE_NAMES, LOCALES, TEXTS, type Locale } from './i18n.ts';

/**
 * Server-rendered sign-in pages: no JavaScript, labelled fields with the
 * right autocomplete hints (password managers, one-time-code autofill),
 * errors tied to their fields with aria-describedby, and a strict CSP that
 * admits only this page's own stylesheet.
 */

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1e23}
main{max-width:26rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #c9ced6;border-radius:6px}
h1{font-size:1.4rem;margin:0 0 .5rem}
label{display:block;font-weight:600;margin-top:1rem}
input{box-sizing:border-box;width:100%;padding:.55rem;font:inherit;border:1px solid #6b7280;border-radius:4px}
input:focus,button:focus,a:focus{outline:3px solid #1d4ed8;outline-offset:2px}
input[aria-invalid=true]{border-color:#b91c1c}
.hint{color:#4b5563;font-size:.9rem;margin:.2rem 0 0}
.field-error{color:#b91c1c;font-size:.95rem;margin:.2rem 0 0}
.summary{border:2px solid #b91c1c;padding:.75rem;border-radius:4px;margin:1rem 0}
.summary h2{font-size:1rem;margin:0 0 .25rem;color:#b91c1c}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}
button{font:inherit;padding:.6rem 1.2rem;border-radius:4px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8}
nav ul{list-style:none;display:flex;gap:1rem;padding:0;margin:0 0 1rem;justify-content:flex-end}
nav a[aria-current=page]{font-weight:700;text-decoration:none;color:#1b1e23}
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/**
 * form-action must admit the loopback redirect at the end of the chain
 * (form → /oidc/auth → http://127.0.0.1:<port>/callback): browsers apply it
 * to redirects after a form submission too.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "form-action 'self' http://127.0.0.1:*",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>`;
}

export interface LoginErrors {
  /** Shown in the summary and tied to the password and code fields. */
  form?: string;
  username?: string;
  password?: string;
  code?: string;
}

export interface LoginPageInput {
  locale: Locale;
  uid: string;
  username?: string;
  errors?: LoginErrors;
}

export function loginPage({ locale, uid, username = '', errors = {} }: LoginPageInput): string {
  const t = TEXTS[locale];
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const hasErrors = Object.values(errors).some(Boolean);

  const field = (
    name: 'username' | 'password' | 'code',
    label: string,
    attributes: string,
    options: { value?: string; hint?: string } = {},
  ) => {
    const describedBy: string[] = [];
    if (options.hint) describedBy.push(`${name}-hint`);
    if (errors[name]) describedBy.push(`${name}-error`);
    // The credential error concerns password and code together (which one was
    // wrong is not told), so screen readers hear it on both fields.
    if (errors.form && name !== 'username') describedBy.push('form-error');
    const invalid = Boolean(errors[name] || (errors.form && name !== 'username'));
    return `
  <label for="${name}">${escapeHtml(label)}</label>
  <input id="${name}" name="${name}" ${attributes}${options.value ? ` value="${escapeHtml(options.value)}"` : ''}${
    describedBy.length ? ` aria-describedby="${describedBy.join(' ')}"` : ''
  }${invalid ? ' aria-invalid="true"' : ''} required>
  ${options.hint ? `<p class="hint" id="${name}-hint">${escapeHtml(options.hint)}</p>` : ''}
  ${errors[name] ? `<p class="field-error" id="${name}-error">${escapeHtml(errors[name]!)}</p>` : ''}`;
  };

  const switcher = LOCALES.map(
    (l) =>
      `<li><a href="${base}?lang=${l}" hreflang="${l}" lang="${l}"${l === locale ? ' aria-current="page"' : ''}>${LANGUAGE_NAMES[l]}</a></li>`,
  ).join('');

  const summary = hasErrors
    ? `<div class="summary" role="alert" aria-labelledby="summary-title">
  <h2 id="summary-title">${escapeHtml(t.errorSummary)}</h2>
  ${errors.form ? `<p id="form-error">${escapeHtml(errors.form)}</p>` : ''}
</div>`
    : '';

  return page(
    locale,
    hasErrors ? `${t.errorSummary} – ${t.title}` : t.title,
    `<nav aria-label="${escapeHtml(t.language)}"><ul>${switcher}</ul></nav>
<main>
<h1>${escapeHtml(t.heading)}</h1>
<p>${escapeHtml(t.intro)}</p>
${summary}
<form method="post" action="${base}/login" novalidate>
  <input type="hidden" name="lang" value="${locale}">
  ${field('username', t.username, 'type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64"', { value: username })}
  ${field('password', t.password, 'type="password" autocomplete="current-password" maxlength="256"')}
  ${field('code', t.code, 'type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6"', { hint: t.codeHint })}
  <div class="actions">
    <button type="submit">${escapeHtml(t.submit)}</button>
    <button type="submit" class="secondary" formaction="${base}/abort" formnovalidate>${escapeHtml(t.cancel)}</button>
  </div>
</form>
</main>`,
  );
}

export function messagePage(locale: Locale, title: string, message: string): string {
  return page(
    locale,
    title,
    `<main>\n<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(message)}</p>\n</main>`,
  );
}

/** The provider's own error page (bad client, bad redirect, missing PKCE...). */
export function errorPage(error: string, description: string): string {
  return messagePage('en', TEXTS.en.errorTitle, `${description} (${error})`);
}
