/**
 * The platform's <select>, drawn like Ant Design's Select: for short fixed lists a keyboard-first agent
 * picks from mid-call (type-ahead, the OS's own list), and which the browser tests pick by option value.
 */
import type { CSSProperties, ReactNode } from 'react';
import './native-select.css';

export interface NativeOption {
  value: string;
  label: ReactNode;
}

interface NativeSelectProps {
  value: string;
  onChange: (value: string) => void;
  options: NativeOption[];
  testid?: string;
  disabled?: boolean;
  style?: CSSProperties;
  /** Option labels that are proper names (queues, colleagues) are not translated. */
  translate?: 'yes' | 'no';
  'aria-label'?: string;
}

export function NativeSelect({ value, onChange, options, testid, disabled, style, translate, ...aria }: NativeSelectProps) {
  return (
    <select
      className="native-select"
      data-testid={testid}
      value={value}
      disabled={disabled}
      style={style}
      translate={translate}
      onChange={(e) => onChange(e.target.value)}
      {...aria}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
