// asyncio.run style; the resolver is an async arrow wrapped with ensureFuture and awaited at the end.
import * as asyncio from 'asyncio';

async function main(): Promise<void> {
  const fut = asyncio.getRunningLoop().createFuture<string>();
  const resolver = asyncio.ensureFuture(
    (async () => {
      await asyncio.sleep(1.5);
      fut.setResult('ready');
    })(),
  );
  print(`got: ${await fut}`);
  await resolver;
}

asyncio.run(main());
