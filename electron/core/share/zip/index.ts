// Public face of the on-the-fly zip writer used by multi-file shares (plain Node).
//
// Why our own writer: checked in 2026 against the maintained npm libraries.
// - archiver / zip-stream: sequential output only; no size before writing, no ranges.
// - yazl: can report the final size, but only from end() after every entry was added,
//   and the output is one sequential stream; no way to start at an offset.
// - client-zip: predictLength() gives the size of a stored zip up front, but it targets
//   browser streams and always produces the archive from byte 0.
// - @zip.js/zip.js: general purpose reader/writer; no range output either.
// None can emit bytes [start, end] of an archive without producing (and re-reading)
// everything before start, which resumable downloads need. A stored zip's layout is
// fixed by names and sizes alone, so the writer is small: planZip computes every
// offset from stat data, zipRangeChunks produces any slice, reading only the
// files that slice needs, with CRC-32s remembered between responses in a CrcCache.
export { planZip, type ZipPlan, type PlannedEntry, type PlannedFile, type PlannedDir } from './plan';
export { DEFAULT_CHUNK_SIZE, zipRangeChunks, type ZipRangeOptions } from './range-stream';
export { deflatedZipChunks, type DeflatedZipOptions } from './deflated-stream';
export { CrcCache, type CrcProgress } from './crc-cache';
export { nameProblem, validateEntries, type ZipEntry, type ZipFileEntry, type ZipDirEntry } from './entry';
export { ZipEntryError, ZipRangeError, type ZipError, type ZipEntryProblem } from './errors';
