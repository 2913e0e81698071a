// Where a configuration value or warning came from (plain Node; type-only plus tiny helpers).

/** The source of an effective value, shown by `oniondrop config` and in the UI. */
export type Origin =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly file: string; readonly line: number }
  | { readonly kind: 'env'; readonly name: string };

export const DEFAULT_ORIGIN: Origin = { kind: 'default' };

/** Same notation as `git config --show-origin`: `file:PATH:LINE`, `env:NAME`, `default`. */
export function formatOrigin(origin: Origin): string {
  switch (origin.kind) {
    case 'default':
      return 'default';
    case 'file':
      return `file:${origin.file}:${origin.line}`;
    case 'env':
      return `env:${origin.name}`;
  }
}
