// Configuration warnings: typed values returned to the caller, never thrown (plain Node).

export type ConfigWarningCode =
  | 'unknown-option'
  | 'invalid-value'
  | 'syntax'
  | 'line-too-long'
  | 'invalid-utf8'
  | 'unreadable'
  | 'include-missing'
  | 'include-cycle'
  | 'include-depth'
  | 'invalid-environment';

/**
 * Where a warning points. `line` is null when the whole file or folder is the
 * problem (it could not be read at all).
 */
export type WarningSource =
  | { readonly kind: 'file'; readonly file: string; readonly line: number | null }
  | { readonly kind: 'env'; readonly name: string };

export interface ConfigWarning {
  readonly code: ConfigWarningCode;
  readonly source: WarningSource;
  /** One sentence without the location prefix, e.g. `unknown option 'x'`. */
  readonly message: string;
}

/** `/etc/oniondrop.d/30_whonix.conf:4: unknown option ...` or `environment ONIONDROP_X: ...`. */
export function formatWarning(warning: ConfigWarning): string {
  const { source } = warning;
  if (source.kind === 'env') return `environment ${source.name}: ${warning.message}`;
  return source.line === null
    ? `${source.file}: ${warning.message}`
    : `${source.file}:${source.line}: ${warning.message}`;
}

export function fileWarning(
  code: ConfigWarningCode,
  file: string,
  line: number | null,
  message: string,
): ConfigWarning {
  return { code, source: { kind: 'file', file, line }, message };
}
