import type { PlatformContext } from '../platform/server.ts';

/** Loads the synthetic world into the demo platform (filled in once the seed loader exists). */
export async function seedDemoWorld(
  _ctx: PlatformContext,
  _options: { fresh: boolean; log: (m: string) => void },
): Promise<void> {}
