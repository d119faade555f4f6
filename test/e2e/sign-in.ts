import type { Page } from 'playwright-core';
import { totpCode } from '../../platform/identity/totp.ts';
import type { TestReference } from '../../platform/testing/reference.ts';

/**
 * Signs an officer in the way they do it: the workstation opens the
 * platform's sign-in page in a popup, the officer types username, password
 * and the current TOTP code. The test clock moves on 30 s first, so every
 * sign-in uses a fresh TOTP step (the platform refuses a replayed code).
 */
export async function signInThroughPopup(
  page: Page,
  t: Pick<TestReference, 'accounts' | 'clock'>,
  username: string,
): Promise<void> {
  const account = t.accounts[username]!;
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByTestId('sign-in').click(),
  ]);
  await popup.getByLabel(/username/i).fill(account.username);
  await popup.getByLabel(/password/i).fill(account.password);
  t.clock.advance(30_000);
  await popup.getByLabel(/code/i).fill(await totpCode(account.totpSecret, t.clock()));
  await popup.getByRole('button', { name: /sign in/i }).click();
  await popup.getByTestId('signin-result').waitFor();
  await popup.close();
  await page.getByTestId('officer-name').waitFor();
}
