// `npm run bench [lint] [lsp] [runner]`: prints numbers; asserts nothing.
import { lintBench } from './lintBench';
import { lspBench } from './lspBench';
import { runnerBench } from './runnerBench';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const all = wanted.length === 0;
  if (all || wanted.includes('lint')) lintBench();
  if (all || wanted.includes('lsp')) await lspBench();
  if (all || wanted.includes('runner')) await runnerBench();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
