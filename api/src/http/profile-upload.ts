// POST /v1/models/{id}/profiles: a client's window profiles (`tandem profile`), one JSON body
// {uploadId, windows: [{start, columns: {column: profile}}]}; the same limits as the bulk endpoint
// (body size, idle time, gzip), answered only after COMMIT. GET /v1/models/{id}/profiles/bins: the
// reference bins the model's numeric columns are counted on (a client counts on them too, so its
// profiles merge with the server's exactly).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "../services/index.js";
import { BadInputError } from "../services/errors.js";
import { readBody } from "./read-body.js";
import { sendJson } from "./respond.js";

export const PROFILE_ROUTE = /^\/v1\/models\/([^/]+)\/profiles(\/bins)?\/?$/;

export async function profileRoute(args: { req: IncomingMessage; res: ServerResponse; services: Services; modelId: string; bins: boolean; maxBodyBytes: number }): Promise<void> {
  const { req, res, services } = args;
  const method = req.method ?? "GET";
  const principal = await services.apiKeys.authenticate(req.headers.authorization, req.socket.remoteAddress);
  if (args.bins) {
    if (method !== "GET") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET" } }, { allow: "GET" });
    const model = await services.profiles.uploads.requireUploadModel(principal, args.modelId);
    return sendJson(res, 200, await services.profiles.uploads.referenceBins(model));
  }
  if (method !== "POST") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use POST with a JSON body {uploadId, windows}" } }, { allow: "POST" });
  const model = await services.profiles.uploads.requireUploadModel(principal, args.modelId);
  const text = await readBody(req, args.maxBodyBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new BadInputError(`body: not valid JSON (${(error as Error).message}); nothing was stored`);
  }
  sendJson(res, 200, await services.profiles.uploads.upload(model, body));
}
