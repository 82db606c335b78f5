/** A proper name of the organisation (a queue, a skill, a unit, a person, a city): shown as the admin wrote it, and marked not to be translated. */
import type { ReactNode } from 'react';

export const Named = ({ children }: { children: ReactNode }) => <span translate="no">{children}</span>;

/** A text with its {placeholder}s filled by names or codes, each kept out of translation ("编辑队列 {code}"). */
export function withNames(text: string, names: Record<string, string>): ReactNode {
  return text.split(/(\{\w+\})/).map((part, i) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return name && name in names ? <Named key={i}>{names[name]}</Named> : part;
  });
}
