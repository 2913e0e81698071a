// Receive mode: visitors upload into the receive folder, plugged into a Session (plain Node).
import type { ShareOptions } from '../../contract';
import { translatorFor, type Translator } from '../../../i18n/messages';
import type { Config } from '../config';
import type { HttpLimits } from '../http/limits';
import { createReceiveMode, type ReceiveLimits, type SubmissionListener } from '../receive';
import type { StartServer } from '../session';
import { MODE_PREFIX } from './address-modes';
import { singleModeServer, type ModePart } from './mode-part';

/** What receive mode needs beyond ShareOptions.receive (config-only limits) and the history hook. */
export interface ReceiveModeSettings {
  /** Bytes that must stay free on the receive folder's disk (receive.min_free_space). */
  minFreeSpace: number;
  /** Characters (receive.max_message_length). */
  maxMessageLength: number;
  /** Files per upload (receive.max_files); the receive server's default when absent. */
  maxFiles?: number;
  /** One record per submission, for the UI's history. */
  onSubmission?: SubmissionListener;
  httpLimits?: Partial<HttpLimits>;
}

export function receiveModeSettings(values: Config): Pick<ReceiveModeSettings, 'minFreeSpace' | 'maxMessageLength' | 'maxFiles'> {
  return {
    minFreeSpace: values['receive.min_free_space'],
    maxMessageLength: values['receive.max_message_length'],
    maxFiles: values['receive.max_files'],
  };
}

export function receiveLimitsOf(options: ShareOptions, settings: ReceiveModeSettings): Partial<ReceiveLimits> {
  const r = options.receive;
  return {
    maxFileSize: r.maxFileSize,
    maxTotalSize: r.maxTotalSize,
    disableFiles: r.disableFiles,
    disableText: r.disableText,
    minFreeSpace: settings.minFreeSpace,
    maxMessageLength: settings.maxMessageLength,
    ...(settings.maxFiles !== undefined ? { maxFiles: settings.maxFiles } : {}),
  };
}

/** Receive as a part of an address, at '/receive' beside other modes; its pages speak the share's language unless `translator` says otherwise. */
export function receivePart(options: ShareOptions, settings: ReceiveModeSettings, translator: Translator = translatorFor(options.language)): ModePart {
  return {
    prefix: MODE_PREFIX.receive,
    translator,
    create: (door, onEvent) =>
      createReceiveMode(
        {
          receiveDir: options.receive.folder,
          limits: receiveLimitsOf(options, settings),
          title: options.title || undefined,
          onEvent,
          onSubmission: settings.onSubmission,
          translator,
        },
        door,
      ),
  };
}

/** Receive mode alone on its address. */
export function receiveModeServer(
  options: ShareOptions,
  settings: ReceiveModeSettings,
  translator: Translator = translatorFor(options.language),
): StartServer {
  return singleModeServer(receivePart(options, settings, translator), { translator, limits: settings.httpLimits });
}
