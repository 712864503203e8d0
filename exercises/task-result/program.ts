// future与result: reading a task's result before and after the loop has run it.
import * as asyncio from 'asyncio';

async function doWork(x: number): Promise<string> {
  await asyncio.sleep(x);
  return `Done after ${x} s`;
}

const loop = asyncio.getEventLoop();
const task = loop.createTask(doWork(1));
try {
  print(task.result());
} catch (error) {
  if (error instanceof asyncio.InvalidStateError) print(`InvalidStateError: ${error.message}`);
  else throw error;
}
loop.runUntilComplete(task);
print(task.result());
