import type { NotificationDataPlaneClient } from 'oci-ons';
import type { NotifierPort } from '../../ports/notifier-port.js';
import { ociCall } from './oci-call.js';

/** Publishes to the SecOps topic (ONS PublishMessage); its email subscription does the rest. */
export function createOnsNotifier(client: NotificationDataPlaneClient, topicId: string): NotifierPort {
  return {
    publish: (message) =>
      ociCall('PublishMessage', topicId, async () => {
        const { publishResult } = await client.publishMessage({ topicId, messageDetails: { title: message.title, body: message.body } });
        return { messageId: publishResult.messageId };
      }),
  };
}
