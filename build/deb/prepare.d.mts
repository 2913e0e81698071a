// Types for prepare.mjs, the .deb's build step (build script, plain Node).
export declare const MAN_PAGE: string;
export declare const MAN_PAGE_GZ: string;
export declare function gzipManPage(source?: string, target?: string): string;
export declare function artifactBuildStarted(): Promise<void>;
