import { useTranslation } from 'react-i18next';
import { ReasonCode } from '../../../../common/case.ts';
import { JustificationField, justificationValid } from '../../components/JustificationField.tsx';

export interface Why {
  reasonCode: ReasonCode;
  justification: string;
}

export function whyValid(why: Why): boolean {
  return justificationValid(why.justification);
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
      <JustificationField
        label={t('pull.justification')}
        hint={t('detective.why.hint')}
        value={value.justification}
        onChange={(justification) => onChange({ ...value, justification })}
        rows={rows}
        testId={`${testId}-justification`}
      />
    </div>
  );
}
