import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { usableCodeTime } from './demo-code.ts';
import { demoDataDir, lastDemo, recordLastDemo, resolveUserPath } from './demo-dirs.ts';

const require = createRequire(import.meta.url);
const { atLeast } = require('./check-node.cjs') as {
  atLeast: (version: string, minimum: string) => boolean;
};

describe('the Node pre-check before every npm script', () => {
  it('compares versions part by part, as numbers', () => {
    expect(atLeast('24.21.0', '24.2.0')).toBe(true);
    expect(atLeast('24.2.0', '24.2.0')).toBe(true);
    expect(atLeast('24.1.9', '24.2.0')).toBe(false);
    expect(atLeast('20.20.2', '24.2.0')).toBe(false);
    expect(atLeast('100.0.0', '24.2.0')).toBe(true);
  });

  it('lets this Node through (it runs the tests, so it is new enough)', () => {
    const r = spawnSync(process.execPath, [join(import.meta.dirname, 'check-node.cjs')]);
    expect(r.status).toBe(0);
  });
});

describe('demo:code', () => {
  const at = (secondsIntoStep: number) => Date.UTC(2026, 0, 1, 12, 0, 0) + secondsIntoStep * 1000;

  it('prints the current code when at least 10 s of it remain', () => {
    expect(usableCodeTime(at(0))).toEqual({ atMs: at(0), waitMs: 0, validS: 30 });
    expect(usableCodeTime(at(20))).toEqual({ atMs: at(20), waitMs: 0, validS: 10 });
  });

  it('waits for the next code rather than print one about to expire', () => {
    const t = usableCodeTime(at(29.4));
    expect(t.waitMs).toBe(600);
    expect(t.atMs).toBe(at(30));
    expect(t.validS).toBe(30);
    expect(usableCodeTime(at(21)).waitMs).toBe(9000);
  });
});

describe('the demo data directory, shared by the demo and demo:code', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is whatever the demo last ran on, recorded by the demo', () => {
    root = mkdtempSync(join(tmpdir(), 'anpr-demo-dirs-'));
    expect(lastDemo(root)).toBeNull();
    recordLastDemo(root, { dataDir: '/srv/demo', policy: 'dk', size: 'small' });
    expect(lastDemo(root)).toEqual({ dataDir: '/srv/demo', policy: 'dk', size: 'small' });
  });

  it('defaults per policy and size, so a small world never hides in the full one', () => {
    expect(demoDataDir('/p', 'be', 'demo')).toBe('/p/.data/demo-be');
    expect(demoDataDir('/p', 'dk', 'small')).toBe('/p/.data/demo-dk-small');
  });

  it('takes a relative --data-dir from where npm was started, not the project root', () => {
    expect(resolveUserPath('mine', { INIT_CWD: '/home/an/work' })).toBe('/home/an/work/mine');
    expect(resolveUserPath('/abs', { INIT_CWD: '/home/an/work' })).toBe('/abs');
  });
});
