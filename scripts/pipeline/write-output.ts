// Every file the build writes goes through here: written to a temporary file
// in the same folder, then renamed over the old one. A reader never sees half
// a file, and a build that fails or is killed leaves the last good output.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/** Like writeFileAtomic, but leaves the file alone when it already holds `data`; returns whether it wrote. */
export async function writeFileIfChanged(file: string, data: string | Uint8Array): Promise<boolean> {
  const old = await readFile(file).catch(() => undefined);
  if (old?.equals(typeof data === 'string' ? Buffer.from(data) : data)) return false;
  await writeFileAtomic(file, data);
  return true;
}

/** Copies `source` to `target` atomically unless an identical-looking copy (same size, not older) is there. */
export async function copyFileAtomic(source: string, target: string): Promise<boolean> {
  const [from, to] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
  if (to && to.size === from.size && to.mtimeMs >= from.mtimeMs) return false;
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await copyFile(source, temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return true;
}
