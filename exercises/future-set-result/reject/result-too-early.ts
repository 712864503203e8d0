// fails: output
// Reads the result right after starting the task: the future is not done yet (InvalidStateError).
import * as asyncio from 'asyncio';

async function setAfter(fut: asyncio.Future<string>): Promise<void> {
  await asyncio.sleep(2);
  fut.setResult('666');
}

async function main(): Promise<void> {
  const loop = asyncio.getRunningLoop();
  const fut = loop.createFuture<string>();
  const task = loop.createTask(setAfter(fut));
  print(fut.result());
  await task;
}

asyncio.run(main());
