/**
 * The few globals core uses that ES2023 lacks. Every process that runs core has them: Node's main process and its
 * worker threads, the page, and the page's web workers. Declaring them here lets `tsconfig.core.json` check core
 * with no DOM and no Node types, so nothing else from either side can slip into core.
 *
 * Only `tsconfig.core.json` reads this file (the Node and web configs exclude it and get the full declarations from
 * @types/node and lib.dom). The shapes are the WHATWG ones, cut to what core calls: widen one when core needs more.
 */

declare function atob(data: string): string;
declare function btoa(data: string): string;

interface TextDecoder {
  readonly encoding: string;
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  decode(input?: ArrayBuffer | ArrayBufferView, options?: { stream?: boolean }): string;
}
declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
};

interface TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array<ArrayBuffer>;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare var TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};

interface URL {
  hash: string;
  host: string;
  hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  username: string;
  toString(): string;
  toJSON(): string;
}
declare var URL: {
  prototype: URL;
  new (url: string | URL, base?: string | URL): URL;
};

/** Not a global: the build's `?raw` import (Vite and Vitest alike) hands core the vendored .proto files as text. */
declare module '*?raw' {
  const text: string;
  export default text;
}
