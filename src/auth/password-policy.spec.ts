import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  const context = { jobNumber: '1011', name: 'Zhang', policy: { minLength: 10 } };

  it.each([
    ['short-pw', 'password must be 10 to 256 characters'],
    ['x'.repeat(257), 'password must be 10 to 256 characters'],
    ['abababababab', 'password must use at least 4 different characters'],
    ['my-1011-secret', 'password must not contain the job number'],
    ['zhang-secret-pw', 'password must not contain the name'],
    ['Password123', 'password is too common; choose another'],
    ['1234567890', 'password is too common; choose another'],
  ])('refuses %j: %s', (password, problem) => {
    expect(passwordProblem(password, context)?.message).toBe(problem);
  });

  it('names each problem by a stable code with its values', () => {
    expect(passwordProblem('short-pw', context)).toEqual({
      code: 'password.length',
      params: { minLength: 10, maxLength: 256 },
      message: 'password must be 10 to 256 characters',
    });
    expect(passwordProblem('abababababab', context)).toMatchObject({ code: 'password.too_few_characters', params: { minDistinct: 4 } });
    expect(passwordProblem('my-1011-secret', context)?.code).toBe('password.contains_job_number');
    expect(passwordProblem('zhang-secret-pw', context)?.code).toBe('password.contains_name');
    expect(passwordProblem('Password123', context)?.code).toBe('password.too_common');
  });

  it('accepts a long, uncommon passphrase', () => {
    expect(passwordProblem('blue kettle on a red stove', context)).toBeNull();
  });
});
