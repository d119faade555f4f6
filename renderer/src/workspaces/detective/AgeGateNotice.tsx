import { useTranslation } from 'react-i18next';
import type { AgeGateWithheld } from '../../../../common/api/detective-contract.ts';
import { ageGateText, approvalWouldHelp } from './age-gate-text.ts';

/**
 * Reads the age gate hid from this view (case, analysis, export), and why,
 * with the way to an approval when one would show them. Nothing when none
 * were hidden.
 */
export function AgeGateNotice({
  withheld,
  context,
  onRequestAccess,
  testId,
}: {
  withheld: AgeGateWithheld | null | undefined;
  /** What the hidden reads are missing from, said after the reason. */
  context?: 'analysis' | 'export';
  /** Opens the case's extended-access requests; offered when an approval would help. */
  onRequestAccess?: (() => void) | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  if (!withheld || withheld.count === 0) return null;
  const canRequest = !!onRequestAccess && approvalWouldHelp(withheld.reason);
  return (
    <div
      className="notice notice-warn age-gate-notice"
      role="status"
      data-testid={testId}
      data-count={withheld.count}
      data-reason={withheld.reason ?? ''}
    >
      <p>
        {ageGateText(t, withheld)}
        {context === 'analysis' && <> {t('detective.ageGate.inAnalysis')}</>}
        {context === 'export' && <> {t('detective.ageGate.inExport')}</>}
      </p>
      {canRequest && (
        <button
          type="button"
          className="btn btn-small"
          onClick={onRequestAccess}
          data-testid={`${testId}-request`}
        >
          {t('detective.ageGate.request')}
        </button>
      )}
    </div>
  );
}
