// ShareOptions for tests that build a Session by hand (plain Node): one literal, so a new option is added in one place.
import type { ShareOptions } from '../../electron/contract';

/** Private, stop after the first download, nothing else set; `patch` replaces whole fields. */
export function shareOptions(patch: Partial<ShareOptions> = {}): ShareOptions {
  return {
    public: false,
    stopAfterFirstDownload: true,
    autoStopSeconds: null,
    startAt: null,
    title: '',
    persistentName: null,
    compress: false,
    alsoReceive: false,
    language: 'en',
    receive: { folder: '/tmp', maxFileSize: 0, maxTotalSize: 0, disableText: false, disableFiles: false },
    website: { csp: null, directoryListing: true, serveDotfiles: false },
    chat: { name: '', history: false },
    ...patch,
  };
}
