// Tor's bootstrap status, from GETINFO status/bootstrap-phase or a STATUS_CLIENT event (plain Node).
import { parseKeyValues } from './kv-line';

export interface BootstrapStatus {
  /** 0..100 */
  progress: number;
  /** Stable machine tag, e.g. `conn`, `done` (control-spec section 5). */
  tag: string;
  /** Human text of the next step, e.g. `Connecting to a relay`. */
  summary: string;
  /** NOTICE normally; WARN when tor has trouble at this step. */
  severity: string;
  warning?: string;
  reason?: string;
  recommendation?: string;
}

/**
 * Reads `NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="..."` (the event's text
 * after `STATUS_CLIENT`, or the GETINFO value). Undefined when it is not a
 * bootstrap line or its progress is unreadable; never throws, since events
 * may arrive rewritten by a filter.
 */
export function parseBootstrap(text: string): BootstrapStatus | undefined {
  let kv;
  try {
    kv = parseKeyValues(text);
  } catch {
    return undefined;
  }
  const [severity, action] = kv.positional;
  if (action !== 'BOOTSTRAP' || severity === undefined) return undefined;
  const progress = Number(kv.values.get('PROGRESS'));
  if (!Number.isInteger(progress) || progress < 0 || progress > 100) return undefined;
  const status: BootstrapStatus = {
    progress,
    tag: kv.values.get('TAG') ?? '',
    summary: kv.values.get('SUMMARY') ?? '',
    severity,
  };
  const warning = kv.values.get('WARNING');
  const reason = kv.values.get('REASON');
  const recommendation = kv.values.get('RECOMMENDATION');
  if (warning !== undefined) status.warning = warning;
  if (reason !== undefined) status.reason = reason;
  if (recommendation !== undefined) status.recommendation = recommendation;
  return status;
}
