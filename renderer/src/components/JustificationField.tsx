import { useId, type ReactNode } from 'react';
import { Justification } from '../../../common/case.ts';

/**
 * The free-text field in which an officer says why (a justification, a
 * prosecutor's reasons): checked as it is typed by the same `Justification`
 * rule the workstation and the platform enforce, so the officer sees the
 * refusal's reason before submitting rather than after. The hint below the
 * field says what a good text names; once something is typed that the rule
 * refuses, the rule's message takes its place.
 */
export function JustificationField({
  label,
  hint,
  value,
  onChange,
  testId,
  rows = 3,
}: {
  label: ReactNode;
  hint: ReactNode;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  rows?: number;
}) {
  const id = useId();
  const check = Justification.safeParse(value);
  const showError = value.length > 0 && !check.success;
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        aria-invalid={showError}
        aria-describedby={`${id}-help`}
        data-testid={testId}
      />
      <small id={`${id}-help`} className={showError ? 'field-error' : 'muted'}>
        {showError ? check.error.issues[0]?.message : hint}
      </small>
    </label>
  );
}

/** Whether `text` passes the justification rule (for a form's submit button). */
export function justificationValid(text: string): boolean {
  return Justification.safeParse(text).success;
}
