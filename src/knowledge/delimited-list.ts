import type { ValueTransformer } from 'typeorm';

/**
 * A short list kept in one column as `,a,b,`: `LIKE '%,a,%'` finds a member on both engines without a
 * join table (an article serves a handful of queues and categories). An empty list is stored as `,`.
 */
export const delimitedList: ValueTransformer = {
  to: (value: string[] | undefined) => (value === undefined ? undefined : `,${value.join(',')}${value.length ? ',' : ''}`),
  from: (value: string | null) => (value ? value.split(',').filter((v) => v !== '') : []),
};

/** The LIKE pattern of one member of a delimited list (members never hold `,`, `%` or `_` — the DTOs' patterns keep them out). */
export const memberPattern = (member: string): string => `%,${member},%`;
