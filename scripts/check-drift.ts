import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Generated files that are committed must match what generates them. Fails, naming the command
 * that fixes it, when the Drizzle schema has changes no migration holds, or when the web app's
 * typed client no longer matches docs/openapi.json. (docs/openapi.json itself against the routes is
 * a test: scripts/openapi.test.ts.)
 */

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const problems: string[] = [];

function migrationsDrift(): void {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'loupe-drift-'));
  try {
    const out = path.join(scratch, 'migrations');
    cpSync(path.join(root, 'src/db/migrations'), out, { recursive: true });
    const before = readdirSync(out).filter((f) => f.endsWith('.sql'));
    const config = path.join(scratch, 'drizzle.config.json');
    // drizzle-kit reads `out` as relative to the working directory whatever it is given.
    writeFileSync(
      config,
      JSON.stringify({
        dialect: 'postgresql',
        schema: './src/db/schema/index.ts',
        out: path.relative(root, out),
        entities: { roles: { provider: '', include: [] } },
      }),
    );
    const said = execFileSync(bin('drizzle-kit'), ['generate', '--config', config, '--name', 'drift'], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    // It answers 0 even when it fails to read the migrations, so success is read from what it says.
    if (!/No schema changes|Your SQL migration file/.test(said)) throw new Error(`drizzle-kit generate did not finish:\n${said}`);
    const added = readdirSync(out).filter((f) => f.endsWith('.sql') && !before.includes(f));
    if (added.length > 0) {
      problems.push(
        `The Drizzle schema has changes that no committed migration holds:\n${readFileSync(path.join(out, added[0] ?? ''), 'utf8')}\n  fix: npm run db:generate, then commit the migration`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function typedClientDrift(): void {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'loupe-drift-'));
  try {
    const fresh = path.join(scratch, 'schema.d.ts');
    execFileSync(bin('openapi-typescript'), [path.join(root, 'docs/openapi.json'), '-o', fresh], { cwd: root, stdio: 'pipe' });
    const committed = readFileSync(path.join(root, 'web/src/api/schema.d.ts'), 'utf8');
    if (readFileSync(fresh, 'utf8') !== committed) {
      problems.push('web/src/api/schema.d.ts does not match docs/openapi.json\n  fix: npm run web:types, then commit it');
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

migrationsDrift();
typedClientDrift();
if (problems.length > 0) {
  console.error(`Drift found:\n\n${problems.join('\n\n')}`);
  process.exit(1);
}
console.log('no drift: migrations hold the schema, and the typed client matches docs/openapi.json');
