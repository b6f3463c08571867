// Values as DAP variables: any protocol state, message body or history entry becomes a tree the
// Variables view can open. Containers get a handle (opened on demand); long lists show their last
// MAX_CHILDREN items (a Raft log of 10,000 entries shows its tail, labelled with Raft's 1-based
// indexes when it is a log's `entries`).

import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const MAX_CHILDREN = 200;

type Container = { value: unknown; oneBased: boolean } | { children: () => DebugProtocol.Variable[] };

export class VariableStore {
  private handles = new Handles<Container>();

  /** Forget every handle: values change with each step. */
  reset(): void {
    this.handles.reset();
  }

  /** A handle for a list of variables computed on demand. */
  group(children: () => DebugProtocol.Variable[]): number {
    return this.handles.create({ children });
  }

  variable(name: string, value: unknown, oneBased = false): DebugProtocol.Variable {
    return { name, value: preview(value), variablesReference: this.referenceFor(value, oneBased) };
  }

  referenceFor(value: unknown, oneBased = false): number {
    if (value === null || typeof value !== 'object') return 0;
    if (Array.isArray(value) && value.length === 0) return 0;
    if (value instanceof Map && value.size === 0) return 0;
    return this.handles.create({ value, oneBased });
  }

  children(reference: number): DebugProtocol.Variable[] {
    const container = this.handles.get(reference);
    if (container === undefined) return [];
    if ('children' in container) return container.children();
    const { value, oneBased } = container;
    if (Array.isArray(value)) {
      const first = Math.max(0, value.length - MAX_CHILDREN);
      const out: DebugProtocol.Variable[] = [];
      if (first > 0) out.push({ name: '…', value: `${first} earlier items not shown`, variablesReference: 0 });
      for (let i = first; i < value.length; i++) out.push(this.variable(`[${oneBased ? i + 1 : i}]`, value[i]));
      return out;
    }
    if (value instanceof Map) {
      const out: DebugProtocol.Variable[] = [];
      for (const [key, item] of value) {
        if (out.length >= MAX_CHILDREN) break;
        out.push(this.variable(String(key), item));
      }
      return out;
    }
    if (value instanceof Set) return [...value].slice(0, MAX_CHILDREN).map((item, i) => this.variable(`[${i}]`, item));
    if (ArrayBuffer.isView(value)) return [];
    return Object.keys(value as object)
      .slice(0, MAX_CHILDREN)
      .map((key) => this.variable(key, (value as Record<string, unknown>)[key], key === 'entries'));
  }
}

/** One line for a value: short enough for the Variables view. */
export function preview(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value instanceof Map) return `Map(${value.size})`;
  if (value instanceof Set) return `Set(${value.size})`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (item !== null && typeof item === 'object') {
      if (Array.isArray((item as { entries?: unknown }).entries)) parts.push(`${key}: ${(item as { entries: unknown[] }).entries.length} entries`);
      continue;
    }
    parts.push(`${key}: ${typeof item === 'string' ? item : String(item)}`);
    if (parts.length >= 6) break;
  }
  return `{${parts.join(', ')}}`;
}
