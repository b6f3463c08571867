// The extension manifest (package.json) against the host code: every command the host registers
// is contributed and activates the extension, settings are fully described, the walkthrough's
// pages exist, and the workspace-trust declarations say what the code does.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS, LENS_COMMANDS } from '../../../client/command-ids.ts';
import { ROOT } from '../harness/code-server.ts';

type Manifest = {
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string }; virtualWorkspaces: boolean };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: { commandPalette: { command: string; when: string }[] };
    configuration: { properties: Record<string, { scope?: string; default?: unknown; markdownDescription?: string; description?: string }> };
    walkthroughs: { steps: { id: string; media: { markdown?: string }; completionEvents?: string[] }[] }[];
    languages: { id: string }[];
  };
};

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('the extension manifest', () => {
  it('contributes exactly the commands the host registers, each with a title in the Faultline category', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, [...COMMAND_IDS].sort());
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'Faultline', command.command);
      assert.ok(command.title.length > 0, command.command);
    }
  });

  it('activates on the language, on every command, on the faultline debug type and on the playground and sweep panels, all listed explicitly', () => {
    const debugging = ['onDebugResolve:faultline', 'onDebugDynamicConfigurations:faultline'];
    const expected = ['onLanguage:faultline', ...COMMAND_IDS.map((id) => `onCommand:${id}`), ...debugging, 'onWebviewPanel:faultline.playground', 'onWebviewPanel:faultline.sweepResults'];
    assert.deepEqual([...manifest.activationEvents].sort(), expected.sort());
    assert.ok(manifest.contributes.languages.some((l) => l.id === 'faultline'));
  });

  it('hides only the CodeLens commands (which need a scenario argument) from the command palette', () => {
    const hidden = manifest.contributes.menus.commandPalette.filter((entry) => entry.when === 'false').map((entry) => entry.command);
    assert.deepEqual(hidden.sort(), [...LENS_COMMANDS].sort());
  });

  it('gives every setting a scope, a default and a description', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties).sort(), ['faultline.defaultSeed', 'faultline.liveExpectations', 'faultline.maxEvents', 'faultline.playground.warmUp', 'faultline.sweepSeeds']);
    for (const [name, property] of Object.entries(properties)) {
      assert.ok(property.scope !== undefined, `${name} has a scope`);
      assert.ok('default' in property, `${name} has a default`);
      assert.ok((property.markdownDescription ?? property.description ?? '').length > 20, `${name} has a description`);
    }
    assert.equal(properties['faultline.liveExpectations']!.default, true, 'live expectations are on by default');
    assert.equal(properties['faultline.playground.warmUp']!.default, true, 'the idle playground warms a spare run worker unless told not to');
  });

  it('declares untrusted and virtual workspaces supported, since nothing from the workspace is executed', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });

  it('has a walkthrough whose pages exist and whose steps tick only on the context key the extension sets after the step succeeded', () => {
    const steps = manifest.contributes.walkthroughs[0]!.steps;
    assert.ok(steps.length >= 3);
    // The keys client/walkthrough-steps.ts sets once a step's action worked (not on the click).
    const source = readFileSync(join(ROOT, 'client', 'walkthrough-steps.ts'), 'utf8');
    for (const step of steps) {
      assert.ok(step.media.markdown !== undefined && existsSync(join(ROOT, step.media.markdown)), `${step.media.markdown} exists`);
      assert.equal(step.completionEvents?.length, 1, `${step.id} completes on one event`);
      const key = /^onContext:(faultline\.\w+)$/.exec(step.completionEvents![0]!)?.[1];
      assert.ok(key !== undefined, `${step.id} completes on a Faultline context key, not on the command being clicked`);
      assert.ok(source.includes(`${step.id}: '${key}'`), `the extension sets ${key} for step ${step.id}`);
    }
  });

  it('points main at the bundled extension host', () => {
    assert.equal(manifest.main, './dist/extension.cjs');
  });
});
