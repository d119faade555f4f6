/**
 * A stand-in for the `electron` module, for running the BUILT main-process
 * bundle (out/main/index.js) under plain Node where Electron's binary cannot
 * run. It is deliberately tiny: only what index.ts calls, each typed from
 * Electron's own declarations, recording what the app did and letting the
 * test (the parent process, over the IPC channel) play Electron's part:
 * invoke IPC handlers, request app:// URLs, emit events, quit.
 *
 * Everything else is real: the bundle, its storage worker thread (worker.js),
 * SQLCipher, the OS keychain, the platform over HTTP.
 *
 * Runs with Node's type stripping: erasable TypeScript only.
 */
import type * as Electron from 'electron';
import { EventEmitter } from 'node:events';

/** What the app did, sent to the test on request and at exit. */
export interface SmokeRecord {
  singleInstanceLockRequested: boolean;
  sandboxEnabled: boolean;
  privilegedSchemes: string[];
  /** null: no application menu; a list: the top-level roles. */
  menu: 'unset' | null | string[];
  windows: {
    webPreferences: Electron.WebPreferences | undefined;
    loads: string[];
    shown: number;
    focused: number;
    minimized: boolean;
  }[];
  openedExternally: string[];
  /** Every request made through net.fetch (method and URL). */
  netFetches: string[];
  beforeQuitPrevented: boolean | null;
  /** The session state the renderer would have seen at exit: signed-out once the workstation closed. */
  sessionAtExit: string | null;
}

const record: SmokeRecord = {
  singleInstanceLockRequested: false,
  sandboxEnabled: false,
  privilegedSchemes: [],
  menu: 'unset',
  windows: [],
  openedExternally: [],
  netFetches: [],
  beforeQuitPrevented: null,
  sessionAtExit: null,
};

const toParent = (message: unknown) => process.send?.(message);

/** Electron's Event: preventDefault() and, for navigation events, the details. */
function electronEvent<T extends object>(details?: T) {
  const event = {
    ...details,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

class AppStub extends EventEmitter {
  isPackaged = process.env.SMOKE_PACKAGED === '1';
  name = 'anpr-workstation';
  private ready: Promise<void> | null = null;

  requestSingleInstanceLock: Electron.App['requestSingleInstanceLock'] = () => {
    record.singleInstanceLockRequested = true;
    return process.env.SMOKE_SECOND_INSTANCE !== '1';
  };
  enableSandbox: Electron.App['enableSandbox'] = () => {
    record.sandboxEnabled = true;
  };
  getVersion: Electron.App['getVersion'] = () => '0.0.0-smoke';
  getPath: Electron.App['getPath'] = (name) => {
    if (name !== 'userData') throw new Error(`stub: no path ${name}`);
    return process.env.SMOKE_USER_DATA!;
  };
  focus: Electron.App['focus'] = () => {};
  /** Like Electron: 'ready' comes after the entry script has run. */
  whenReady: Electron.App['whenReady'] = () => {
    this.ready ??= new Promise((resolve) =>
      setImmediate(() => {
        this.emit('ready');
        resolve();
      }),
    );
    return this.ready;
  };
  /** Like Electron: before-quit may be held with preventDefault(); otherwise the app exits. */
  quit: Electron.App['quit'] = () => {
    const event = electronEvent();
    this.emit('before-quit', event);
    record.beforeQuitPrevented = event.defaultPrevented;
    if (!event.defaultPrevented) this.exit(0);
  };
  exit: Electron.App['exit'] = (code = 0) => {
    void sessionState().then((state) => {
      record.sessionAtExit = state;
      toParent({ event: 'exit', code, record });
      // Let the message reach the test before the process ends.
      setImmediate(() => process.exit(code));
    });
  };
}
export const app = new AppStub();

class WebContentsStub extends EventEmitter {
  windowOpenHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | null = null;
  setWindowOpenHandler: Electron.WebContents['setWindowOpenHandler'] = (handler) => {
    this.windowOpenHandler = handler;
  };
}

const windows: BrowserWindowStub[] = [];

class BrowserWindowStub extends EventEmitter {
  webContents = new WebContentsStub();
  private state: SmokeRecord['windows'][number];

  constructor(options: Electron.BrowserWindowConstructorOptions) {
    super();
    this.state = {
      webPreferences: options.webPreferences,
      loads: [],
      shown: 0,
      focused: 0,
      minimized: false,
    };
    record.windows.push(this.state);
    windows.push(this);
    app.emit('web-contents-created', electronEvent(), this.webContents);
  }
  /** Loads app:// pages through the registered protocol handler, as Chromium would. */
  loadURL: Electron.BrowserWindow['loadURL'] = async (url) => {
    this.state.loads.push(url);
    if (!url.startsWith('app:')) return;
    const handler = protocolHandlers.get('app');
    try {
      if (!handler) throw new Error('no app: protocol handler');
      await handler(new Request(url) as unknown as GlobalRequest);
      setImmediate(() => {
        this.emit('ready-to-show');
        toParent({ event: 'window-ready', url });
      });
    } catch (error) {
      this.webContents.emit('did-fail-load', electronEvent(), -2, 'ERR_FAILED', url, true);
      throw error;
    }
  };
  isDestroyed = () => false;
  isMinimized = () => this.state.minimized;
  minimize = () => {
    this.state.minimized = true;
  };
  restore = () => {
    this.state.minimized = false;
  };
  show = () => {
    this.state.shown++;
  };
  focus = () => {
    this.state.focused++;
  };
}
export const BrowserWindow = BrowserWindowStub;

type InvokeListener = Parameters<Electron.IpcMain['handle']>[1];
const ipcHandlers = new Map<string, InvokeListener>();
const appFrame = { senderFrame: { url: 'app://workstation/index.html' } };

async function sessionState(): Promise<string | null> {
  const handler = ipcHandlers.get('api:session.status');
  if (!handler) return null;
  const result = await handler(appFrame as unknown as Electron.IpcMainInvokeEvent, {});
  return (result as { value?: { state?: string } }).value?.state ?? null;
}
export const ipcMain: Pick<Electron.IpcMain, 'handle'> = {
  handle: (channel, listener) => void ipcHandlers.set(channel, listener),
};

type ProtocolHandler = Parameters<Electron.Protocol['handle']>[1];
const protocolHandlers = new Map<string, ProtocolHandler>();
export const protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'> = {
  registerSchemesAsPrivileged: (schemes) => {
    record.privilegedSchemes.push(...schemes.map((s) => s.scheme));
  },
  handle: (scheme, handler) => void protocolHandlers.set(scheme, handler),
};

type BeforeRequest = Parameters<Electron.WebRequest['onBeforeRequest']>[0];
let beforeRequest: BeforeRequest | null = null;
let permissionCheck: Parameters<Electron.Session['setPermissionCheckHandler']>[0] = null;
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (() => {}) as Electron.Session['setPermissionRequestHandler'],
    setPermissionCheckHandler: ((handler) => {
      permissionCheck = handler;
    }) as Electron.Session['setPermissionCheckHandler'],
    webRequest: {
      onBeforeRequest: ((listener: BeforeRequest) => {
        beforeRequest = listener;
      }) as Electron.WebRequest['onBeforeRequest'],
    },
  },
};

