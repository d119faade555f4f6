import type { AdminCase, AdminOfficer } from '../../../../common/platform-api.ts';
import type { Role } from '../../../../common/officer.ts';

/** Pure helpers of the administration workspace (no React, no clock). */

/**
 * Where the selection of a keyboard-navigable table goes for a key: arrows
 * step, PageUp/PageDown jump 10, Home/End go to the ends; null for any other
 * key (the table leaves it alone). With nothing selected yet, a step down
 * selects the first row and a step up the last.
 */
export function nextRowIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  const step = steps[key];
  if (step === undefined) return null;
  if (index < 0) return step > 0 ? 0 : last;
  return Math.min(last, Math.max(0, index + step));
}

/**
 * The display names of a case's officers (the platform lists ids); an id
 * the officer list does not know is shown as it is, so nobody disappears.
 */
export function officerNames(
  ids: readonly string[],
  officers: readonly AdminOfficer[],
): Array<{ id: string; name: string; username: string | null }> {
  const byId = new Map(officers.map((o) => [o.id, o]));
  return ids.map((id) => {
    const o = byId.get(id);
    return { id, name: o?.displayName ?? id, username: o?.username ?? null };
  });
}

/** Officers who may be put on a case: enabled detectives not on it already, by name. */
export function assignable(
  adminCase: AdminCase,
  officers: readonly AdminOfficer[],
): AdminOfficer[] {
  const on = new Set(adminCase.assignedOfficers);
  return officers
    .filter((o) => !o.disabled && o.roles.includes('detective') && !on.has(o.id))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** A legal basis's label in the officer's language, falling back to English, then to the stored text. */
export function legalBasisLabel(
  stored: string,
  bases: ReadonlyArray<{
    id: string;
    label: Record<string, string | undefined>;
    provision: string;
  }>,
  locale: string,
): string {
  const basis = bases.find((b) => b.id === stored || b.provision === stored);
  if (!basis) return stored;
  return basis.label[locale] ?? basis.label.en ?? stored;
}

/** Roles in the order the workspace lists them. */
export const ROLE_ORDER: readonly Role[] = [
  'detective',
  'prosecutor',
  'supervisor',
  'commissioner',
  'admin',
];

/** The roles ticked, in a stable order (what a roles change sends). */
export function toggleRole(roles: readonly Role[], role: Role, on: boolean): Role[] {
  const set = new Set(roles);
  if (on) set.add(role);
  else set.delete(role);
  return ROLE_ORDER.filter((r) => set.has(r));
}
