import { randomUUID } from 'node:crypto';
import { invalidParameter, notFound } from '../http/oci-api-error.js';
import { principalId, type RequestContext, type Route, type RouteResponse, type ServiceModule } from '../http/route.js';
import { optionalString, requireJsonObject, requiredString } from './request-fields.js';

/**
 * Notifications data plane, 20181201 (oci-behaviour §5): PublishMessage. Nothing is delivered;
 * messages are stored on their topic so tests and the CLI can read what would have been sent.
 */

/** "64 KB per message" (§5); counted over title + body in UTF-8 bytes (assumed). */
export const MAXIMUM_MESSAGE_BYTES = 64 * 1024;

/**
 * `POST /topics/{topicId}/messages` with `MessageDetails {title?, body}` → `PublishResult
 * {messageId, timeStamp}` (§5). The deprecated `messageType` header changes only how OCI
 * formats deliveries, which the emulator does not make, so it is ignored. Assumed: a missing
 * body → 400 `MissingParameter`, an oversized message → 400 `InvalidParameter`, message ids are
 * UUIDs. The per-topic rate limit (60/min, §5) is not enforced: its error is undocumented (429 is
 * only inferred) and enforcing a guess would fail bulk runs that OCI might accept.
 */
function publishMessage(context: RequestContext): RouteResponse {
  const topicId = context.params['topicId'] ?? '';
  const topic = context.state.topics.find((candidate) => candidate.id === topicId);
  if (topic === undefined) throw notFound(`topic ${topicId}`);

  const details = requireJsonObject(context.body, 'MessageDetails');
  const body = requiredString(details, 'body');
  const title = optionalString(details, 'title') ?? null;
  const size = Buffer.byteLength(body, 'utf8') + (title === null ? 0 : Buffer.byteLength(title, 'utf8'));
  if (size > MAXIMUM_MESSAGE_BYTES) {
    throw invalidParameter(`The message is ${size} bytes; the maximum is ${MAXIMUM_MESSAGE_BYTES} bytes.`);
  }

  const message = {
    messageId: randomUUID(),
    title,
    body,
    timeStamp: context.now.toISOString(),
    publishedBy: principalId(context.principal),
  };
  topic.messages.push(message);
  // 202 Accepted, as OCI answers (oracle/oci-cli services/ons/tests/cassettes/for_generated/ons_test_publish_message.yml).
  return { status: 202, body: { messageId: message.messageId, timeStamp: message.timeStamp } };
}

const routes: readonly Route[] = [
  { service: 'notifications', operation: 'PublishMessage', method: 'POST', path: '/topics/{topicId}/messages', handle: publishMessage },
];

export const notificationsService: ServiceModule = { routes };
