import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirectoryLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(directory: string, pid: number) {
    super(
      `The data directory ${directory} is in use by another process (pid ${pid}). ` +
        'PGlite cannot share a directory between processes: stop that process, or set DATA_DIR to another directory, or use DATABASE_URL.',
    );
    this.name = 'DataDirectoryLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive pid file, because PGlite itself takes no lock on its directory and two processes
 * writing one directory corrupt it. A lock left by a process that died (kill -9) is taken over,
 * so a crashed service restarts without manual cleanup.
 */
export function lockDataDirectory(directory: string): { release(): void } {
  mkdirSync(directory, { recursive: true });
  const lockFile = join(directory, 'iot-ssf.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(lockFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirectoryLockedError(directory, holder);
      }
      if (holder === process.pid) throw new DataDirectoryLockedError(directory, holder);
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${directory}`);
}
