// Signature help: while typing a statement that takes arguments, show its shape with the
// current argument highlighted — protocol options from their declarations, the rest from the
// language's statement forms.

import type { SignatureHelp, SignatureHelpParams } from 'vscode-languageserver';
import type { DocumentView } from './document-state.ts';
import { cursorAt } from './model/cursor.ts';
import { describeOption, optionForWords } from './option-docs.ts';
import { protocolNameOf } from './model/scenario-facts.ts';

type Form = { label: string; parameters: string[]; doc: string };

/** Statement forms by their first word (and, for faults, by the action after the time). */
const FORMS: Record<string, Form> = {
  latency: { label: 'latency <fixed> | <min>..<max> | normal <mean> sd <sd> | exponential <mean>', parameters: ['<fixed> | <min>..<max> | normal <mean> sd <sd> | exponential <mean>'], doc: 'How long messages take on the wire.' },
  drop: { label: 'drop <percent>', parameters: ['<percent>'], doc: 'The share of messages lost.' },
  duplicate: { label: 'duplicate <percent>', parameters: ['<percent>'], doc: 'The share of messages delivered twice.' },
  reorder: { label: 'reorder <percent>', parameters: ['<percent>'], doc: 'The share of messages overtaken by later ones.' },
  bandwidth: { label: 'bandwidth <amount kbps|mbps|gbps>', parameters: ['<amount kbps|mbps|gbps>'], doc: 'Bytes a link carries per second.' },
  link: { label: 'link <node> <->|-> <node> <setting> <value>', parameters: ['<node>', '<->|->', '<node>', '<setting>', '<value>'], doc: 'Overrides network settings for one pair of nodes.' },
  region: { label: 'region <name> <node>, <node>, ...', parameters: ['<name>', '<node>, <node>, ...'], doc: 'Groups nodes by location (used by the lints).' },
  clock: { label: 'clock <node> skew <±duration> drift <ppm>', parameters: ['<node>', 'skew <±duration>', 'drift <ppm>'], doc: 'A node\'s clock offset and rate error.' },
  retry: { label: 'retry <count | forever> backoff <none|constant|exponential> <base>..<cap> jitter <none|full|equal|decorrelated>', parameters: ['<count | forever>', 'backoff <none|constant|exponential>', '<base>..<cap>', 'jitter <none|full|equal|decorrelated>'], doc: 'How a client retries timed-out or failed operations.' },
  timeout: { label: 'timeout <duration>', parameters: ['<duration>'], doc: 'How long a client waits before the outcome becomes unknown.' },
  idempotency: { label: 'idempotency key ttl <duration>', parameters: ['<duration>'], doc: 'Send one key per operation; the server remembers it for the TTL.' },
  nodes: { label: 'nodes <name>, <name>, ... | <count>', parameters: ['<name>, <name>, ... | <count>'], doc: 'The cluster\'s nodes.' },
  seed: { label: 'seed <number>', parameters: ['<number>'], doc: 'The seed every random choice is drawn from.' },
  run: { label: 'run for <duration>', parameters: ['<duration>'], doc: 'How much virtual time to simulate.' },
  from: { label: 'from <time> to <time> drop|delay|duplicate <amount> <nodes> ->|<-> <nodes>', parameters: ['<time>', '<time>', 'drop|delay|duplicate', '<amount>', '<nodes>', '->|<->', '<nodes>'], doc: 'A window of extra loss, delay or duplication on some links.' },
  every: { label: 'every <interval> random crash|pause|partition|skew|drop [<amount>] for <duration> [on <nodes>]', parameters: ['<interval>', 'crash|pause|partition|skew|drop', '<amount>', 'for <duration>', 'on <nodes>'], doc: 'Random faults drawn from the seed.' },
  at: { label: 'at <time> crash|restart|pause|partition|heal|skew ...', parameters: ['<time>', 'crash|restart|pause|partition|heal|skew ...'], doc: 'A fault at a fixed time, or at a time drawn from a range.' },
  leader: { label: 'leader within <duration> after start|heal|crash|partition|restart', parameters: ['<duration>', 'start|heal|crash|partition|restart'], doc: 'A leader must exist this soon after the event.' },
};

export function provideSignatureHelp(state: DocumentView, params: SignatureHelpParams): SignatureHelp | null {
  const cursor = cursorAt(state.outline, params.position);
  const before = cursor.before;
  const first = before[0];
  if (first === undefined) return null;
  const inner = cursor.blocks[0];
  const typedValues = before.filter((t) => t.kind !== 'word' || !['for', 'to', 'after', 'within', 'backoff', 'jitter', 'skew', 'drift', 'ttl', 'key'].includes(t.text)).length - 1;

  if (inner?.keyword === 'protocol') {
    const words = before.filter((t) => t.kind === 'word').map((t) => t.text).join(' ');
    const option = optionForWords(protocolNameOf(inner), words);
    if (option !== undefined) {
      const parameter = `<${option.type}${option.unit !== undefined ? ` ${option.unit}` : ''}>`;
      return {
        signatures: [{ label: `${option.name} ${parameter}`, documentation: { kind: 'markdown', value: `${option.doc}\n\n${describeOption(option)}` }, parameters: [{ label: parameter }] }],
        activeSignature: 0,
        activeParameter: 0,
      };
    }
    return null;
  }
  const form = FORMS[first.text];
  if (form === undefined) return null;
  const active = Math.max(0, Math.min(form.parameters.length - 1, typedValues));
  return {
    signatures: [{ label: form.label, documentation: form.doc, parameters: form.parameters.map((label) => ({ label })) }],
    activeSignature: 0,
    activeParameter: active,
  };
}
