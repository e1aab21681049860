#!/usr/bin/env node
// `npm start`: the main job. Lints the example files, then runs the keep-alive examples against the embedded
// playground server, so that lint findings and socket reuse show side by side. Needs no network.
import { spawnSync } from 'node:child_process';

const cli = ['dist/cli.js'];
const step = (title, args, okStatuses = [0]) => {
  process.stdout.write(`\n\u2500\u2500 ${title} \u2500\u2500\n\n`);
  const r = spawnSync(process.execPath, [...cli, ...args], { stdio: 'inherit' });
  if (!okStatuses.includes(r.status ?? 1)) {
    process.stderr.write(`\n${title}: failed (exit status ${r.status})\n`);
    process.exit(1);
  }
};

// The examples are full of mistakes on purpose: lint's exit status 1 (errors found) is the expected one.
step('Lint: the forum question, pasted as a header dump', ['lint', 'examples/wireshark-question.txt'], [1]);
step('Lint: request files', ['lint', 'examples/mistakes.http', 'examples/keep-alive.http'], [1]);
step('Run: which requests reuse a connection, and why', ['playground', '--run', 'examples/keep-alive.http']);
