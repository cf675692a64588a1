import type { Duplex } from 'node:stream';

/**
 * What a client whose request Node could not parse is told, before the connection closes: with a `clientError`
 * listener Node leaves the answer to it, and a socket destroyed without one leaves the sender with a reset and no
 * idea why. Each answer names the problem and what to send instead.
 */
const ANSWERS: Readonly<Record<string, { status: string; text: string }>> = {
  HPE_HEADER_OVERFLOW: {
    status: '431 Request Header Fields Too Large',
    text: 'the request headers are larger than this server takes (16 KiB in all); send fewer or shorter headers',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: '408 Request Timeout',
    text: 'the request headers or body took too long to arrive; send the whole request at once, and retry',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: '413 Payload Too Large',
    text: 'the chunk extensions of the request body are too large; send the body without chunk extensions',
  },
  // An OTLP/gRPC exporter opening with the HTTP/2 preface (start-server.ts also tells the user where gRPC goes).
  HPE_PAUSED_H2_UPGRADE: {
    status: '400 Bad Request',
    text: "this port speaks HTTP/1.1 (OTLP/HTTP), not HTTP/2: send OTLP/gRPC to Loupe's gRPC port, or use OTLP/HTTP here",
  },
};

/** Anything else llhttp refuses; its reason names the problem ("Transfer-Encoding can't be present with Content-Length"). */
function badRequest(error: NodeJS.ErrnoException & { reason?: string }) {
  const reason = error.reason ?? error.message;
  return {
    status: '400 Bad Request',
    text: `the request is not valid HTTP/1.1: ${reason}; fix the request line and headers the client sends`,
  };
}

/** Answers a request Node could not parse or that timed out, the way Node's own default would, then closes. */
export function answerClientError(error: NodeJS.ErrnoException & { reason?: string }, socket: Duplex): void {
  // A reply already started (a timeout mid-response) cannot be followed by another: the peer would read it as part
  // of the first. Node's own handler checks the same.
  const inFlight = (socket as Duplex & { _httpMessage?: { _headerSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?._headerSent) {
    socket.destroy();
    return;
  }
  const { status, text } = ANSWERS[error.code ?? ''] ?? badRequest(error);
  const body = `${text} (${error.code ?? 'parse error'})\n`;
  socket.end(
    `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
