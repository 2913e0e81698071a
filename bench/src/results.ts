// What one benchmark run found, as plain data (plain Node).
import type { DataSetId } from './datasets';
import type { FloodRun } from './flood';
import type { ConcurrentDownloads, Download } from './measure';
import type { ServerApp } from './servers';

export interface ReadyRun {
  readonly readyMs: number;
  /** Bytes of regular files in the launch's HOME/TMPDIR/XDG folders at ready time. */
  readonly tempBytes: number;
  /** Bytes in files the process held open although unlinked, at ready time. */
  readonly deletedOpenBytes: number;
  readonly largestTempFile: string | null;
}

export interface ReadyResult {
  readonly app: Exclude<ServerApp, 'nginx'>;
  readonly dataSet: DataSetId;
  readonly runs: readonly ReadyRun[];
}

export interface ThroughputResult {
  readonly app: ServerApp;
  readonly dataSet: DataSetId;
  /** Bytes of one download (what curl received). */
  readonly downloadBytes: number;
  readonly single: readonly Download[];
  readonly concurrent: readonly ConcurrentDownloads[];
  /** CPU seconds (user + system) the server used during each single / concurrent run. */
  readonly singleCpuSeconds: readonly number[];
  readonly concurrentCpuSeconds: readonly number[];
  readonly peakRssBytes: number;
  readonly rssProcesses: number;
}

export interface OnionPathResult {
  readonly fileBytes: number;
  readonly runs: number;
  readonly oniondropBytesPerSecond: readonly number[];
  readonly nginxBytesPerSecond: readonly number[];
  readonly note: string;
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly kernel: string;
  readonly node: string;
  readonly nginx: string;
  readonly onionshare: string;
  readonly curl: string;
  readonly commit: string;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  readonly startedAt: string;
  readonly durationSeconds: number;
}

export interface BenchResults {
  readonly mode: 'full' | 'quick';
  readonly repeats: number;
  readonly concurrency: number;
  readonly dataSetLabels: Record<DataSetId, string>;
  readonly dataSetFileCounts: Record<DataSetId, number>;
  readonly machine: MachineInfo;
  readonly ready: readonly ReadyResult[];
  readonly throughput: readonly ThroughputResult[];
  readonly onionPath: OnionPathResult | null;
  /** The pipelining flood (issue 13); empty when not run. */
  readonly flood: readonly FloodRun[];
}

export type { FloodRun };
