// Preloaded with `node --import` to simulate a full disk: writes to temporary
// files whose name matches FAIL_WRITES (a regular expression) fail with ENOSPC
// after a first chunk, as a real full disk does. Plain JavaScript so it loads
// before the pipeline; node's built-in ESM exports are synced so `import { open }`
// in the pipeline sees the patched function.
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const pattern = new RegExp(process.env.FAIL_WRITES ?? '$^');
const open = fs.open;
fs.open = async (file, ...rest) => {
  const handle = await open(file, ...rest);
  if (pattern.test(String(file))) {
    handle.writeFile = async () => {
      const error = new Error(`ENOSPC: no space left on device, write`);
      error.code = 'ENOSPC';
      error.errno = -28;
      error.syscall = 'write';
      throw error;
    };
  }
  return handle;
};
syncBuiltinESMExports();
