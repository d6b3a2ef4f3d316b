import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { makeShop } from '../src/seed/factories.js';
import { dropDatabase, freshDatabase, ORIGIN, seedJobs, signIn, startLoupe } from './support.js';

/**
 * Where a move's time goes: `npx tsx bench/move-profile.ts [clients] [seconds]` runs that many clients
 * moving jobs polish ⇄ ready through the API under Node's CPU profiler, then prints the Node CPU time
 * per move and the functions that took the most of it. Not a benchmark (the profiler slows what it
 * watches): the figures to compare are `npm run bench`'s.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const DB = 'loupe_move_profile';

function topFunctions(profile: Profile, count: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const t = profile.timeDeltas[i] ?? 0;
    total += t;
    if (!frame) return;
    const where = frame.url.replace(/.*node_modules\//, '').replace(/.*\/(src|bench)\//, '$1/');
    const key = `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + t);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, t]) => `${((t / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

async function main() {
  const clients = Number(process.argv[2] ?? 8);
  const seconds = Number(process.argv[3] ?? 10);
  const loupe = await startLoupe(await freshDatabase(DB));
  try {
    const { deps, pool, port, base } = loupe;
    const shop = await makeShop(deps, { shopName: 'Profile' });
    const { ids } = await seedJobs(pool, shop.shop.id, shop.user.id, Array(clients).fill('polish'), 4);
    const cookie = await signIn(base, shop.email, shop.password);

    const move = (agent: http.Agent, id: string, from: string, to: string) =>
      new Promise<void>((resolve, reject) => {
        const body = JSON.stringify({ to, from });
        const headers = { cookie, origin: ORIGIN, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/v1/bespoke/${id}/stage`, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`move answered ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      });

    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const cpu0 = process.cpuUsage();
    const until = performance.now() + seconds * 1000;
    let moves = 0;
    await Promise.all(
      ids.map(async (id) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        let stage = 'polish';
        while (performance.now() < until) {
          const to = stage === 'polish' ? 'ready' : 'polish';
          await move(agent, id, stage, to);
          stage = to;
          moves++;
        }
        agent.destroy();
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    console.log(`${clients} client(s), ${seconds} s: ${moves} moves, ${(moves / seconds).toFixed(0)}/s under the profiler`);
    console.log(`Node CPU per move (server and load generator): ${((cpu.user + cpu.system) / 1000 / moves).toFixed(2)} ms`);
    console.log('Self time, top functions:');
    for (const line of topFunctions(profile, 25)) console.log(`  ${line}`);
  } finally {
    await loupe.close();
    await dropDatabase(DB);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
