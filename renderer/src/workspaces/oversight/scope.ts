import type { TFunction } from 'i18next';
import type { Area } from '../../../../common/geo.ts';
import { formatPlate } from '../../../../common/plates.ts';

/** Human wording of a requested or granted scope. */

export function areaText(area: Area | null | undefined, t: TFunction): string {
  if (!area) return '—';
  switch (area.kind) {
    case 'circle':
      return t('oversight.area.circle', {
        radius: Math.round(area.radiusM),
        lat: area.lat.toFixed(4),
        lon: area.lon.toFixed(4),
      });
    case 'polygon':
      return t('oversight.area.polygon', { count: area.points.length });
    case 'cameras':
      return t('oversight.area.cameras', { list: area.cameraIds.join(', ') });
  }
}

export function platesText(plates: readonly string[] | null | undefined): string {
  if (!plates || plates.length === 0) return '—';
  return plates.map((p) => formatPlate(p, 'BE')).join(', ');
}
