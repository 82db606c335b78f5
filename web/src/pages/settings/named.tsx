/** A proper name of the organisation (a queue, a skill, a unit, a person, a city): shown as the admin wrote it, and marked not to be translated. */
import type { ReactNode } from 'react';

export const Named = ({ children }: { children: ReactNode }) => <span translate="no">{children}</span>;
