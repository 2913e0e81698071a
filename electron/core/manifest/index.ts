// The share manifest's public face: format, strict reader, builder (plain Node; format and parse alone are neutral).
export * from './format';
export { parseManifest, type ManifestParse, type ManifestProblem } from './parse';
export { sharePathProblem, parentFolder, segmentsOf, type PathProblem } from './paths';
export { buildManifest, serializeManifest, type ManifestSource } from './build';
