// A build racing for the output lock, in a process of its own (the lock tells
// builds apart by PID). Bundled by tests/unit/lock-race.test.ts; on each `take`
// message it tries lockOutput and answers whether it holds the lock; on
// `release` it lets go. Another process is needed, not a worker: a worker has
// the same PID as the test.
import { lockOutput, type OutputLock } from '../../scripts/pipeline/write/lock.ts';

let held: OutputLock | undefined;
process.on('message', (message: { do: 'take' | 'release' | 'exit'; dir: string }) => {
  const send = (reply: unknown) => process.send?.(reply);
  if (message.do === 'take') {
    lockOutput(message.dir).then(
      (lock) => {
        held = lock;
        send({ held: true });
      },
      (error: Error) => send({ held: false, error: error.name }),
    );
  } else if (message.do === 'release') {
    const lock = held;
    held = undefined;
    (lock ? lock.release() : Promise.resolve()).then(() => send({ released: true }));
  } else process.disconnect();
});
