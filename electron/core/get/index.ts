// The get client's public face (plain Node): what `oniondrop get` and the app's Get tab call.
//
//   const address = parseShareAddress(text)                       // and parseClientKey(keyText, id) for a private share
//   const tor = await openTorForGet(torOptions, needKeyLent)      // SOCKS port (+ control connection)
//   const share = await connectShare({ address, route: { kind: 'tor', socks: tor.socks }, clientKey })
//   share.manifest                                                // names and sizes, before anything is fetched
//   const download = startDownload(share, { destination, streams, onEvent })
//   download.pause() / resume() / cancel()
//   const result = await download.done                            // complete, failed (with its Problem), cancelled
//   await share.close(); await tor.close()
export { parseShareAddress, parseClientKey, type ShareAddress, type Parsed } from './address';
export { GetError, isGetError } from './errors';
export type { GetEvent, GetResult, GetFileView, GetTotals, GetMode, Verification, FileState } from './events';
export type { RetryReason } from './failures';
export type { Route } from './lane';
export { connectShare, fetchManifest, DEFAULT_CONNECT_TUNING, type ConnectOptions, type ConnectTuning, type ShareConnection } from './remote';
export {
  startDownload,
  DEFAULT_STREAMS,
  MIN_STREAMS,
  MAX_STREAMS,
  DEFAULT_TUNING,
  type Download,
  type DownloadOptions,
  type DownloadTuning,
} from './download';
export { statePath } from './state';
export { PART_SUFFIX } from './disk';
export { openTorForGet, lendClientKey, explicitSocks, CLIENT_AUTH_PROFILE_LINE, type GetTor, type LentKey } from './tor-access';
export { keyFromClientAuthDir, type ClientAuthDirMiss } from './client-auth-dir';
