/** Password checks: fixtures may hold plain passwords or `scrypt$<salt>$<hash>` (base64). */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 32).toString('base64')}`;
}

export function checkPassword(stored: string, given: string): boolean {
  if (stored.startsWith('scrypt$')) {
    const [, salt, hash] = stored.split('$');
    const expected = Buffer.from(hash, 'base64');
    const actual = scryptSync(given, Buffer.from(salt, 'base64'), expected.length);
    return timingSafeEqual(expected, actual);
  }
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  // Compare in constant time; a length mismatch still costs one comparison.
  return timingSafeEqual(a, a.length === b.length ? b : a) && a.length === b.length;
}
