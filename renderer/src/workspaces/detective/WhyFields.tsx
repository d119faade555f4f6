import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonCode, type Purpose } from '../../../../common/case.ts';
import { JustificationField, justificationValid } from '../../components/JustificationField.tsx';
import { OffenceTypeField } from '../../components/OffenceTypeField.tsx';

export interface Why {
  /** From the policy pack's list for the case's purpose; '' until the officer picks one. */
  offenceType: string;
  reasonCode: ReasonCode;
  justification: string;
}

/** The purpose of the case being worked on (CaseView provides it): it decides which offence types apply. */
export const CasePurposeContext = createContext<Purpose>('judicial');

export function whyValid(why: Why): boolean {
  return why.offenceType !== '' && justificationValid(why.justification);
}

/** Offence type, reason code and justification: every analysis, opened plate and export says why. */
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
  const purpose = useContext(CasePurposeContext);
  return (
    <div className="why">
      <OffenceTypeField
        purpose={purpose}
        value={value.offenceType}
        onChange={(offenceType) => onChange({ ...value, offenceType })}
        testId={`${testId}-offence`}
      />
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
