// Named tasks in a map, awaited one after the other once both have started.
import * as asyncio from 'asyncio';

const others = async (seconds: number, name: string): Promise<string> => {
  print('start', name);
  await asyncio.sleep(seconds);
  print('end', name);
  return '返回值' + name;
};

async function main(): Promise<void> {
  print('执行协程函数内部代码');
  const durations: [string, number][] = [
    ['task_1', 3],
    ['task_2', 2],
  ];
  const tasks = durations.map(([name, seconds]) => asyncio.createTask(others(seconds, name), { name }));
  for (const task of tasks) {
    const result = await task;
    print(`${task.getName()}的IO操作结果为: ${result}`);
  }
}

asyncio.run(main());
