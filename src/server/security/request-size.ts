/**
 * Request size limit: a body over the limit is refused with 413 before it is
 * read into memory or parsed. A declared Content-Length is checked up front;
 * a chunked body (no length) is read up to the limit and refused as soon as
 * it goes over, and otherwise handed to yoga from that buffer.
 *
 * Websocket messages are capped by the `ws` server's `maxPayload` (the
 * connection is closed with 1009, "message too big"): see app.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const PAYLOAD_TOO_LARGE_CODE = 'PAYLOAD_TOO_LARGE';

/**
 * Resolves true when the request may go on to yoga, false when it was
 * answered here with a 413.
 */
export async function admitRequestBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<boolean> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) <= maxBytes) return true;
    refuse(res, maxBytes);
    return false;
  }
  if (!req.headers['transfer-encoding']) return true; // no body
  const body = await readUpTo(req, maxBytes).catch(() => null);
  if (body === null) {
    // The client went away mid-body: nothing to answer.
    req.destroy();
    return false;
  }
  if (body === undefined) {
    refuse(res, maxBytes);
    return false;
  }
  // The stream is consumed: yoga's Node adapter takes a body read beforehand
  // from `req.body`. Handed over as an async iterable with one own key: the
  // adapter lists a plain Buffer's keys, one per byte.
  if (body.length > 0) (req as IncomingMessage & { body?: PreReadBody }).body = preRead(body);
  return true;
}

interface PreReadBody extends AsyncIterable<Buffer> {
  byteLength: number;
}

function preRead(body: Buffer): PreReadBody {
  return {
    byteLength: body.length,
    async *[Symbol.asyncIterator]() {
      yield body;
    },
  };
}

/** The whole body, or undefined as soon as it goes over maxBytes (the rest is left unread). */
function readUpTo(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      done();
      req.pause();
      resolve(undefined);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function refuse(res: ServerResponse, maxBytes: number) {
  const body = JSON.stringify({
    errors: [
      {
        message: `Request body too large: the limit is ${maxBytes} bytes.`,
        extensions: { code: PAYLOAD_TOO_LARGE_CODE, maxBytes },
      },
    ],
  });
  // Close the connection: the rest of the body is never read.
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' }).end(body);
}
