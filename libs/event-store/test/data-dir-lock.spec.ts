import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLockedError, lockDataDirectory, PgliteDatabase } from '@app/event-store';

describe('data directory lock for embedded PGlite', () => {
  const directories: string[] = [];
  function freshDirectory(): string {
    const directory = mkdtempSync(join(tmpdir(), 'iot-ssf-lock-'));
    directories.push(directory);
    return directory;
  }
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('refuses a directory that a live process holds, naming it, and opens it once released', async () => {
    const directory = freshDirectory();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(directory, 'iot-ssf.lock'), String(holder.pid));
      expect(() => lockDataDirectory(directory)).toThrow(DataDirectoryLockedError);
      expect(() => lockDataDirectory(directory)).toThrow(new RegExp(`pid ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // The holder died without cleaning up (as after kill -9): its lock is taken over.
    const lock = lockDataDirectory(directory);
    lock.release();
  });

  it('refuses a second PGlite database on the same directory within one process', async () => {
    const directory = freshDirectory();
    const first = await PgliteDatabase.open(directory);
    try {
      await expect(PgliteDatabase.open(directory)).rejects.toBeInstanceOf(DataDirectoryLockedError);
    } finally {
      await first.close();
    }
    const reopened = await PgliteDatabase.open(directory);
    await reopened.close();
  });
});
