/** DTMF to the far end (an IVR of a store or manufacturer) through the Device's call. */
import { Button } from 'antd';

const KEYS = '123456789*0#'.split('');
const keyId = (d: string) => (d === '*' ? 'star' : d === '#' ? 'hash' : d);

export function Keypad({ onDigit, disabled }: { onDigit: (digit: string) => void; disabled: boolean }) {
  return (
    <div className="softphone-keypad" data-testid="call-keypad" translate="no">
      {KEYS.map((d) => (
        <Button key={d} data-testid={`key-${keyId(d)}`} disabled={disabled} onClick={() => onDigit(d)}>
          {d}
        </Button>
      ))}
    </div>
  );
}
