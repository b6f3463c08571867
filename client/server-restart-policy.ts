// What the extension does when its language server process dies. vscode-languageclient's own
// handler restarts it four times and then gives up for good, with a notification each time:
// the editor loses its help after five crashes. Here the server is always restarted (the client
// then reopens every document, so the server starts again from the editor's text), the user
// sees one notification per session, and only a crash loop (a server that dies again and
// again within seconds) stops the restarts, with one last message saying so.
// No `vscode` import: the policy is plain logic, tested without an editor.

export type RestartDecision = {
  restart: boolean;
  /** The one message to show, or null to stay quiet (the output channel logs every crash). */
  notify: string | null;
};

/** Crashes within CRASH_LOOP_WINDOW_MS that count as a loop. */
export const CRASH_LOOP_LIMIT = 10;
export const CRASH_LOOP_WINDOW_MS = 60_000;

export class ServerRestartPolicy {
  private readonly recentCrashes: number[] = [];
  private notified = false;
  private gaveUp = false;

  /** `now` is the host's clock in milliseconds. */
  onServerClosed(now: number): RestartDecision {
    if (this.gaveUp) return { restart: false, notify: null };
    this.recentCrashes.push(now);
    while (this.recentCrashes.length > 0 && now - this.recentCrashes[0]! > CRASH_LOOP_WINDOW_MS) this.recentCrashes.shift();
    if (this.recentCrashes.length >= CRASH_LOOP_LIMIT) {
      this.gaveUp = true;
      return {
        restart: false,
        notify: `The Faultline language server stopped ${CRASH_LOOP_LIMIT} times within a minute and will not be restarted. Run "Developer: Reload Window" to try again; the Faultline output channel has the details.`,
      };
    }
    if (this.notified) return { restart: true, notify: null };
    this.notified = true;
    return { restart: true, notify: 'The Faultline language server stopped unexpectedly and was restarted with your open documents. The Faultline output channel has the details.' };
  }
}
