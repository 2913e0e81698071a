// What a response body is: chunks that are lent, not given (plain Node).
// Copying every file through freshly allocated buffers made garbage collection
// and page faults the largest costs of serving (bench/README.md, finding 1).
// So a body may hand out the same few buffers again and again: a chunk it
// yields is valid only until the consumer asks for the next one. sendBody
// honours that by waiting until the socket has taken a chunk before asking.
// A Readable is also a Body (its chunks are never reused).
import { Readable } from 'node:stream';

/** Response bytes; each yielded Buffer may be overwritten once iteration resumes. */
export type Body = AsyncIterable<Buffer>;

/** For consumers that keep chunks (tests, collectors): a Readable whose chunks are copies. */
export function ownedReadable(body: Body, highWaterMark?: number): Readable {
  async function* copies(): AsyncGenerator<Buffer, void, undefined> {
    for await (const chunk of body) yield Buffer.from(chunk);
  }
  return Readable.from(copies(), highWaterMark === undefined ? { objectMode: false } : { objectMode: false, highWaterMark });
}
