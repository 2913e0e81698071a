// What the main process says to the user (the window title, the quit
// question, desktop notifications), from the catalogue in one language (plain Node).
// The language is an argument, never a global: main.ts asks the service for
// the app's language (`app.language`, else the locale variables) and asks
// again whenever the settings change.
import { translatorFor } from '../i18n/messages';

/** Something worth a desktop notification, as data: main.ts turns it into words. */
export type Notice = { kind: 'download-complete'; name: string } | { kind: 'file-received'; name: string };

export interface QuitQuestion {
  title: string;
  message: string;
  detail: string;
  /** In button order; Cancel first, so Escape and the default both keep sharing. */
  buttons: [cancel: string, quit: string];
}

export interface MainWords {
  readonly lang: string;
  windowTitle(): string;
  quitQuestion(): QuitQuestion;
  notice(notice: Notice): { title: string; body: string };
}

export function mainWords(lang: string): MainWords {
  const { t, lang: shipped } = translatorFor(lang);
  return {
    lang: shipped,
    windowTitle: () => t('app.name'),
    quitQuestion: () => ({
      title: t('main.quit.title'),
      message: t('main.quit.message'),
      detail: t('main.quit.detail'),
      buttons: [t('main.quit.cancel'), t('main.quit.quit')],
    }),
    notice: (notice) => ({
      title: notice.kind === 'download-complete' ? t('main.notice.downloadComplete') : t('main.notice.fileReceived'),
      // A file name is shown as it is, never translated.
      body: notice.name,
    }),
  };
}
