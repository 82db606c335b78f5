/**
 * A directory entry picked by name (通讯录: stores, logistics centres, dispatch teams, manufacturers' service
 * lines): the softphone's dial pad and its consult/three-way target fill in the entry's number from it.
 */
import { useEffect, useState } from 'react';
import { api } from '../core';
import { useLanguage } from '../language';
import type { components } from '../services/api-types';
import { NativeSelect } from './native-select';

type Unit = components['schemas']['TerminalUnit'];

/** The directory's entries (GET /units), read once per mounted picker; those with a number only when one is to be called. */
export function useDirectory(withPhoneOnly = false): Unit[] {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    api<Unit[]>('GET', '/units')
      .then((all) => setUnits(withPhoneOnly ? all.filter((u) => u.phone) : all))
      .catch(() => setUnits([]));
  }, [withPhoneOnly]);
  return units;
}

export function DirectoryPicker({ testid, onPick, disabled }: { testid: string; onPick: (phone: string, unit: Unit) => void; disabled?: boolean }) {
  const { t } = useLanguage();
  const units = useDirectory(true);
  return (
    <NativeSelect
      testid={testid}
      value=""
      disabled={disabled}
      translate="no"
      aria-label={t('dirPick')}
      style={{ maxWidth: 260 }}
      onChange={(code) => {
        const unit = units.find((u) => u.code === code);
        if (unit?.phone) onPick(unit.phone, unit);
      }}
      options={[{ value: '', label: t('dirPick') }, ...units.map((u) => ({ value: u.code, label: `${u.name} · ${u.phone}` }))]}
    />
  );
}
