import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import type { CanvasLayer } from './canvas-layer.ts';

/**
 * Creates a canvas layer once per map and removes it on unmount. Effects that
 * feed it data must be declared after this hook: React runs effects in
 * order, so the layer exists when they run.
 */
export function useCanvasLayer<T extends CanvasLayer>(create: () => T): React.RefObject<T | null> {
  const map = useMap();
  const ref = useRef<T | null>(null);
  const factory = useRef(create);
  factory.current = create;
  useEffect(() => {
    const layer = factory.current();
    layer.addTo(map);
    ref.current = layer;
    return () => {
      layer.remove();
      ref.current = null;
    };
  }, [map]);
  return ref;
}
