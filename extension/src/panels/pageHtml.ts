// The rollout page's HTML shell, as a pure function (no `vscode` import): the panel host fills it with the webview's
// URIs, and the browser tests (test/webview) render exactly the same document. Everything visible is drawn by
// dist/webview.js; this only sets the security policy, the landmarks and the assets.

export interface PageHtmlInput {
  /** Fresh per page load, from a CSPRNG: only `<script nonce=…>` with it runs. */
  nonce: string;
  /** `webview.cspSource`: the origin the page's own assets come from. */
  cspSource: string;
  /** `dist/webview.js` as a webview URI. */
  scriptUri: string;
  /** `dist/codicons/codicon.css` as a webview URI. */
  codiconCssUri: string;
  /** The panel's title, e.g. `Rollout flaskdemo`. */
  title: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A nonce must be a plain base64/hex-like token: anything else could break out of the CSP header value. */
const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/;
/**
 * `webview.cspSource`: one or more CSP source expressions separated by spaces — VS Code 1.100 gives
 * `'self' https://*.vscode-cdn.net` — each a keyword in quotes or a host/scheme source, never a `;` or a `,` that
 * could end the directive.
 */
const SOURCE = /^(?:'[a-z-]+'|[^\s;'",]+)(?: (?:'[a-z-]+'|[^\s;'",]+))*$/;

export function pageHtml(input: PageHtmlInput): string {
  if (!NONCE.test(input.nonce)) throw new Error('pageHtml: the nonce must be at least 16 base64 or hex characters');
  if (!SOURCE.test(input.cspSource)) throw new Error(`pageHtml: not a CSP source: ${JSON.stringify(input.cspSource)}`);
  const n = input.nonce;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${input.cspSource} 'nonce-${n}'`,
    `font-src ${input.cspSource}`,
    `img-src ${input.cspSource} data:`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title)}</title>
<link rel="stylesheet" href="${esc(input.codiconCssUri)}" id="vscode-codicon-stylesheet">
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading rollout…</p></main>
<script nonce="${esc(n)}" src="${esc(input.scriptUri)}"></script>
</body>
</html>
`;
}
