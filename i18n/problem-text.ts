// Every Problem in plain words with its fix, through the i18n layer (neutral: the window, the CLI and pages).
// Code spans in the texts are written `like this` and shown as <code> by RichText.
import i18next, { type TFunction } from 'i18next';
import type { Problem } from '../electron/contract';
import { formatBytes } from './format-bytes';

export interface ProblemText {
  title: string;
  body: string;
  fix: string;
}

export function problemText(problem: Problem, t: TFunction = i18next.t, lng: string = i18next.language): ProblemText {
  switch (problem.kind) {
    case 'filtered': {
      const { command } = problem;
      const need = problem.required
        ? t(`problems.filtered.step.${problem.step}`)
        : t('problems.filtered.optional', { without: t(`problems.filtered.without.${problem.without}`) });
      const title = problem.whonix
        ? t(problem.required ? 'problems.filtered.whonixTitle' : 'problems.filtered.whonixTitleOptional', { command })
        : t(problem.required ? 'problems.filtered.title' : 'problems.filtered.titleOptional', { command });
      const said = t(problem.whonix ? 'problems.filtered.whonixBody' : 'problems.filtered.body', { command });
      return { title, body: `${said} ${need}`, fix: filteredFix(problem, t) };
    }
    case 'tor-unreachable':
      return {
        title: t('problems.tor-unreachable.title'),
        body:
          problem.tried.length > 0
            ? t('problems.tor-unreachable.body', { tried: listFormat(lng, problem.tried) })
            : t('problems.tor-unreachable.bodyNone'),
        fix: t(problem.whonix ? 'problems.tor-unreachable.whonixFix' : 'problems.tor-unreachable.fix'),
      };
    case 'tor-auth': {
      const file = problem.file ?? '';
      const body = t(`problems.tor-auth.${problem.reason}`, { file, detail: problem.detail });
      const detail =
        problem.detail !== '' && problem.reason !== 'no-method' ? ` ${t('problems.tor-auth.detail', { detail: problem.detail })}` : '';
      return {
        title: t('problems.tor-auth.title'),
        body: body + detail,
        fix: t(`problems.tor-auth.${problem.reason}Fix`),
      };
    }
    case 'tor-error': {
      const { command } = problem;
      const need = problem.required
        ? t(`problems.filtered.step.${problem.step}`)
        : t('problems.filtered.optional', { without: t(`problems.filtered.without.${problem.without}`) });
      const said =
        problem.code === null
          ? t('problems.tor-error.bodyUnreadable', { message: problem.message })
          : t('problems.tor-error.body', { code: problem.code, message: problem.message });
      return {
        title: t(problem.code === null ? 'problems.tor-error.titleUnreadable' : 'problems.tor-error.title', { command }),
        body: `${said} ${need}`,
        fix: t(problem.required ? 'problems.tor-error.fix' : 'problems.tor-error.fixOptional'),
      };
    }
    case 'tor-lost':
      return {
        title: t(`problems.tor-lost.${problem.how}`),
        body:
          problem.how === 'garbled'
            ? problem.detail
              ? t('problems.tor-lost.garbledBody', { detail: problem.detail })
              : t('problems.tor-lost.garbledBodyNone')
            : t(`problems.tor-lost.${problem.how}Body`, { endpoint: problem.endpoint }),
        fix: t(problem.whonix ? 'problems.tor-lost.whonixFix' : 'problems.tor-lost.fix'),
      };
    case 'tor-bootstrap': {
      const body = t('problems.tor-bootstrap.body', { progress: problem.progress, summary: problem.summary });
      return {
        title: t('problems.tor-bootstrap.title'),
        body: problem.warning ? `${body} ${t('problems.tor-bootstrap.trouble', { warning: problem.warning })}` : body,
        fix: t(problem.whonix ? 'problems.tor-bootstrap.whonixFix' : 'problems.tor-bootstrap.fix'),
      };
    }
    case 'own-tor-refused':
      return {
        title: t('problems.own-tor-refused.title'),
        body: t(`problems.own-tor-refused.${problem.reason}`),
        fix: t(`problems.own-tor-refused.${problem.reason}Fix`),
      };
    case 'own-tor-failed': {
      const body = t(`problems.own-tor-failed.${problem.how}`);
      return {
        title: t('problems.own-tor-failed.title'),
        body: problem.log.length > 0 ? `${body} ${t('problems.own-tor-failed.log', { log: problem.log.join(' / ') })}` : body,
        fix: t('problems.own-tor-failed.fix'),
      };
    }
    case 'onion': {
      const address = problem.address ?? t('problems.onion.unknownAddress');
      const body =
        problem.problem === 'key-withheld' && problem.whonix
          ? t('problems.onion.key-withheldWhonix')
          : t(`problems.onion.${problem.problem}`, { address });
      return {
        title: t(`problems.onion.${problem.problem}Title`),
        body,
        fix: t(`problems.onion.${problem.problem}Fix`),
      };
    }
    case 'port-range':
      return {
        title: t('problems.port-range.title'),
        body: t('problems.port-range.body', { first: problem.first, last: problem.last, host: problem.host }),
        fix: t('problems.port-range.fix'),
      };
    case 'listen':
      return {
        title: t('problems.listen.title'),
        body: t('problems.listen.body', { host: problem.host, detail: problem.detail }),
        fix: t('problems.listen.fix'),
      };
    case 'file-changed':
      return {
        title: t('problems.file-changed.title', { name: problem.name }),
        body: t('problems.file-changed.body'),
        fix: t('problems.file-changed.fix'),
      };
    case 'path-rejected': {
      const receive = problem.use === 'receive-folder';
      const body =
        problem.reason === 'other'
          ? t('problems.path-rejected.other', { message: problem.systemMessage })
          : problem.reason === 'not-a-folder' && receive
            ? t('problems.path-rejected.not-a-folderReceive')
            : t(`problems.path-rejected.${problem.reason}`);
      const fix = receive
        ? t(problem.reason === 'inside-shared-folder' ? 'problems.path-rejected.fixInsideShared' : 'problems.path-rejected.fixReceive')
        : problem.reason === 'not-a-folder'
          ? t('problems.path-rejected.fixFolder')
          : t('problems.path-rejected.fix');
      return {
        title: t(receive ? 'problems.path-rejected.titleReceive' : 'problems.path-rejected.title', { path: problem.path }),
        body,
        fix,
      };
    }
    case 'saved-address':
      return {
        title: t('problems.saved-address.title', { name: problem.name }),
        body: t(`problems.saved-address.${problem.reason}`),
        fix: t(`problems.saved-address.${problem.reason}Fix`),
      };
    case 'nothing-to-share':
      return {
        title: t('problems.nothing-to-share.title'),
        body: t('problems.nothing-to-share.body'),
        fix: t('problems.nothing-to-share.fix'),
      };
    case 'limit': {
      const limit =
        problem.which === 'message-length' ? String(problem.limit) : formatBytes(t, lng, problem.limit);
      return {
        title: t('problems.limit.title'),
        body: t(`problems.limit.${problem.which}`, { limit }),
        fix: t('problems.limit.fix'),
      };
    }
    case 'publish-unknown':
      if (problem.reason === 'hidden') {
        return {
          title: t('problems.publish-unknown.title'),
          body: t(problem.whonix ? 'problems.publish-unknown.hiddenWhonix' : 'problems.publish-unknown.hidden'),
          fix: t('problems.publish-unknown.fix'),
        };
      }
      return {
        title: t('problems.publish-unknown.title'),
        body: t('problems.publish-unknown.not-reported', { seconds: problem.seconds }),
        fix: t(problem.whonix ? 'problems.publish-unknown.not-reportedWhonixFix' : 'problems.publish-unknown.fix'),
      };
    case 'bridge-program-missing': {
      const { transport } = problem;
      const programs = new Intl.ListFormat(lng, { style: 'long', type: 'disjunction' }).format(problem.programs.map((p) => `\`${p}\``));
      return {
        title: t('problems.bridge-program-missing.title', { transport }),
        body: t('problems.bridge-program-missing.body', { transport, programs }),
        fix: t(transport === 'webtunnel' ? 'problems.bridge-program-missing.webtunnelFix' : 'problems.bridge-program-missing.fix', {
          package: problem.package,
        }),
      };
    }
    case 'bridge-no-lines':
      return {
        title: t('problems.bridge-no-lines.title'),
        body: t('problems.bridge-no-lines.body'),
        fix: t('problems.bridge-no-lines.fix'),
      };
    case 'bridge-stalled': {
      const { progress, seconds, transport, summary } = problem;
      const stuck = transport
        ? t('problems.bridge-stalled.bodyTransport', { transport, progress, summary, seconds })
        : t('problems.bridge-stalled.body', { progress, summary, seconds });
      const says = problem.warning
        ? ` ${problem.host ? t('problems.bridge-stalled.torSaysHost', { warning: problem.warning, host: problem.host }) : t('problems.bridge-stalled.torSays', { warning: problem.warning })}`
        : '';
      return { title: t('problems.bridge-stalled.title'), body: stuck + says, fix: t('problems.bridge-stalled.fix') };
    }
    case 'leftover-parts':
      return {
        title: t('problems.leftover-parts.title', { count: problem.files }),
        body: t('problems.leftover-parts.body', {
          count: problem.files,
          folder: problem.folder,
          submissions: listFormat(lng, problem.submissions),
        }),
        fix: t('problems.leftover-parts.fix'),
      };
    case 'low-disk-space':
      return {
        title: t('problems.low-disk-space.title'),
        body: t('problems.low-disk-space.body', {
          folder: problem.folder,
          free: formatBytes(t, lng, problem.free),
          floor: formatBytes(t, lng, problem.floor),
        }),
        fix: t('problems.low-disk-space.fix'),
      };
    case 'internal':
      return {
        title: t('problems.internal.title'),
        body: t('problems.internal.body', { message: problem.message }),
        fix: t('problems.internal.fix'),
      };
    // --- get (issue 16) ---
    case 'get-address':
      return {
        title: t('problems.get-address.title'),
        body: t('problems.get-address.body', { input: problem.input }),
        fix: t('problems.get-address.fix'),
      };
    case 'get-client-key':
      return {
        title: t('problems.get-client-key.title'),
        body: t(`problems.get-client-key.${problem.reason}`),
        fix: t('problems.get-client-key.fix'),
      };
    case 'get-client-auth-filtered': {
      const values = { command: problem.command, profileLine: problem.profileLine };
      return {
        title: t('problems.get-client-auth-filtered.title', values),
        body: t('problems.get-client-auth-filtered.body', values),
        fix: t(problem.whonix ? 'problems.get-client-auth-filtered.whonixFix' : 'problems.get-client-auth-filtered.fix', values),
      };
    }
    case 'get-onion':
      return {
        title: t('problems.get-onion.title'),
        body: t(`problems.get-onion.${problem.reason}`, { detail: problem.detail }),
        fix: t(`problems.get-onion.${problem.reason}Fix`),
      };
    case 'get-socks':
      return {
        title: t('problems.get-socks.title'),
        body: t(`problems.get-socks.${problem.reason}`, { proxy: problem.proxy }),
        fix: t('problems.get-socks.fix'),
      };
    case 'get-manifest':
      return {
        title: t('problems.get-manifest.title'),
        body: t(`problems.get-manifest.${problem.reason}`, { where: problem.where, path: problem.path }),
        fix: t(problem.reason === 'newer-version' ? 'problems.get-manifest.newer-versionFix' : 'problems.get-manifest.fix'),
      };
    case 'get-refused':
      return {
        title: t('problems.get-refused.title'),
        body: t(`problems.get-refused.${problem.reason}`),
        fix: t(problem.reason === 'busy' ? 'problems.get-refused.busyFix' : 'problems.get-refused.fix'),
      };
    case 'get-share-changed':
      return {
        title: t('problems.get-share-changed.title'),
        body: problem.resuming
          ? t('problems.get-share-changed.resuming')
          : problem.name === null
            ? t('problems.get-share-changed.bodyNoName')
            : t('problems.get-share-changed.body', { name: problem.name }),
        fix: t('problems.get-share-changed.fix'),
      };
    case 'get-bad-response':
      return {
        title: t('problems.get-bad-response.title', { name: problem.name }),
        body: t(`problems.get-bad-response.${problem.reason}`, { detail: problem.detail }),
        fix: t('problems.get-bad-response.fix'),
      };
    case 'get-gave-up':
      return {
        title: t('problems.get-gave-up.title', { name: problem.name }),
        body: t('problems.get-gave-up.body', { count: problem.attempts, last: t(`problems.get-gave-up.${problem.last}`) }),
        fix: t('problems.get-gave-up.fix'),
      };
    case 'get-verify':
      return {
        title: t('problems.get-verify.title', { name: problem.name }),
        body: t(`problems.get-verify.${problem.method}`),
        fix: t('problems.get-verify.fix'),
      };
    case 'get-destination':
      return {
        title: t('problems.get-destination.title', { path: problem.path }),
        body: t(`problems.get-destination.${problem.reason}`),
        fix: t(problem.reason === 'busy' ? 'problems.get-destination.busyFix' : 'problems.get-destination.fix'),
      };
    case 'get-write':
      return {
        title: t('problems.get-write.title', { path: problem.path }),
        body: problem.code === 'ENOSPC' || problem.code === 'EDQUOT' ? t('problems.get-write.full') : t('problems.get-write.body', { code: problem.code }),
        fix: t('problems.get-write.fix'),
      };
  }
}

/**
 * What to do about a filtered command, one step per line. On Whonix it leads
 * with the simplest fix that works for this command: Whonix's shipped
 * OnionShare profile when that allows it (one command on the Gateway), else
 * OnionDrop's own profile; then the Workstation firewall, then the docs.
 */
function filteredFix(problem: Extract<Problem, { kind: 'filtered' }>, t: TFunction): string {
  const { command } = problem;
  if (!problem.whonix) return t(problem.required ? 'problems.filtered.fix' : 'problems.filtered.fixOptional', { command });
  if (!problem.required) return t('problems.filtered.whonixFixOptional');
  const profile = problem.stockProfileAllows
    ? [t('problems.filtered.whonixFixQuick'), t('problems.filtered.whonixFixOwnAlso')]
    : [t('problems.filtered.whonixFixOwn')];
  return [...profile, t('problems.filtered.whonixFixFirewall'), t('problems.filtered.whonixFixThen')].join('\n');
}

function listFormat(lng: string, items: string[]): string {
  return new Intl.ListFormat(lng, { style: 'long', type: 'conjunction' }).format(items);
}
