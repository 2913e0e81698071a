// The link's status as the window shows it (plain Node): which tor, in words
// people recognise, and any problem already in the user-facing form.
import type { Problem, TorStatus } from '../contract';
import type { TorLinkStatus } from '../core/tor/link-types';

/**
 * What the status line names: for the environment, the variable the user (or
 * Whonix) set, which is what people recognise; otherwise the place itself.
 */
export function statusLabel(source: { kind: string; label: string }): string {
  if (source.kind !== 'env') return source.label;
  return source.label.startsWith('unix:') ? 'TOR_CONTROL_IPC_PATH' : 'TOR_CONTROL_HOST/TOR_CONTROL_PORT';
}

export function torStatusOf(s: TorLinkStatus, problemOf: (error: unknown) => Problem): TorStatus {
  return {
    state: s.state,
    source: s.source ? { kind: s.source.kind, label: statusLabel(s.source) } : null,
    version: s.version,
    bootstrap: s.bootstrap,
    problem: s.error ? problemOf(s.error) : null,
  };
}
