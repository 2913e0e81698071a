// A token bucket (plain Node): each visitor's own allowance of messages, so
// one who floods runs out alone and nobody else waits.
//
// `burst` tokens at most; one comes back every `refillMs`. Taking one when
// none is left is refused with the time until the next, and costs nothing:
// a refusal never pushes the visitor's own next token further away.

export interface BucketRules {
  burst: number;
  refillMs: number;
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rules: BucketRules,
    private readonly now: () => number,
  ) {
    this.tokens = rules.burst;
    this.at = now();
  }

  take(): Take {
    const now = this.now();
    const earned = Math.floor((now - this.at) / this.rules.refillMs);
    if (earned > 0) {
      this.tokens = Math.min(this.rules.burst, this.tokens + earned);
      // A full bucket earns nothing while it waits; otherwise keep the part of a period already served.
      this.at = this.tokens === this.rules.burst ? now : this.at + earned * this.rules.refillMs;
    }
    if (this.tokens > 0) {
      this.tokens--;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: this.at + this.rules.refillMs - now };
  }
}
