/** A dialog's server call: busy while it runs, its refusal (worded by code, services/errors.ts) kept for the dialog to show. */
import { useState } from 'react';

export function useServerCall(): { busy: boolean; error: string; setError: (e: string) => void; run: <T>(call: () => Promise<T>) => Promise<T | null> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async <T>(call: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError('');
    try {
      return await call();
    } catch (e) {
      setError((e as Error).message);
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
