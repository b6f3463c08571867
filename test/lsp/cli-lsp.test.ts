// `faultline lsp --stdio` starts the same server other editors (Neovim, Emacs, Helix) use.

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, root } from './lsp-client.ts';
import { EVEN_CLUSTER } from './fixtures.ts';

describe('faultline lsp', () => {
  it('speaks LSP over stdio: diagnostics with lints and hover, then exits on shutdown', async function () {
    this.timeout(60_000);
    const client = await LspClient.start({ liveExpectations: false }, ['--import', 'tsx', join(root, 'test', 'lsp', 'cli-entry.ts'), 'lsp', '--stdio']);
    try {
      assert.equal(client.initializeResult.serverInfo?.name, 'faultline-language-server');
      const uri = 'file:///cli/four.fault';
      const diagnostics = await client.open(uri, EVEN_CLUSTER);
      assert.deepEqual(diagnostics.map((d) => d.code), ['FL201']);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(EVEN_CLUSTER, 'nodes', 1) });
      assert.match((hover.contents as { value: string }).value, /4 nodes: a majority is 3, so 1 may fail/);
    } finally {
      await client.stop();
    }
    assert.equal(client.exited, true);
  });
});
