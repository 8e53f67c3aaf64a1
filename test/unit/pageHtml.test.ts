// The rollout page's HTML shell: a strict CSP keyed to the nonce, landmarks, and inputs that cannot break out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageHtml } from '../../extension/src/panels/pageHtml';

const input = {
  nonce: 'cGFnZS1ub25jZS0xMjM0NTY3OA',
  // what VS Code 1.100 gives as webview.cspSource
  cspSource: "'self' https://*.vscode-cdn.net",
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  codiconCssUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicons/codicon.css',
  title: 'Rollout flaskdemo',
};

function csp(html: string): Map<string, string> {
  const raw = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
  const content = raw.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return new Map(content.split(';').map((d) => d.trim().split(/\s+(.*)/s).slice(0, 2) as [string, string]));
}

test('a strict Content-Security-Policy: nothing by default, scripts only with the nonce, styles and fonts from the webview', () => {
  const html = pageHtml(input);
  const p = csp(html);
  assert.equal(p.get('default-src'), "'none'");
  assert.equal(p.get('script-src'), `'nonce-${input.nonce}'`);
  assert.equal(p.get('style-src'), `${input.cspSource} 'nonce-${input.nonce}'`);
  assert.equal(p.get('font-src'), input.cspSource);
  assert.equal(p.get('img-src'), `${input.cspSource} data:`);
  assert.equal(p.get('connect-src'), "'none'");
  for (const v of p.values()) assert.doesNotMatch(v, /unsafe-inline|unsafe-eval|\*(?!\.)/);
  assert.ok(html.includes(`<script nonce="${input.nonce}" src="${input.scriptUri}"></script>`));
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, the bundle');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline handlers');
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<main id="app"/);
  assert.match(html, /<title>Rollout flaskdemo<\/title>/);
});

test('inputs are escaped, and a nonce or source that could break out of the policy is refused', () => {
  const html = pageHtml({ ...input, title: '<script>alert(1)</script> & "x"' });
  assert.ok(html.includes('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</title>'));
  for (const nonce of ['', 'short', "abc'; script-src *; '1234567890", 'a b c d e f g h i j k l m n o p']) {
    assert.throws(() => pageHtml({ ...input, nonce }), /nonce/);
  }
  for (const cspSource of ['', "https://x; script-src 'unsafe-inline'", "'self', https://x", "'self'  https://x", 'https://x\nscript-src *']) {
    assert.throws(() => pageHtml({ ...input, cspSource }), /CSP source/);
  }
});
