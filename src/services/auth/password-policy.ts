import { invalidInput } from '../errors.js';

export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work a single sign-in can ask of the hasher. */
export const PASSWORD_MAX_LENGTH = 256;

/** Length is what matters (NIST SP 800-63B): at least 12 characters, not the email, not one repeated character. */
export function checkPasswordPolicy(password: string, email: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) throw invalidInput(`A password needs at least ${PASSWORD_MIN_LENGTH} characters.`, { field: 'password' });
  if (password.length > PASSWORD_MAX_LENGTH) throw invalidInput(`A password has at most ${PASSWORD_MAX_LENGTH} characters.`, { field: 'password' });
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) throw invalidInput('The password must not be the email address.', { field: 'password' });
  if (/^(.)\1*$/.test(password)) throw invalidInput('The password must not be one repeated character.', { field: 'password' });
}
