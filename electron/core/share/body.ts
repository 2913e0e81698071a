// What a response body is: chunks that are lent, not given (plain Node).
// Copying every file through freshly allocated buffers made garbage collection
// and page faults the largest costs of serving (bench/README.md, finding 1).
// So a body may hand out the same few buffers again and again: a chunk it
// yields is valid only until the consumer asks for the next one. sendBody
// honours that by waiting until the socket has taken a chunk before asking.
// A Readable is also a Body (its chunks are never reused).

/** Response bytes; each yielded Buffer may be overwritten once iteration resumes. */
export type Body = AsyncIterable<Buffer>;
