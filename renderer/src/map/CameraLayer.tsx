import { useEffect } from 'react';
import { useTranslate } from './use-translate.ts';
import type { Camera } from '../../../common/read.ts';
import { CameraCanvas } from './camera-canvas.ts';
import { useLegendEntries } from './legend-context.ts';
import type { CameraStatus } from './outage.ts';
import { PANES } from './panes.ts';
import { useMapTheme } from './theme.ts';
import { useCanvasLayer } from './use-canvas-layer.ts';

export interface CameraLayerProps {
  cameras: ReadonlyArray<Camera>;
  /** Status per camera id; cameras missing from it are 'unknown'. See `cameraStatusAt`. */
  status?: Readonly<Record<string, CameraStatus>>;
  /** Called with the camera id when a single camera is clicked. */
  onSelect?: (cameraId: string) => void;
}

/** Cameras coloured by status, clustered below zoom 14, with site/road/direction/operator tooltips. */
export function CameraLayer({ cameras, status, onSelect }: CameraLayerProps) {
  const theme = useMapTheme();
  const { t } = useTranslate();
  const layer = useCanvasLayer(() => new CameraCanvas(theme));

  useEffect(() => {
    layer.current?.setData(cameras, (id) => status?.[id] ?? 'unknown');
  }, [layer, cameras, status]);
  useEffect(() => {
    layer.current?.setTheme(theme);
  }, [layer, theme]);
  useEffect(() => {
    layer.current?.setInteraction(t, onSelect);
  }, [layer, t, onSelect]);

  const present = new Set(cameras.map((c) => status?.[c.id] ?? 'unknown'));
  useLegendEntries('cameras', PANES.cameras.zIndex, [
    ...(present.has('up')
      ? [
          {
            key: 'cam-up',
            label: t('map.legend.cameraUp'),
            symbol: { kind: 'dot' as const, colour: theme.up },
          },
        ]
      : []),
    ...(present.has('down')
      ? [
          {
            key: 'cam-down',
            label: t('map.legend.cameraDown'),
            symbol: { kind: 'dot' as const, colour: theme.down },
          },
        ]
      : []),
    ...(present.has('unknown')
      ? [
          {
            key: 'cam-unknown',
            label: t('map.legend.cameraUnknown'),
            symbol: { kind: 'dot' as const, colour: theme.unknown },
          },
        ]
      : []),
    ...(cameras.length > 1
      ? [
          {
            key: 'cam-cluster',
            label: t('map.legend.cluster'),
            symbol: { kind: 'cluster' as const, colours: [theme.up, theme.down, theme.unknown] },
          },
        ]
      : []),
  ]);
  return null;
}
