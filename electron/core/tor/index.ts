// The tor control layer's public surface (plain Node): connection, auth, detection, own tor.
export * from './reply';
export * from './endpoint';
export * from './errors';
export { ReplyReader, DEFAULT_MAX_REPLY_BYTES, type ReadResult } from './reply-reader';
export { quoteString, unquoteString, assertSendable, type Unquoted } from './quoted-string';
export { keyword, token, kv, kvQuoted, hex, command, assertCommandLine } from './encode';
export { parseKeyValues, parseQuotedList, type KeyValueLine } from './kv-line';
export * from './connection';
export * from './protocolinfo';
export { ControlPassword } from './password';
export { readCookie, cookieHint, COOKIE_LENGTH, type CookieResult } from './cookie';
export * from './auth';
export * from './bootstrap';
export * from './controller';
export * from './autodetect';
export * from './launcher';
export * from './link-types';
export * from './onion-keys';
export { createTorLink, DEFAULT_PUBLISH_TIMEOUT_MS, DEFAULT_BLIND_PUBLISH_WAIT_MS, type TorLinkOptions } from './link';
export { TorOnionError, refusedCommandOf, type OnionProblem } from './link-errors';
export { openTor, OWN_TOR_SOURCE, type OpenTorOptions, type OwnTorSettings } from './open-tor';
export { Backoff, DEFAULT_BACKOFF, realTimer, sleep, type BackoffOptions, type Timer, type Sleep } from './backoff';
export {
  VIRTUAL_PORT,
  addOnionCommand,
  delOnionCommand,
  clientAuthAddCommand,
  clientAuthRemoveCommand,
  parseAddOnionReply,
  type AddOnionSpec,
  type AddOnionResult,
} from './onion-commands';
export { parseHsDesc, isUploadedFor, type HsDescAction, type HsDescEvent } from './hs-desc';
export { PublicationTracker, type PublicationOutcome, type PublicationWatch } from './publication';
export {
  socksConnect,
  newSocksIsolation,
  describeSocksReply,
  SocksError,
  type SocksIsolation,
  type SocksConnectOptions,
  type SocksProblem,
  type SocksReplyName,
} from './socks';
export {
  checkReachable,
  DEFAULT_REACHABILITY,
  type ReachabilityTarget,
  type ReachabilityOptions,
  type ReachabilityResult,
  type UnreachableReason,
  type ClientAuthControl,
} from './reachability';
export { torLinkOptionsFromConfig, type LinkConfigInput } from './link-config';
export {
  runTorCheck,
  type TorCheckLine,
  type TorCheckOptions,
  type TorCheckReport,
  type CheckLevel,
} from './tor-check';
