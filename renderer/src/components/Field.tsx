import type { InputHTMLAttributes, ReactNode } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/**
 * A labelled text input of the app's forms: the label wraps the input (so it
 * is the input's accessible name without ids), the value is a string and
 * `onChange` receives the new text.
 */
export function Field({
  label,
  value,
  onChange,
  testId,
  ...input
}: InputProps & {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        {...input}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...(testId ? { 'data-testid': testId } : {})}
      />
    </label>
  );
}
