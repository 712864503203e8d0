import { expect, test } from 'vitest';
import { trace, usePool } from '../support.ts';

const run = usePool();

test('runs a sleep on the virtual clock', async () => {
  const result = await run(
    `import * as asyncio from 'asyncio';\nasync function main() { await asyncio.sleep(2); print('done'); }\nasyncio.run(main());`,
  );
  expect(result.status).toBe('ok');
  expect(trace(result)).toEqual(['2 done']);
});
