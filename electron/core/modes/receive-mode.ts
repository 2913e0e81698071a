// Receive mode: visitors upload into the receive folder, plugged into a Session (plain Node).
import type { ShareOptions } from '../../contract';
import type { Config } from '../config';
import { startReceiveServer, type ReceiveLimits, type SubmissionListener } from '../receive';
import type { HttpLimits } from '../share/http-server';
import type { ModeServer, StartServer } from '../session';

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

export function receiveModeServer(options: ShareOptions, settings: ReceiveModeSettings): StartServer {
  return async (listen, onEvent) => {
    const server = await startReceiveServer({
      receiveDir: options.receive.folder,
      limits: receiveLimitsOf(options, settings),
      host: listen.host,
      portRange: listen.portRange,
      title: options.title || undefined,
      onEvent,
      onSubmission: settings.onSubmission,
      httpLimits: settings.httpLimits,
    });
    const mode: ModeServer = {
      port: server.port,
      localUrl: server.localUrl,
      setAccepting: (a) => server.setAccepting(a),
      activeTransfers: () => server.activeUploads(),
      close: () => server.close(),
    };
    return mode;
  };
}
