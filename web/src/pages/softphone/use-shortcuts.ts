/** The softphone's keyboard shortcuts (shown on the page): Alt+A answer, Alt+H hang up, Alt+O hold / resume, Alt+M mute. */
import { useEffect, useRef } from 'react';

export type ShortcutAction = 'answer' | 'hangUp' | 'hold' | 'mute';

export const SHORTCUTS: { action: ShortcutAction; keys: string }[] = [
  { action: 'answer', keys: 'Alt+A' },
  { action: 'hangUp', keys: 'Alt+H' },
  { action: 'hold', keys: 'Alt+O' },
  { action: 'mute', keys: 'Alt+M' },
];

const BY_KEY: Record<string, ShortcutAction> = { a: 'answer', h: 'hangUp', o: 'hold', m: 'mute' };

/** Runs the action of an Alt+key when `handlers` has it now (null: not possible at the moment, the key does nothing). */
export function useShortcuts(handlers: Record<ShortcutAction, (() => void) | null>): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      // e.code, not e.key: on macOS Alt+A types "å".
      const action = BY_KEY[e.code.replace(/^Key/, '').toLowerCase()] ?? BY_KEY[e.key.toLowerCase()];
      const run = action && current.current[action];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
