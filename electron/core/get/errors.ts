// The one error the get client throws: a Problem of contract.ts, ready to be put into words (plain Node).
import type { Problem } from '../../contract';

export class GetError extends Error {
  readonly kind = 'get' as const;
  constructor(readonly problem: Problem) {
    super(`get: ${problem.kind}`);
    this.name = 'GetError';
  }
}

export function isGetError(error: unknown): error is GetError {
  return error instanceof GetError;
}
