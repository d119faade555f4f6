import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../../common/case.ts';
import {
  offenceTypesFor,
  POLICY_PACKS,
  type OffenceType,
  type PolicyPackId,
} from '../../../common/policy.ts';
import { api } from '../api.ts';

/** The workstation's pack, asked once: it does not change while the app runs. */
let packOnce: Promise<PolicyPackId> | null = null;
function usePackId(): PolicyPackId | null {
  const [id, setId] = useState<PolicyPackId | null>(null);
  useEffect(() => {
    let live = true;
    packOnce ??= api['app.info']({}).then((i) => i.policyPack);
    packOnce.then((p) => live && setId(p)).catch(() => (packOnce = null));
    return () => {
      live = false;
    };
  }, []);
  return id;
}

export function offenceLabel(o: OffenceType, language: string): string {
  const lang = language.slice(0, 2) as keyof OffenceType['label'];
  return o.label[lang] ?? o.label.en;
}

/**
 * The offence type a query is made for, picked from the policy pack's list
 * for the case's purpose (the same list the platform and the workstation
 * check). No type is preselected: the officer names it for every query.
 */
export function OffenceTypeField({
  purpose,
  value,
  onChange,
  testId,
}: {
  purpose: Purpose;
  value: string;
  onChange: (id: string) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const packId = usePackId();
  const types = packId ? offenceTypesFor(POLICY_PACKS[packId], purpose) : [];
  const chosen = types.find((o) => o.id === value);
  return (
    <label className="field">
      <span>{t('why.offence')}</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        aria-describedby={`${id}-help`}
        data-testid={testId}
      >
        <option value="" disabled>
          {t('why.offenceChoose')}
        </option>
        {types.map((o) => (
          <option key={o.id} value={o.id}>
            {offenceLabel(o, i18n.language)}
          </option>
        ))}
      </select>
      {chosen && (
        <small id={`${id}-help`} className="muted">
          {t('why.offenceHint', { basis: chosen.legalBasis })}
        </small>
      )}
    </label>
  );
}
