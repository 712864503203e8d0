import { buildRuntime } from '../sandbox/build.ts';

/** The sandbox loads the bundled runtime; build it from the sources under test. */
export default function setup(): void {
  buildRuntime();
}
