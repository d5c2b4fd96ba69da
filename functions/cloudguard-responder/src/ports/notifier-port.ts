/**
 * Tells SecOps what happened. The production adapter publishes to an OCI Notifications topic
 * whose subscription is email; the title becomes the subject (oci-behaviour §5).
 */
export interface NotifierPort {
  publish(message: { title: string; body: string }): Promise<{ messageId: string }>;
}
