import { randomBytes, randomUUID } from 'node:crypto';
import type { StoreContext } from './types.js';

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' generateName suffix: five characters without vowels. */
function randomNameSuffix(): string {
  return [...randomBytes(5)].map((byte) => suffixAlphabet[byte % suffixAlphabet.length]).join('');
}

/** The real clock and random ids; tests pass their own StoreContext instead. */
export const systemStoreContext: StoreContext = {
  now: () => new Date(),
  newUid: () => randomUUID(),
  nameSuffix: randomNameSuffix,
};
