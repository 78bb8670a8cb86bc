// Reliability support: stop and start the local PostgreSQL cluster (shared with other engineers: keep stops short).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

function version(): string {
  return readdirSync('/etc/postgresql').sort((a, b) => Number(a) - Number(b)).at(-1) ?? '15';
}

export function stopPostgres(): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version(), 'main', 'stop', '-m', 'immediate'], { stdio: 'pipe' });
}

/** Blocks until the cluster accepts connections again (pg_ctlcluster waits for it). */
export function startPostgres(): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version(), 'main', 'start'], { stdio: 'pipe' });
}

export function postgresRunning(): boolean {
  try {
    execFileSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']);
    return true;
  } catch {
    return false;
  }
}

/** Whether this machine can stop/start the cluster (a local DATABASE_URL and pg_ctlcluster present). */
export function canControlPostgres(): boolean {
  const url = process.env.DATABASE_URL;
  if (!url || !/@(127\.0\.0\.1|localhost)(:5432)?\//.test(url)) return false;
  try {
    execFileSync('which', ['pg_ctlcluster'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
