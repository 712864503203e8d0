import { peekRunningLoop } from './events.ts';
import { blockThread, blocking, captureStack, checkAborted, clock, onWorkerThread, timeline } from './state.ts';

/** The longest blocking call so far in the loop callback now running (the loop clears
 * `blocking.site` before each callback). */
let longestNs = 0;

/**
 * A blocking call (time.sleep, requests.get, a concurrent Future's result): it holds the
 * calling thread for `ns` of virtual time. On the loop's thread every task waits meanwhile,
 * so the call is drawn on the timeline and the longest one in a callback is the line the
 * slow-callback warning names.
 */
export function blockingCall(name: string, ns: number, caller: Function): void {
  checkAborted();
  if (!onWorkerThread() && peekRunningLoop()) {
    if (blocking.site === undefined || ns > longestNs) {
      blocking.site = captureStack(caller);
      longestNs = ns;
    }
    timeline.push({ kind: 'blocking', name, start: clock.seconds(), end: (clock.nowNs + ns) / 1e9, state: 'done' });
  }
  blockThread(ns);
}
