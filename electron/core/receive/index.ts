// Receive mode: visitors upload files and a message into the receive folder (plain Node).
export * from './disk-space';
export type * from './events';
export { receivedPage, rejectedPage, rejectionWords, uploadPage, UPLOAD_PATH } from './pages';
export { claimName, PartFile, WriteError, writeNewFile } from './part-file';
export * from './receive-server';
export * from './rejection';
export * from './safe-name';
export * from './start-check';
export * from './submission';
export * from './submission-folder';
export { declaredLength, framingAllowance, isCrossSite } from './upload-request';
