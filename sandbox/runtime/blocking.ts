import { peekRunningLoop } from './events.ts';
import { blockThread, blocking, captureStack, checkAborted, clock, onWorkerThread, timeline } from './state.ts';

/**
 * A blocking call (time.sleep, requests.get, a concurrent Future's result): it holds the
 * calling thread for `ns` of virtual time. On the loop's thread every task waits meanwhile,
 * so the call is remembered for the slow-callback warning and drawn on the timeline.
 */
export function blockingCall(name: string, ns: number, caller: Function): void {
  checkAborted();
  if (!onWorkerThread() && peekRunningLoop()) {
    blocking.site = captureStack(caller);
    timeline.push({ kind: 'blocking', name, start: clock.seconds(), end: (clock.nowNs + ns) / 1e9, state: 'done' });
  }
  blockThread(ns);
}
