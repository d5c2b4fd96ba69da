import type { NotificationDataPlaneClient } from 'oci-ons';
import type { NotifierPort } from '../../ports/notifier-port.js';
import type { OciCaller } from './oci-call.js';

/** Publishes to the SecOps topic (ONS PublishMessage); its email subscription does the rest. */
export function createOnsNotifier(caller: OciCaller, client: NotificationDataPlaneClient, topicId: string): NotifierPort {
  return {
    publish: (message) =>
      caller.call('PublishMessage', topicId, async (seen) => {
        const { publishResult } = seen(
          await client.publishMessage({ topicId, messageDetails: { title: message.title, body: message.body } }),
        );
        return { messageId: publishResult.messageId };
      }),
  };
}
