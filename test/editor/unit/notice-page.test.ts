// The script-free page a panel shows when it cannot show what it is for (client/notice-page.ts).

import assert from 'node:assert/strict';
import { noticePage } from '../../../client/notice-page.ts';

describe('notice page', () => {
  it('allows only its own nonce-tagged style: no script can run in it', () => {
    const html = noticePage('n0nce', 'Seed sweep', '<p>gone</p>');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.equal(csp, "default-src 'none'; style-src 'nonce-n0nce'");
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /<style nonce="n0nce">/);
  });

  it('escapes its title and nonce, and keeps the body markup it was given', () => {
    const html = noticePage('"x', 'A <b>title</b>', '<p class="gone">kept</p>');
    assert.match(html, /<title>A &lt;b&gt;title&lt;\/b&gt;<\/title>/);
    assert.match(html, /<h2>A &lt;b&gt;title&lt;\/b&gt;<\/h2>/);
    assert.doesNotMatch(html, /nonce-"x/);
    assert.match(html, /<p class="gone">kept<\/p>/);
  });
});
