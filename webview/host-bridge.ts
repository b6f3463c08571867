// The link to whoever hosts the page: the VS Code webview API when it exists, otherwise the
// standalone report, which has nobody to talk to (messages are dropped, state is not kept).

import type { PlaygroundState, WebviewToHostMessage } from './messages.ts';

type VsCodeApi = { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
declare const acquireVsCodeApi: undefined | (() => VsCodeApi);

export type HostBridge = {
  inEditor: boolean;
  post(message: WebviewToHostMessage): void;
  getState(): PlaygroundState | null;
  setState(state: PlaygroundState): void;
};

export function connectToHost(): HostBridge {
  const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  if (api === null) {
    return { inEditor: false, post: () => undefined, getState: () => null, setState: () => undefined };
  }
  return {
    inEditor: true,
    post: (message) => api.postMessage(message),
    getState: () => {
      const state = api.getState();
      return typeof state === 'object' && state !== null ? (state as PlaygroundState) : null;
    },
    setState: (state) => api.setState(state),
  };
}
