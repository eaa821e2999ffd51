// The Remix request handler for Express, with request bodies bounded by route (body-limits.ts).
// A body is read before any route code runs, counting bytes as they stream in: past the route's
// limit (or when Content-Length announces more) reading stops and the answer is 413
// payload_too_large. So no request can make the app hold more than its limit, whoever sends it
// (a webhook's signature can only be checked once its whole body has arrived). Requests are
// otherwise built and answered as @remix-run/express does (its createRemixRequest), with the
// bytes read here as the body.
import type { IncomingHttpHeaders } from "node:http";
import { createRequestHandler, type ServerBuild, writeReadableStreamToWritable } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { bodyLimitFor, declaredTooLarge, payloadTooLarge } from "./body-limits";

/** How long a refused sender may go on sending (discarded) before its connection is closed. */
const DRAIN_MS = 1_000;

type BodyRead = { ok: true; body: Buffer | undefined } | { ok: false };

/** Reads the body up to `limit` bytes; past it, answers 413 itself and stops collecting. */
function readBody(req: ExpressRequest, res: ExpressResponse, limit: number): Promise<BodyRead> {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  if (declaredTooLarge(req.headers["content-length"], limit)) return Promise.resolve(refuse(req, res, limit));
  if (!hasBody) return Promise.resolve({ ok: true, body: undefined });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      cleanup();
      chunks.length = 0;
      resolve(refuse(req, res, limit));
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // The sender went away mid-body: nothing to answer.
    const onClose = () => {
      cleanup();
      resolve({ ok: false });
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
    req.once("close", onClose);
  });
}

function refuse(req: ExpressRequest, res: ExpressResponse, limit: number): BodyRead {
  // The rest is discarded as it comes (memory stays flat): closing at once would make most
  // clients fail on their next write (EPIPE) before they read the answer. A sender that keeps
  // going past DRAIN_MS is cut off.
  req.on("data", () => undefined);
  req.resume();
  res.once("finish", () => setTimeout(() => !req.complete && req.socket.destroy(), DRAIN_MS).unref());
  res.status(413).json(payloadTooLarge(limit).toJSON());
  return { ok: false };
}

function remixHeaders(requestHeaders: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

function remixRequest(req: ExpressRequest, res: ExpressResponse, body: Buffer | undefined): Request {
  // As @remix-run/express: the port from X-Forwarded-Host or Host, the host as Express resolves it.
  const port = [req.get("X-Forwarded-Host"), req.get("host")]
    .map((h) => Number.parseInt(h?.split(":")[1] ?? "", 10))
    .find((p) => Number.isSafeInteger(p));
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  // Loaders and actions are aborted when the answer can no longer be written.
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, { method: req.method, headers: remixHeaders(req.headers), signal: controller.signal, ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}) });
}

async function sendRemixResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

export function boundedRemixHandler(build: ServerBuild) {
  const handleRequest = createRequestHandler(build, "production");
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const read = await readBody(req, res, bodyLimitFor(req.path));
      if (!read.ok) return;
      await sendRemixResponse(res, await handleRequest(remixRequest(req, res, read.body)));
    } catch (error) {
      next(error);
    }
  };
}
