// Numbering strings in the order they are first seen: the packed run's string table, and the
// message table's types and drop reasons, each a list plus the index of every value in it.

export type Interner = {
  /** The values, each once, in first-seen order: `values[idOf(v)] === v`. */
  readonly values: string[];
  idOf(value: string): number;
};

export function interner(): Interner {
  const values: string[] = [];
  const ids = new Map<string, number>();
  return {
    values,
    idOf(value: string): number {
      let id = ids.get(value);
      if (id === undefined) {
        id = values.length;
        values.push(value);
        ids.set(value, id);
      }
      return id;
    },
  };
}
