// The built-in models by name, and the default choice for a history.

import type { Operation } from '../../history/operations.ts';
import type { Model } from '../model.ts';
import { kvModel, kvWholeStoreModel } from './kv.ts';
import { registerModel } from './register.ts';

export const MODEL_NAMES = ['register', 'kv'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export function modelByName(name: ModelName): Model<unknown> {
  return (name === 'kv' ? kvModel : registerModel) as Model<unknown>;
}

/** kv when the history uses get/put/append, register otherwise (read/write/cas, per key if keyed). */
export function defaultModelName(ops: ReadonlyArray<Operation>): ModelName {
  return ops.some((op) => op.f === 'get' || op.f === 'put' || op.f === 'append') ? 'kv' : 'register';
}

export { kvModel, kvWholeStoreModel, registerModel };
