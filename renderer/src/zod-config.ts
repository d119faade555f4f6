import { z } from 'zod';

/**
 * Imported first by every page. zod probes for `eval` support once, with
 * `Function('')`, when its schemas are first built; under our CSP
 * (`script-src 'self'`, no 'unsafe-eval') that probe is a CSP violation in
 * the console and the report. jitless mode skips the probe (and the
 * generated code it would enable), so the renderer runs without violating
 * its own policy. It must run before any schema is created: module order.
 */
z.config({ jitless: true });
