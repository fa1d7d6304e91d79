import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database allows one process. A second server on the same directory gets a
 * clear error instead of a corrupt store; a lock left by a process that died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'xiang.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      heldHere.add(lockFile);
      return () => {
        heldHere.delete(lockFile);
        fs.rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      // Our own pid in a lock we do not hold is a leftover: in a container the server is often
      // the same pid after a restart.
      const isHeld = holder === process.pid ? heldHere.has(lockFile) : holder > 0 && isAlive(holder);
      if (isHeld) {
        throw new Error(
          `The data directory ${dataDir} is in use by another Xiang CRM process (pid ${holder}). ` +
          'Stop that process, or set DATA_DIR to another directory, or use DATABASE_URL for a PostgreSQL server.',
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockFile}`);
}

const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
