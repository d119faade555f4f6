import { useTranslation } from 'react-i18next';

/** A plate, or a masked bystander plate with the (logged) action to open it. */
export function PlateLabel({
  text,
  masked,
  onReveal,
}: {
  text: string;
  masked: boolean;
  onReveal?: () => void;
}) {
  const { t } = useTranslation();
  if (!masked) return <span className="plate">{text}</span>;
  return (
    <span className="plate plate-masked">
      <span title={t('detective.mask.title')}>{text}</span>
      {onReveal && (
        <button
          type="button"
          className="link-button"
          onClick={(e) => {
            e.stopPropagation();
            onReveal();
          }}
          aria-label={t('detective.mask.openLabel', { plate: text })}
          data-testid="reveal-plate"
        >
          {t('detective.mask.open')}
        </button>
      )}
    </span>
  );
}
