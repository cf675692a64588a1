import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMediaId, type MediaFiles, mediaIdOf } from '../media/media-files';
import { readJson } from './langfuse-ingestion';
import { parseMediaType } from './media-type';
import { GRPC, ReceiverError, type ReceiverLimits, readBody } from './read-body';
import { sendBody, sendJson } from './reply';

/** The one project a local Loupe has, for SDKs that ask (`auth_check()`, trace URLs). */
export const LOCAL_PROJECT = { id: 'loupe-local', name: 'Loupe (local)', metadata: {} };

const MAX_MEDIA_BYTES = 256 * 1024 * 1024;

function notFound(message: string): ReceiverError {
  return new ReceiverError(404, GRPC.NOT_FOUND, message);
}

function mediaStoreOrFail(media: MediaFiles | null): MediaFiles {
  if (!media) throw new ReceiverError(501, GRPC.UNIMPLEMENTED, 'this Loupe has no data directory to keep media in');
  return media;
}

function stringField(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') {
    throw new ReceiverError(400, GRPC.INVALID_ARGUMENT, `"${key}" is missing; send it as a non-empty string`);
  }
  return v;
}

/**
 * The announced type is sent back as the Content-Type of every GET of the bytes: one that is no media type (a CR/LF
 * in it, no subtype) would make every one of them fail, so it is refused here.
 */
function mediaContentType(value: string): string {
  if (!parseMediaType(value)) {
    throw new ReceiverError(
      400,
      GRPC.INVALID_ARGUMENT,
      `"contentType" ${JSON.stringify(value)} is not a media type; send it as type/subtype, such as image/png`,
    );
  }
  return value;
}

/** `POST /api/public/media`: announces an upload; the reply says where to PUT the bytes, or null when stored. */
export async function announceMedia(
  req: IncomingMessage,
  res: ServerResponse,
  store: MediaFiles | null,
  limits: ReceiverLimits,
): Promise<void> {
  const media = mediaStoreOrFail(store);
  const body = await readJson(req, limits);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ReceiverError(400, GRPC.INVALID_ARGUMENT, 'the body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  const sha256Hash = stringField(fields, 'sha256Hash');
  const contentType = mediaContentType(stringField(fields, 'contentType'));
  const contentLength = Number(fields.contentLength);
  if (!/^[A-Za-z0-9+/]{43}=$/.test(sha256Hash)) {
    throw new ReceiverError(400, GRPC.INVALID_ARGUMENT, '"sha256Hash" must be the base64 SHA-256 of the bytes');
  }
  if (!Number.isSafeInteger(contentLength) || contentLength < 0 || contentLength > MAX_MEDIA_BYTES) {
    throw new ReceiverError(
      400,
      GRPC.INVALID_ARGUMENT,
      `"contentLength" must be a size up to ${MAX_MEDIA_BYTES} bytes`,
    );
  }
  const mediaId = mediaIdOf(sha256Hash);
  if (await media.hasBytes(mediaId)) {
    sendJson(res, 201, { uploadUrl: null, mediaId });
    return;
  }
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : null);
  await media.describe({
    mediaId,
    contentType,
    contentLength,
    sha256Hash,
    traceId: text('traceId'),
    observationId: text('observationId'),
    field: text('field'),
    uploadedAt: null,
  });
  const uploadUrl = `http://${req.headers.host}/api/public/media/${mediaId}/upload`;
  sendJson(res, 201, { uploadUrl, mediaId });
}

/** `PUT /api/public/media/{id}/upload`: the bytes, checked against the announced SHA-256. */
export async function uploadMedia(
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
  store: MediaFiles | null,
  limits: ReceiverLimits,
): Promise<void> {
  const media = mediaStoreOrFail(store);
  const announced = isMediaId(id) ? await media.info(id) : null;
  // Announced before Loupe checked types: its bytes could never be served with the type it was announced with.
  if (announced) mediaContentType(announced.contentType);
  const bytes = await readBody(req, 'identity', { ...limits, maxBodyBytes: MAX_MEDIA_BYTES });
  const problem = await media.upload(id, bytes);
  if (problem) throw new ReceiverError(problem.startsWith('no media') ? 404 : 400, GRPC.INVALID_ARGUMENT, problem);
  res.writeHead(200, { 'content-length': '0' }).end();
}

/** `PATCH /api/public/media/{id}`: the SDK reports how its upload went; Loupe already knows from the PUT. */
export async function patchMedia(
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
  store: MediaFiles | null,
  limits: ReceiverLimits,
): Promise<void> {
  const media = mediaStoreOrFail(store);
  await readJson(req, limits);
  if (!(await media.info(id))) throw notFound(`no media ${id}; POST /api/public/media first`);
  res.writeHead(204).end();
}

/** `GET /api/public/media/{id}`: what Langfuse answers (a description and a download URL). */
export async function describeMedia(
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
  store: MediaFiles | null,
): Promise<void> {
  const info = await mediaStoreOrFail(store).info(id);
  if (!info?.uploadedAt) throw notFound(`no media ${id} has been uploaded`);
  sendJson(res, 200, {
    mediaId: id,
    contentType: info.contentType,
    contentLength: info.contentLength,
    uploadedAt: info.uploadedAt,
    url: `http://${req.headers.host}/media/${id}`,
    urlExpiry: new Date(Date.now() + 3600_000).toISOString(),
  });
}

/** `GET /media/{id}`: the bytes, with their content type, for the UI to show media references as images. */
export async function serveMedia(id: string, res: ServerResponse, store: MediaFiles | null, head: boolean) {
  const media = mediaStoreOrFail(store);
  const info = isMediaId(id) ? await media.info(id) : null;
  if (!info?.uploadedAt) throw notFound(`no media ${id} has been uploaded`);
  const bytes = await media.read(id);
  // Stored bytes are whatever an app sent: never let a browser run them as a page. A type stored before types were
  // checked may be no media type at all: then the bytes go out as bytes.
  const type = parseMediaType(info.contentType) ? info.contentType : 'application/octet-stream';
  sendBody(
    res,
    200,
    bytes,
    type,
    {
      'cache-control': 'private, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    },
    head,
  );
}

/** `GET /api/public/v2/prompts/{name}`: Loupe keeps no prompts; SDKs then use their fallback prompt. */
export function promptNotFound(name: string): ReceiverError {
  return notFound(
    `Loupe does not store prompts, so prompt "${name}" cannot be fetched; give the SDK a fallback prompt when running against Loupe`,
  );
}
