// Typed failures of the benchmark run (plain Node).
// Each carries the step that failed and, for a started program, the last lines it printed,
// because "the server never became ready" is useless without what it said.

export type BenchFailureKind =
  | 'usage'
  | 'missing-tool'
  | 'data'
  | 'launch'
  | 'not-ready'
  | 'download'
  | 'onion';

export class BenchError extends Error {
  constructor(
    readonly kind: BenchFailureKind,
    readonly detail: string,
    readonly outputTail: readonly string[] = [],
  ) {
    super(outputTail.length > 0 ? `${kind}: ${detail}\n  | ${outputTail.join('\n  | ')}` : `${kind}: ${detail}`);
    this.name = 'BenchError';
  }
}
