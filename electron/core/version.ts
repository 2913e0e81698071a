// The app's version, from package.json (plain Node and renderer).
import pkg from '../../package.json';

export const VERSION: string = pkg.version;
