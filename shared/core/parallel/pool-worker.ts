/**
 * Entry of every WorkerPool thread: runs one task at a time by requiring the task's module
 * (once; tsx's hook is registered by the bootstrap) and calling the named handler.
 */
import { parentPort } from 'node:worker_threads';
import type { PoolHandler, ReplyMessage, TaskMessage } from './pool-protocol';

function handlerOf(module: string, name: string): PoolHandler<unknown, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the task module's path is known only at run time
  const exports = require(module) as Record<string, unknown>;
  const handler = exports[name];
  if (typeof handler !== 'function') throw new Error(`${module} exports no function named ${name}`);
  return handler as PoolHandler<unknown, unknown>;
}

async function runTask(message: TaskMessage): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  try {
    const outcome = await handlerOf(message.module, message.handler)(message.payload);
    const reply: ReplyMessage = {
      id: message.id,
      error: null,
      value: outcome.value,
      retire: outcome.retireWorker === true,
    };
    port.postMessage(reply, outcome.transfer ?? []);
  } catch (error) {
    const reply: ReplyMessage = {
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
      value: null,
      retire: false,
    };
    port.postMessage(reply);
  }
}

if (parentPort === null) throw new Error('pool-worker must run in a worker thread (started by WorkerPool)');
parentPort.on('message', (message: TaskMessage) => void runTask(message));
