// Reading shared files: the one guarded reader and its errors (plain Node).
export { BufferPair } from './buffer-pair';
export * from './catalogued-file';
export * from './errors';
