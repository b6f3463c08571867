// Shared copies of strings that are compared or looked up on every event.
//
// V8 keeps one shared ("internalized") copy of each text used as a property key. Two shared
// copies are equal only if they are the same object, so comparing them is one identity check; two
// separate strings with the same text are compared character by character, in a call — and a Map
// lookup with such a key compares that way too. Node names, and a client's operation names and
// keys, are turned into shared copies once, when a run starts. Only speed depends on it: the text
// is the same.

/** The same text as `text`, as V8's one shared copy of it (a property key comes back as one). */
export function interned<T extends string>(text: T): T {
  const holder: Record<string, true> = {};
  holder[text] = true;
  return (Object.keys(holder)[0] ?? text) as T;
}
