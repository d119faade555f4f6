import { randomUUID } from 'node:crypto';

/**
 * Load generator for bench/ingest.ts, in a child process so that building
 * and sending the NDJSON bodies neither runs on the platform's event loop
 * nor counts in its CPU time: `units` concurrent senders, each POSTing
 * `batches` batches of `batchSize` reads with its own credential, one batch
 * at a time (as a unit would), resending on 503 after Retry-After. Gets its
 * job over IPC, answers with the totals.
 */

interface Job {
  url: string;
  units: Array<{ id: string; token: string; mobile: boolean }>;
  batches: number;
  batchSize: number;
  /** Platform time (ms) the reads are captured just before. */
  nowMs: number;
}

let job: Job;
const LETTERS = 'ABCDEFGHJKLMNPRSTVWXYZ';

function body(unitIndex: number, mobile: boolean, n: number, t0: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    let plate = String(1 + ((Math.random() * 2) | 0));
    for (let k = 0; k < 3; k++) plate += LETTERS[(Math.random() * LETTERS.length) | 0];
    plate += String((Math.random() * 1000) | 0).padStart(3, '0');
    const r: Record<string, unknown> = {
      id: randomUUID(),
      plateRaw: plate,
      country: 'BE',
      capturedAt: new Date(t0 + i * 7).toISOString(),
      lat: 50.6 + unitIndex * 0.05 + Math.random() * 0.01,
      lon: 4.3 + Math.random() * 0.01,
      confidence: 0.8 + Math.random() * 0.2,
      lane: 1 + ((Math.random() * 3) | 0),
      images: [`img/${unitIndex}/${i}.jpg`],
    };
    if (mobile) {
      r.heading = (Math.random() * 360) | 0;
      r.unitSpeedKmh = 30 + ((Math.random() * 60) | 0);
    }
    out += JSON.stringify(r) + '\n';
  }
  return out;
}

async function send(token: string, text: string): Promise<{ accepted: number; retries: number }> {
  let retries = 0;
  for (;;) {
    const res = await fetch(`${job.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
      body: text,
    });
    if (res.status === 503) {
      retries++;
      await res.arrayBuffer();
      const wait = Number(res.headers.get('retry-after') ?? '1');
      await new Promise((r) => setTimeout(r, wait * 1000));
      continue;
    }
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    const json = (await res.json()) as { accepted: number };
    return { accepted: json.accepted, retries };
  }
}

async function unit(index: number): Promise<{ accepted: number; retries: number }> {
  const u = job.units[index]!;
  let accepted = 0;
  let retries = 0;
  // Bodies are built one ahead so that building never delays a send.
  let next = body(index, u.mobile, job.batchSize, job.nowMs - 3_600_000);
  for (let b = 0; b < job.batches; b++) {
    const text = next;
    const pending = send(u.token, text);
    if (b + 1 < job.batches)
      next = body(index, u.mobile, job.batchSize, job.nowMs - 3_600_000 + (b + 1) * 1000);
    const r = await pending;
    accepted += r.accepted;
    retries += r.retries;
  }
  return { accepted, retries };
}

process.once('message', (message) => {
  job = message as Job;
  void (async () => {
    const started = performance.now();
    const results = await Promise.all(job.units.map((_, i) => unit(i)));
    process.send!(
      {
        seconds: (performance.now() - started) / 1000,
        accepted: results.reduce((s, r) => s + r.accepted, 0),
        retries: results.reduce((s, r) => s + r.retries, 0),
      },
      () => process.exit(0),
    );
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