export const shell: Pick<Electron.Shell, 'openExternal'> = {
  openExternal: async (url) => {
    record.openedExternally.push(url);
    toParent({ event: 'openExternal', url });
  },
};

/** Chromium's network stack stands in as Node's fetch; the record shows the app used net.fetch. */
export const net: Pick<Electron.Net, 'fetch'> = {
  fetch: (input, init) => {
    const request = new Request(input, init);
    record.netFetches.push(`${request.method} ${request.url}`);
    return fetch(request);
  },
};

export const Menu = {
  buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => ({ template }),
  setApplicationMenu: (menu: { template: Electron.MenuItemConstructorOptions[] } | null) => {
    record.menu = menu ? menu.template.map((item) => String(item.role ?? item.label)) : null;
  },
};

export default { app, BrowserWindow, ipcMain, protocol, session, shell, net, Menu };

/** Commands from the test. Each is answered with { id, ok, value } or { id, ok: false, error }. */
type Command =
  | { id: number; op: 'invoke'; method: string; input: unknown; senderUrl?: string }
  | { id: number; op: 'get'; url: string }
  | { id: number; op: 'requestAllowed'; url: string }
  | { id: number; op: 'permission'; name: string }
  | { id: number; op: 'navigate'; event: string; url: string }
  | { id: number; op: 'windowOpen'; url: string }
  | { id: number; op: 'emit'; target: 'app' | 'webContents'; event: string; args: unknown[] }
  | { id: number; op: 'minimize' }
  | { id: number; op: 'record' }
  | { id: number; op: 'quit' };

async function run(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'invoke': {
      const handler = ipcHandlers.get(`api:${command.method}`);
      if (!handler) throw new Error(`no IPC handler for ${command.method}`);
      const event = command.senderUrl ? { senderFrame: { url: command.senderUrl } } : appFrame;
      return handler(event as unknown as Electron.IpcMainInvokeEvent, command.input);
    }
    case 'get': {
      const handler = protocolHandlers.get(new URL(command.url).protocol.slice(0, -1));
      if (!handler) throw new Error(`no protocol handler for ${command.url}`);
      const res = await handler(new Request(command.url) as unknown as GlobalRequest);
      return {
        status: res.status,
        headers: Object.fromEntries(res.headers),
        body: await res.text(),
      };
    }
    case 'requestAllowed':
      return new Promise((resolve) =>
        beforeRequest!({ url: command.url } as Electron.OnBeforeRequestListenerDetails, (r) =>
          resolve(!r.cancel),
        ),
      );
    case 'permission':
      return permissionCheck!(null, command.name as never, '', {} as never);
    case 'navigate': {
      const event = electronEvent({ url: command.url, isMainFrame: true });
      windows[0]!.webContents.emit(command.event, event, command.url);
      return { prevented: event.defaultPrevented };
    }
    case 'windowOpen':
      return windows[0]!.webContents.windowOpenHandler!({
        url: command.url,
      } as Electron.HandlerDetails).action;
    case 'emit': {
      const target = command.target === 'app' ? app : windows[0]!.webContents;
      target.emit(command.event, electronEvent(), ...command.args);
      return null;
    }
    case 'minimize':
      windows[0]!.minimize();
      return null;
    case 'record':
      return record;
    case 'quit':
      app.quit();
      return null;
  }
}

process.on('message', (command: Command) => {
  run(command).then(
    (value) => toParent({ id: command.id, ok: true, value }),
    (error: Error) => toParent({ id: command.id, ok: false, error: String(error?.stack ?? error) }),
  );
});
