/**
 * Start-up as a user sees it: time from running `npm start` (or any command)
 * to the first answer of GraphQL, on an installed, already-seeded database.
 *   node bench/first-answer.mjs [--runs 7] [--port 4599] [-- command ...]
 * Default command: npm start. Each run is stopped with SIGTERM to the PID of
 * the command (as an operator would), and the run waits for it to exit.
 * Prints each run and the median, in milliseconds.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const flags = dash === -1 ? argv : argv.slice(0, dash);
const command = dash === -1 ? ['npm', 'start'] : argv.slice(dash + 1);
const flag = (name, fallback) => {
  const i = flags.indexOf(name);
  return i === -1 ? fallback : Number(flags[i + 1]);
};
const runs = flag('--runs', 7);
const port = flag('--port', 4599);

async function answers() {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return response.status > 0;
  } catch {
    return false;
  }
}

async function once() {
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  while (!(await answers())) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const elapsed = performance.now() - started;
  child.kill('SIGTERM');
  await exited;
  return elapsed;
}

if (await answers()) throw new Error(`port ${port} already answers: stop that server first`);
await once(); // warm-up: file cache, and the first build check
const times = [];
for (let i = 0; i < runs; i++) {
  const ms = await once();
  times.push(ms);
  console.log(`run ${i + 1}: ${ms.toFixed(0)} ms`);
}
times.sort((a, b) => a - b);
console.log(`median ${times[Math.floor(times.length / 2)].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}) for: ${command.join(' ')}`);
