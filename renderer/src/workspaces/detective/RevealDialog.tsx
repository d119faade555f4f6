import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { whyValid, WhyFields, type Why } from './WhyFields.tsx';
import { useModalDialog } from '../../components/useModalDialog.ts';

/** Asks why a masked bystander plate is opened (the opening is logged with it). */
export function RevealDialog({
  masked,
  onConfirm,
  onCancel,
}: {
  masked: string;
  onConfirm: (why: Why) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useModalDialog();
  const [why, setWhy] = useState<Why>({
    offenceType: '',
    reasonCode: 'association',
    justification: '',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onConfirm(why);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <dialog
      ref={dialog}
      className="modal"
      aria-labelledby="reveal-title"
      onCancel={onCancel}
      data-testid="reveal-dialog"
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <h2 id="reveal-title">{t('detective.mask.dialogTitle', { plate: masked })}</h2>
        <p className="muted">{t('detective.mask.dialogText')}</p>
        <WhyFields value={why} onChange={setWhy} testId="reveal" />
        {error && (
          <p className="notice notice-danger" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || !whyValid(why)}
            data-testid="reveal-submit"
          >
            {t('detective.mask.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
