import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Justification } from '../../../common/case.ts';
import { justificationProblem, justificationWarnings } from '../../../common/justification.ts';

/**
 * The free-text field in which an officer says why (a justification, a
 * prosecutor's reasons): checked as it is typed by the same `Justification`
 * rule the workstation and the platform enforce (common/justification.ts), so
 * the officer sees the refusal's reason before submitting rather than after.
 * The hint below the field says what a good text names; once something is
 * typed that the rule refuses, the problem and what to write take its place.
 * Personal data in the text (a national number, an e-mail address, a phone
 * number, a plate) is warned about below the field, never refused.
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
  const { t } = useTranslation();
  const id = useId();
  const problem = value.length > 0 ? justificationProblem(value) : null;
  const warnings = value.length > 0 ? justificationWarnings(value) : [];
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        aria-invalid={problem !== null}
        aria-describedby={`${id}-help${warnings.length ? ` ${id}-warn` : ''}`}
        data-testid={testId}
      />
      <small
        id={`${id}-help`}
        className={problem ? 'field-error' : 'muted'}
        data-testid={`${testId}-help`}
      >
        {problem ? `${t(`why.problem.${problem.code}`)} ${t('why.good')}` : hint}
      </small>
      {warnings.length > 0 && (
        <small
          id={`${id}-warn`}
          className="field-warning"
          role="status"
          data-testid={`${testId}-warning`}
        >
          {t('why.warning.intro', {
            what: warnings.map((w) => t(`why.warning.${w.kind}`)).join(', '),
          })}
        </small>
      )}
    </label>
  );
}

/** Whether `text` passes the justification rule (for a form's submit button). */
export function justificationValid(text: string): boolean {
  return Justification.safeParse(text).success;
}
