import { describe, expect, it } from 'vitest';
import { createArgon2PasswordHasher, createScryptPasswordHasher } from './password-hasher.js';

describe('password hashers', () => {
  const argon = createArgon2PasswordHasher({ memoryCostKiB: 4096, timeCost: 1 });

  it('hashes with argon2id, verifies, and rejects a wrong password', async () => {
    const stored = await argon.hash('correct horse battery staple');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await argon.verify(stored, 'correct horse battery staple')).toBe(true);
    expect(await argon.verify(stored, 'wrong')).toBe(false);
    expect(argon.needsRehash(stored)).toBe(false);
  });

  it('verifies an earlier scrypt hash and asks for a rehash to argon2id', async () => {
    const legacy = await createScryptPasswordHasher({ cost: 2 ** 10 }).hash('s3cret-pass');
    expect(await argon.verify(legacy, 's3cret-pass')).toBe(true);
    expect(argon.needsRehash(legacy)).toBe(true);
  });

  it.each(['', 'plain', '$argon2i$v=19$m=4096,t=1,p=1$x$y'])('refuses the malformed hash %j', async (stored) => {
    expect(await argon.verify(stored, 'anything')).toBe(false);
  });
});
