/**
 * A fixed-window counter for the limits @fastify/rate-limit cannot express:
 * per officer (known only after the token is verified, so a forged token
 * cannot spend someone else's budget) and per IP on the mounted OIDC
 * endpoints (Express-style middleware, not Fastify routes).
 */
export class WindowCounter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #clock: () => Date;
  #windowStart = 0;
  #counts = new Map<string, number>();

  constructor(max: number, windowMs: number, clock: () => Date) {
    this.#max = max;
    this.#windowMs = windowMs;
    this.#clock = clock;
  }

  /** Counts one hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string): number {
    const now = this.#clock().getTime();
    if (now - this.#windowStart >= this.#windowMs || now < this.#windowStart) {
      this.#windowStart = now - (now % this.#windowMs);
      this.#counts = new Map();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    if (count <= this.#max) return 0;
    return Math.max(1, Math.ceil((this.#windowStart + this.#windowMs - now) / 1000));
  }
}
