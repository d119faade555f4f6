import { contract, methodNames } from '../../common/api/contract.ts';
import { dispatch } from '../../common/api/dispatch.ts';
import { fail, type ApiResult } from '../../common/api/result.ts';
import type { Workstation } from '../core/workstation.ts';
import { isTrustedSenderUrl } from './policy.ts';

/** The slice of Electron's IpcMain / IpcMainInvokeEvent this module uses. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
}
export interface IpcEventLike {
  senderFrame: { url: string } | null;
}

export const channelFor = (method: string): string => `api:${method}`;

/**
 * One handler per API method. The sender frame is checked before anything
 * else: a message from a frame that is not our app:// origin is refused and
 * never reaches a service.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  workstation: Workstation,
  onError: (method: string, error: unknown) => void = () => {},
): void {
  for (const method of methodNames) {
    ipcMain.handle(channelFor(method), async (event, input): Promise<ApiResult<unknown>> => {
      if (!isTrustedSenderUrl(event.senderFrame?.url)) {
        onError(
          method,
          new Error(`refused IPC from ${event.senderFrame?.url ?? 'a destroyed frame'}`),
        );
        return fail('FORBIDDEN', 'This window is not allowed to call the workstation.');
      }
      return dispatch(
        contract,
        workstation.handlers,
        method,
        input,
        { transport: 'electron' },
        { onInternalError: onError },
      );
    });
  }
}
