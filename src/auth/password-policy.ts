/**
 * The password policy for staff accounts (NIST SP 800-63B's shape: length over composition rules,
 * and a refusal of passwords known to be guessed first). A pure rule: the first problem, or null.
 */
export interface PasswordPolicy {
  minLength: number;
}

export const PASSWORD_MAX_LENGTH = 256;

/** Guessed first by every spraying list, and this project's own demo password. */
const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11111111',
  '88888888',
  'qwertyui',
  'qwerty123',
  'iloveyou',
  'abc12345',
  'abcd1234',
  'a1b2c3d4',
  '1qaz2wsx',
  'woaini1314',
  'admin123',
  'changeme',
  'letmein1',
  'welcome1',
  'hotline-demo',
  'hotline123',
  'qwertyuiop',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'password1234',
  'qwerty123456',
  'a123456789',
  'iloveyou1314',
  '5201314520',
  'zxcvbnm123',
  'asdfghjkl1',
]);

/** How a password breaks the policy: a stable code (`password.*`, see error-codes.ts), its values, and the English. */
export interface PasswordProblem {
  code: 'password.length' | 'password.too_few_characters' | 'password.contains_job_number' | 'password.contains_name' | 'password.too_common';
  params: Record<string, number>;
  message: string;
}

/** Fewer distinct characters than this is a pattern, not a password ("abababab"). */
export const PASSWORD_MIN_DISTINCT_CHARACTERS = 4;

export function passwordProblem(password: string, context: { jobNumber: string; policy: PasswordPolicy; name?: string }): PasswordProblem | null {
  const { minLength } = context.policy;
  const problem = (code: PasswordProblem['code'], message: string, params: Record<string, number> = {}): PasswordProblem => ({ code, params, message });
  if (password.length < minLength || password.length > PASSWORD_MAX_LENGTH)
    return problem('password.length', `password must be ${minLength} to ${PASSWORD_MAX_LENGTH} characters`, { minLength, maxLength: PASSWORD_MAX_LENGTH });
  if (new Set(password).size < PASSWORD_MIN_DISTINCT_CHARACTERS)
    return problem('password.too_few_characters', `password must use at least ${PASSWORD_MIN_DISTINCT_CHARACTERS} different characters`, {
      minDistinct: PASSWORD_MIN_DISTINCT_CHARACTERS,
    });
  const lower = password.toLowerCase();
  if (lower.includes(context.jobNumber)) return problem('password.contains_job_number', 'password must not contain the job number');
  if (context.name && context.name.length >= 2 && lower.includes(context.name.toLowerCase()))
    return problem('password.contains_name', 'password must not contain the name');
  if (COMMON_PASSWORDS.has(lower)) return problem('password.too_common', 'password is too common; choose another');
  return null;
}
