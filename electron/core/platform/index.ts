// Platform rules: Whonix detection, listen address, port range (plain Node).
export * from './detect';
export * from './listen-address';
export * from './port-range';
