// The setter is an inline async arrow started with asyncio.createTask; main awaits only the future.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  const fut = asyncio.getRunningLoop().createFuture<string>();
  asyncio.createTask(
    (async () => {
      await asyncio.sleep(2);
      fut.setResult('666');
    })(),
  );
  print(await fut);
}

asyncio.run(main());
