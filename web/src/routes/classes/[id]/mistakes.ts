import type { ProgressReport } from '$lib/api.ts';

export type Mistake = ProgressReport['summary'][string]['mistakes'][number]['mistake'];

/**
 * The grader's mistake categories (grader/grade-schema.ts) in words a teacher reads at a
 * glance: "42% ran the awaits one after another". Every category must have a name here.
 */
export const MISTAKE_NAMES: Record<Mistake, { en: string; zh: string }> = {
  'compile-error': { en: 'did not compile', zh: '代码无法编译' },
  deadlock: { en: 'deadlocked: waited for something that never came', zh: '死锁：等待的事情永远不会发生' },
  timeout: { en: 'never finished (ran out of time)', zh: '程序没有结束（超时）' },
  limit: { en: 'hit a sandbox limit', zh: '超出了沙箱的限制' },
  crash: { en: 'crashed with an error', zh: '运行时抛出错误' },
  'never-awaited': { en: 'called an async function without awaiting it', zh: '调用了异步函数却没有 await' },
  'blocking-call': { en: 'blocked the event loop with a blocking call', zh: '阻塞调用卡住了事件循环' },
  'sequential-awaits': { en: 'ran the awaits one after another', zh: 'await 依次执行，没有并发' },
  reordered: { en: 'right lines, but simultaneous ones out of order', zh: '同一时刻的输出顺序不对' },
  'missing-output': { en: 'left out expected output', zh: '缺少应有的输出' },
  'extra-output': { en: 'wrote output that was not expected', zh: '输出了多余的内容' },
  style: { en: 'did not use the style the exercise asks for', zh: '没有按练习要求的写法' },
  'hidden-variant': { en: 'passed the example but not a hidden variant', zh: '通过了示例，但没通过隐藏用例' },
  'wrong-output': { en: 'wrong output', zh: '输出不正确' },
  'wrong-timing': { en: 'right output at the wrong times', zh: '输出正确但时间不对' },
  warnings: { en: 'left runtime warnings', zh: '运行时产生了警告' },
  'wrong-files': { en: 'wrote the wrong files', zh: '写入的文件不正确' },
  'wrong-answer': { en: 'gave a wrong answer', zh: '答案错误' },
};
