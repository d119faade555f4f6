import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Justification, ReasonCode } from '../../../../common/case.ts';

export interface Why {
  reasonCode: ReasonCode;
  justification: string;
}

export function whyValid(why: Why): boolean {
  return Justification.safeParse(why.justification).success;
}

/** Reason code and justification: every analysis, opened plate and export says why. */
export function WhyFields({
  value,
  onChange,
  testId,
  rows = 2,
}: {
  value: Why;
  onChange: (why: Why) => void;
  testId: string;
  rows?: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const check = Justification.safeParse(value.justification);
  const showError = value.justification.length > 0 && !check.success;
  return (
    <div className="why">
      <label className="field">
        <span>{t('pull.reason')}</span>
        <select
          value={value.reasonCode}
          onChange={(e) => onChange({ ...value, reasonCode: e.target.value as ReasonCode })}
          data-testid={`${testId}-reason`}
        >
          {ReasonCode.options.map((r) => (
            <option key={r} value={r}>
              {t(`reason.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('pull.justification')}</span>
        <textarea
          rows={rows}
          value={value.justification}
          onChange={(e) => onChange({ ...value, justification: e.target.value })}
          aria-invalid={showError}
          aria-describedby={`${id}-help`}
          data-testid={`${testId}-justification`}
        />
        <small id={`${id}-help`} className={showError ? 'field-error' : 'muted'}>
          {showError ? check.error.issues[0]?.message : t('detective.why.hint')}
        </small>
      </label>
    </div>
  );
}
