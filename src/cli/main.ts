/** The `ledgerbridge` command as a process: arguments from argv, output to the terminal, the exit code. */
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
