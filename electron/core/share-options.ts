// A new share's options, from the effective configuration (plain Node).
import type { ShareOptions } from '../contract';
import type { AppContext } from './app-context';

/** Its pages speak the app's language until the sharer chooses another. */
export function defaultShareOptions(app: Pick<AppContext, 'config' | 'language'>): ShareOptions {
  const values = app.config.values;
  return {
    public: values['share.public'],
    stopAfterFirstDownload: values['share.stop_after_first_download'],
    autoStopSeconds: values['share.auto_stop'] === 0 ? null : values['share.auto_stop'],
    startAt: null,
    title: values['share.title'] ?? '',
    persistentName: null,
    compress: values['share.compress'],
    alsoReceive: false,
    language: app.language,
    receive: {
      folder: values['receive.folder'],
      maxFileSize: values['receive.max_file_size'],
      maxTotalSize: values['receive.max_total_size'],
      disableText: values['receive.disable_text'],
      disableFiles: values['receive.disable_files'],
    },
    website: {
      csp: values['website.csp'],
      directoryListing: values['website.directory_listing'],
      serveDotfiles: values['website.serve_dotfiles'],
    },
    chat: { name: '', history: values['chat.history'] },
  };
}
