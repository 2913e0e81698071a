// Chat mode: a room over the onion address, with and without JavaScript (plain Node).
export * from './characters';
export * from './chat-server';
export * from './limits';
export { randomTwoWordName } from './name-words';
export * from './names';
export * from './room';
export { cookieValue, type Visitor } from './visitors';
export { CLOSE as CHAT_CLOSE, parseClientFrame, type ClientFrame, type ServerFrame, type VisitorEntry } from './wire';
