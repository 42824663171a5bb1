import { randomBytes } from 'node:crypto';

/** Source of short random ids (run id suffixes, temp names); injectable for deterministic tests. */
export interface IdGenerator {
  /** `length` lowercase hex characters. */
  next(length: number): string;
}

export const randomIds: IdGenerator = {
  next: (length) => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length),
};

/** Returns the given ids in order (then throws): for tests and reproducible demos. */
export function createFixedIds(ids: readonly string[]): IdGenerator {
  let index = 0;
  return {
    next(length) {
      const id = ids[index++];
      if (id === undefined) throw new Error(`fixed id generator exhausted after ${ids.length} ids`);
      return id.slice(0, length);
    },
  };
}
