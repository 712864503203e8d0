/**
 * asyncio.TaskGroup, after CPython 3.11's taskgroups.py:
 *
 *     await asyncio.asyncWith(new asyncio.TaskGroup(), async (tg) => {
 *       tg.createTask(one());
 *       tg.createTask(two());
 *     }); // both tasks are done here
 *
 * When a task of the group fails, the others and the body are cancelled, and leaving the
 * group raises an ExceptionGroup of every error (the body's own included).
 */
import { type Coroutine, coroutineFunction, markCoroutineFunction } from './coroutines.ts';
import { type EventLoop, getRunningLoop } from './events.ts';
import { CancelledError, ExceptionGroup, RuntimeError } from './exceptions.ts';
import type { Future } from './futures.ts';
import { keepNames, waiterFuture } from './mixins.ts';
import { type Task, currentTask } from './tasks.ts';

export class TaskGroup {
  _entered = false;
  _exiting = false;
  _aborting = false;
  _loop: EventLoop | null = null;
  _parentTask: Task | null = null;
  _parentCancelRequested = false;
  _tasks = new Set<Task>();
  _errors: unknown[] = [];
  _onCompletedFut: Future | null = null;

  toString(): string {
    const info = [''];
    if (this._tasks.size > 0) info.push(`tasks=${this._tasks.size}`);
    if (this._errors.length > 0) info.push(`errors=${this._errors.length}`);
    if (this._aborting) info.push('cancelling');
    else if (this._entered) info.push('entered');
    return `<TaskGroup${info.join(' ')}>`;
  }

  __aenter__(): Coroutine {
    return taskGroupEnter(this);
  }

  __aexit__(excType?: unknown, exc?: unknown): Coroutine {
    return taskGroupExit(this, excType ?? null, exc ?? null);
  }

  /** Creates a task in the group (`asyncio.createTask`, but owned by the group). */
  createTask(coro: Coroutine, options: { name?: string | null } = {}): Task {
    if (!this._entered) throw new RuntimeError(`TaskGroup ${this} has not been entered`);
    if (this._exiting && this._tasks.size === 0) throw new RuntimeError(`TaskGroup ${this} is finished`);
    if (this._aborting) throw new RuntimeError(`TaskGroup ${this} is shutting down`);
    // As CPython: the task takes a number first, then the name, if one is given.
    const task = (this._loop as EventLoop).createTask(coro);
    if (options.name !== undefined && options.name !== null) task.setName(options.name);
    task.addDoneCallback(this._onTaskDone);
    this._tasks.add(task);
    return task;
  }

  _abort(): void {
    this._aborting = true;
    for (const task of this._tasks) if (!task.done()) task.cancel();
  }

  // JavaScript has no BaseException besides Exception (CPython's SystemExit and
  // KeyboardInterrupt), so the group's `_base_error` handling has nothing to do here.
  _onTaskDone = (task: Task): void => {
    this._tasks.delete(task);
    const onCompleted = this._onCompletedFut;
    if (onCompleted !== null && this._tasks.size === 0 && !onCompleted.done()) onCompleted.setResult(true);
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === null) return;
    this._errors.push(exc);
    const parent = this._parentTask as Task;
    if (parent.done()) {
      (this._loop as EventLoop).callExceptionHandler({
        message: `Task ${task} has errored out but its parent task ${parent} is already completed`,
        exception: exc,
      });
      return;
    }
    if (!this._aborting && !this._parentCancelRequested) {
      // Cancel the body too, whatever it awaits; __aexit__ takes that cancellation back.
      this._abort();
      this._parentCancelRequested = true;
      parent.cancel();
    }
  };
}

const taskGroupEnter = coroutineFunction('TaskGroup.__aenter__', function* (tg: TaskGroup) {
  if (tg._entered) throw new RuntimeError(`TaskGroup ${tg} has already been entered`);
  tg._loop ??= getRunningLoop();
  tg._parentTask = currentTask(tg._loop);
  if (tg._parentTask === null) throw new RuntimeError(`TaskGroup ${tg} cannot determine the parent task`);
  tg._entered = true;
  return tg;
});

const taskGroupExit = coroutineFunction(
  'TaskGroup.__aexit__',
  function* (tg: TaskGroup, excType: unknown, exc: unknown) {
    tg._exiting = true;
    let propagateCancellation: unknown = excType === CancelledError ? exc : null;
    // The group cancelled the body itself: take that cancellation back, and raise it only if
    // someone else asked for one too.
    if (tg._parentCancelRequested && (tg._parentTask as Task).uncancel() === 0) propagateCancellation = null;
    // The body raised, or the task running it is being cancelled: stop the group's tasks.
    if (excType !== null && !tg._aborting) tg._abort();
    // A loop: waiting may be cancelled again and again while the tasks wind down.
    while (tg._tasks.size > 0) {
      tg._onCompletedFut ??= waiterFuture(tg._loop as EventLoop, 'the tasks of a TaskGroup to finish');
      try {
        yield tg._onCompletedFut;
      } catch (ex) {
        if (!(ex instanceof CancelledError)) throw ex;
        if (!tg._aborting) {
          // The task running the group is being cancelled while its tasks still run.
          propagateCancellation = ex;
          tg._abort();
        }
      }
      tg._onCompletedFut = null;
    }
    // A CancelledError propagates unless there are errors, which take priority.
    if (propagateCancellation !== null && tg._errors.length === 0) throw propagateCancellation;
    if (excType !== null && excType !== CancelledError) tg._errors.push(exc);
    if (tg._errors.length > 0) {
      const errors = tg._errors;
      tg._errors = [];
      throw new ExceptionGroup('unhandled errors in a TaskGroup', errors);
    }
    return undefined;
  },
);

for (const name of ['__aenter__', '__aexit__'] as const) markCoroutineFunction(TaskGroup.prototype[name]);

keepNames({ TaskGroup });
