// A bad bridge line in plain words, "Line 3: obfs4 bridges need cert=." (neutral:
// the Tor settings dialog, and config warnings about tor.bridge_lines).
import type { TFunction } from 'i18next';
import type { BridgeLineError, BridgeLineProblem } from '../electron/core/tor/bridges/bridge-line';

function why(p: BridgeLineProblem, t: TFunction): string {
  switch (p.code) {
    case 'character':
      return t('bridges.problem.character', { char: p.char });
    case 'too-long':
      return t('bridges.problem.too-long', { max: p.max });
    case 'unknown-transport':
      return t('bridges.problem.unknown-transport', { transport: p.transport });
    case 'no-address':
      return t('bridges.problem.no-address');
    case 'address':
    case 'hostname':
    case 'port':
    case 'fingerprint':
    case 'argument':
    case 'plain-argument':
      return t(`bridges.problem.${p.code}`, { text: p.text });
    case 'duplicate-argument':
      return t('bridges.problem.duplicate-argument', { key: p.key });
    case 'missing-argument':
      return t('bridges.problem.missing-argument', { key: p.key, transport: p.transport });
    case 'bad-argument':
      return t('bridges.problem.bad-argument', { key: p.key, shape: t(`bridges.shape.${p.shape}`) });
  }
}

export function bridgeLineErrorText(error: BridgeLineError, t: TFunction): string {
  return t('bridges.line', { line: error.line, why: why(error.problem, t) });
}
