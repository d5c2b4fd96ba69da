import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteResponse } from './route.js';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes a response with `opc-request-id` always, and a JSON content type whenever there is a JSON body. */
export function sendResponse(res: ServerResponse, opcRequestId: string, response: RouteResponse): void {
  const headers: Record<string, string> = { ...response.headers, 'opc-request-id': opcRequestId };
  if (response.text !== undefined && response.status !== 204) {
    const { contentType, content } = response.text;
    res
      .writeHead(response.status, { ...headers, 'content-type': contentType, 'content-length': String(Buffer.byteLength(content)) })
      .end(content);
    return;
  }
  if (response.body === undefined || response.status === 204) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const text = JSON.stringify(response.body);
  res
    .writeHead(response.status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
    .end(text);
}
