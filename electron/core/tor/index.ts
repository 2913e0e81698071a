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
