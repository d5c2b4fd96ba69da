import type { NotifierPort } from '../../functions/cloudguard-responder/src/index.js';

/**
 * The responder verifies a problem against Cloud Guard and says so: "Cloud Guard confirms problem
 * <id> was resolved by <actor> at <time>". When the replay provisioned that problem and its
 * RESOLVE record from the event itself (provision.ts), the record is the event echoed back, not
 * Cloud Guard's word; the report and the email the replay shows must both say which it is.
 */
const CONFIRMATION = /^Cloud Guard confirms problem (\S+) was resolved by /;

/** The problem a confirmation line speaks of, or null for any other line. */
export function confirmedProblem(check: string): string | null {
  return CONFIRMATION.exec(check)?.[1] ?? null;
}

/** A confirmation line reworded for a problem record this replay provisioned; any other line as it is. */
export function asProvisionedByReplay(check: string): string {
  if (confirmedProblem(check) === null) return check;
  return (
    `${check.replace(/^Cloud Guard confirms/, "the emulator's Cloud Guard holds")} [PROVISIONED by this replay from the event itself: ` +
    `not Cloud Guard's confirmation]`
  );
}

/**
 * The replay's notifier: the email reaches the emulator's topic with each confirmation of a
 * problem `provisioned` says the replay made up reworded (the email lists each check on a line
 * of its own, `  - <check>`), and is otherwise the responder's own message.
 */
export function replayNotifier(inner: NotifierPort, provisioned: (problemId: string) => boolean): NotifierPort {
  return {
    publish: (message) =>
      inner.publish({
        title: message.title,
        body: message.body
          .split('\n')
          .map((line) => {
            const [, bullet = '', check = ''] = /^(\s*- )(.*)$/.exec(line) ?? [];
            const problemId = confirmedProblem(check);
            return problemId !== null && provisioned(problemId) ? `${bullet}${asProvisionedByReplay(check)}` : line;
          })
          .join('\n'),
      }),
  };
}
