import { missingParameter, notFound } from '../http/oci-api-error.js';
import type { RequestContext, Route, RouteResponse, ServiceModule } from '../http/route.js';
import type { TopicRecord } from '../state/types.js';
import { resourceEtag } from './resource-etag.js';

/**
 * The Notifications reads `cg-responder doctor` needs, in the SDK's wire shape:
 * - `GET /20181201/topics/{topicId}` → NotificationTopic (`oci-ons/lib/model/notification-topic.d.ts`:
 *   name, topicId, compartmentId, lifecycleState, timeCreated, apiEndpoint), with an `etag` header;
 * - `GET /20181201/subscriptions?compartmentId=…[&topicId=…]` → a bare array of SubscriptionSummary
 *   (`oci-ons/lib/client.js` listSubscriptions: bodyKey "items", type Array; `compartmentId` is
 *   required). A subscription is PENDING until its recipient confirms it, then ACTIVE
 *   (`Subscription.LifecycleState`).
 */
function topicModel(topic: TopicRecord): Record<string, unknown> {
  return {
    name: topic.name,
    topicId: topic.id,
    compartmentId: topic.compartmentId,
    lifecycleState: 'ACTIVE',
    description: null,
    // assumed: the state keeps no creation time for topics; the first subscription's, or the epoch.
    timeCreated: topic.subscriptions?.[0]?.createdTime ?? '1970-01-01T00:00:00.000Z',
    apiEndpoint: `https://cell1.notification.local/20181201/topics/${topic.id}`,
    freeformTags: {},
    definedTags: {},
  };
}

function getTopic(context: RequestContext): RouteResponse {
  const topic = context.state.topics.find((candidate) => candidate.id === context.params['topicId']);
  if (!topic) throw notFound(`topic ${context.params['topicId'] ?? ''}`);
  const body = topicModel(topic);
  return { status: 200, body, headers: { etag: resourceEtag(body) } };
}

function listSubscriptions(context: RequestContext): RouteResponse {
  const compartmentId = context.query.get('compartmentId');
  if (compartmentId === null || compartmentId === '') throw missingParameter('compartmentId');
  const topicId = context.query.get('topicId');
  const items = context.state.topics
    .filter((topic) => topic.compartmentId === compartmentId && (topicId === null || topic.id === topicId))
    .flatMap((topic) =>
      (topic.subscriptions ?? [])
        .filter((subscription) => subscription.lifecycleState !== 'DELETED')
        .map((subscription) => {
          const summary = {
            id: subscription.id,
            topicId: topic.id,
            protocol: subscription.protocol,
            endpoint: subscription.endpoint,
            lifecycleState: subscription.lifecycleState,
            compartmentId: topic.compartmentId,
            createdTime: Date.parse(subscription.createdTime),
            // OCI's default retry policy, two hours of exponential back-off, as recorded
            // (oracle/oci-cli services/ons/tests/cassettes/notification_test_subscription_crud.yml).
            deliveryPolicy: { backoffRetryPolicy: { maxRetryDuration: 7_200_000, policyType: 'EXPONENTIAL' } },
            freeformTags: {},
            definedTags: {},
          };
          return { ...summary, etag: resourceEtag(summary) };
        }),
    );
  return { status: 200, body: items };
}

const routes: readonly Route[] = [
  { service: 'notifications', operation: 'GetTopic', method: 'GET', path: '/topics/{topicId}', handle: getTopic },
  { service: 'notifications', operation: 'ListSubscriptions', method: 'GET', path: '/subscriptions', handle: listSubscriptions },
];

export const notificationTopicsService: ServiceModule = { routes };
