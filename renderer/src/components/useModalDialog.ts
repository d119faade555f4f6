import { useEffect, useRef, type RefObject } from 'react';

/**
 * A native <dialog> opened modally for as long as the component is mounted:
 * the browser then traps focus inside, makes the page behind inert and
 * closes it on Escape (the dialog's `cancel` event), which is the keyboard
 * behaviour officers expect of every dialog in the app.
 */
export function useModalDialog(): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    d?.showModal();
    return () => d?.close();
  }, []);
  return ref;
}
