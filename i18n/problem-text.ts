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
      if (problem.whonix) {
        return {
          title: t('problems.filtered.whonixTitle', { command }),
          body: t(problem.required ? 'problems.filtered.whonixBodyRequired' : 'problems.filtered.whonixBodyOptional', { command }),
          fix: t('problems.filtered.whonixFix'),
        };
      }
      return {
        title: t('problems.filtered.title', { command }),
        body: t(problem.required ? 'problems.filtered.bodyRequired' : 'problems.filtered.bodyOptional', { command }),
        fix: t('problems.filtered.fix', { command }),
      };
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
    case 'tor-error':
      return {
        title: t('problems.tor-error.title', { command: problem.command }),
        body: t('problems.tor-error.body', { code: problem.code, message: problem.message }),
        fix: t('problems.tor-error.fix'),
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
    case 'path-rejected':
      return {
        title: t('problems.path-rejected.title', { path: problem.path }),
        body: t('problems.path-rejected.body', { reason: problem.reason }),
        fix: t('problems.path-rejected.fix'),
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
    case 'internal':
      return {
        title: t('problems.internal.title'),
        body: t('problems.internal.body', { message: problem.message }),
        fix: t('problems.internal.fix'),
      };
  }
}

function listFormat(lng: string, items: string[]): string {
  return new Intl.ListFormat(lng, { style: 'long', type: 'conjunction' }).format(items);
}
