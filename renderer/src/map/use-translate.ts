import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Translate } from './types.ts';

/** i18next's `t` narrowed to what the canvas layers call, plus the current language. */
export function useTranslate(): { t: Translate; language: string } {
  const { t, i18n } = useTranslation();
  const tr = useCallback<Translate>((key, options) => String(t(key, options ?? {})), [t]);
  return { t: tr, language: i18n.language };
}
