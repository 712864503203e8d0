// asyncio的future对象: a future is done only when someone sets its result.
import * as asyncio from 'asyncio';

async function setAfter(fut: asyncio.Future<string>): Promise<void> {
  // TODO: wait 2 seconds, then set the future's result to '666'.
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  // TODO: create a future, start a task running setAfter(fut),
  // then await the future and print what it gives.
}

asyncio.run(main());
