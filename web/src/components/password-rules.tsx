/**
 * The password policy on the page: its rules listed (GET /staff/password-policy) and checked as a
 * password is typed, the same way the server checks them (src/auth/password-policy.ts). Common
 * passwords are the server's to refuse: its `password.too_common` answer is worded like the others.
 */
import { Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useState } from 'react';
import { api } from '../core';
import { useLanguage } from '../language';
import type { components } from '../services/api-types';
import { errorText } from '../services/errors';

export type PasswordPolicy = components['schemas']['PasswordPolicyDto'];

let policyOnce: Promise<PasswordPolicy> | null = null;

/** The policy, fetched once per page load; null until it arrives. */
export function usePasswordPolicy(): PasswordPolicy | null {
  const [policy, setPolicy] = useState<PasswordPolicy | null>(null);
  useEffect(() => {
    policyOnce ??= api<PasswordPolicy>('GET', '/staff/password-policy').catch((e: unknown) => {
      policyOnce = null;
      throw e;
    });
    let live = true;
    policyOnce.then((p) => live && setPolicy(p)).catch(() => undefined);
    return () => void (live = false);
  }, []);
  return policy;
}

/** The first rule `password` breaks, worded as the server's refusal would be; null when it meets them (as far as the page can tell). */
export function passwordProblemText(password: string, policy: PasswordPolicy, owner: { jobNumber?: string; name?: string }): string | null {
  const refuse = (code: string, params: Record<string, number> = {}) => errorText({ code, params }, code);
  if (password.length < policy.minLength || password.length > policy.maxLength)
    return refuse('password.length', { minLength: policy.minLength, maxLength: policy.maxLength });
  if (new Set(password).size < policy.minDistinctCharacters) return refuse('password.too_few_characters', { minDistinct: policy.minDistinctCharacters });
  const lower = password.toLowerCase();
  if (owner.jobNumber && lower.includes(owner.jobNumber)) return refuse('password.contains_job_number');
  if (owner.name && owner.name.length >= 2 && lower.includes(owner.name.toLowerCase())) return refuse('password.contains_name');
  return null;
}

/** A Form.Item rule checking the policy as the password is typed; `owner` is read at each check (the job number and name typed beside it). */
export function passwordRule(policy: PasswordPolicy | null, owner: () => { jobNumber?: string; name?: string }): Rule {
  return {
    validator: async (_, value: string | undefined) => {
      if (!policy || !value) return;
      const problem = passwordProblemText(value, policy, owner());
      if (problem) throw new Error(problem);
    },
  };
}

/** The rules, listed under a password field. */
export function PasswordRules({ policy }: { policy: PasswordPolicy | null }) {
  const { t } = useLanguage();
  if (!policy) return null;
  const fill = (text: string, params: Record<string, number>) => text.replace(/\{(\w+)\}/g, (all, k: string) => String(params[k] ?? all));
  return (
    <div data-testid="password-rules" style={{ marginBottom: 16 }}>
      <Typography.Text type="secondary">{t('passwordRules')}</Typography.Text>
      <ul style={{ margin: '4px 0 0', paddingLeft: 20, color: 'rgba(0,0,0,0.55)' }}>
        <li>{fill(t('passwordRuleLength'), { minLength: policy.minLength, maxLength: policy.maxLength })}</li>
        <li>{fill(t('passwordRuleDistinct'), { minDistinct: policy.minDistinctCharacters })}</li>
        <li>{t('passwordRuleNotJobNumber')}</li>
        <li>{t('passwordRuleNotName')}</li>
        <li>{t('passwordRuleNotCommon')}</li>
      </ul>
    </div>
  );
}
