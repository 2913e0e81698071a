// Public face of the private Tor network test harness (plain Node).
export { startTorNet, AUTHORITY_COUNT } from './tornet';
export type { DefaultClientName, NetSocksRequest, StartTorNetOptions, StartupTimings, TorAuthority, TorBridge, TorClient, TorNet, TorRelay } from './tornet';
export { ControlConnection } from './control-client';
export type { ControlAuth, ControlEndpoint, ControlEventHandler } from './control-client';
export type { ControlReply, ControlReplyLine } from './control-reply';
export { bootstrapProgress, relaysInConsensus } from './client-status';
export type { RelayStatus } from './client-status';
export { fetchThroughSocks, openThroughSocks } from './socks-fetch';
export type { SocksHttpRequest, SocksHttpResponse, SocksHttpStream, SocksHttpTimings } from './socks-fetch';
export { socks5Connect } from './socks5';
export type { SocksConnectRequest, SocksEndpoint } from './socks5';
export { publishOnion } from './onion-service';
export type { PublishOnionOptions, PublishedOnion } from './onion-service';
export { isPidAlive, livePids } from './tor-node';
export { ControlConnectionError, ControlReplyError, HttpOverSocksError, SocksError, TorNetError } from './errors';
export type { ControlFailure, NodeLogTail, SocksFailure, TorNetStep } from './errors';
