/**
 * The admin command for operators and scripts (`npm run admin -- <command>`). Works on the same
 * database while the server runs; the server notices the commit within a second (data_version)
 * and re-checks every open socket. Prints exactly one JSON object; exit code 1 on error.
 */
import { adminFailure, runAdmin } from './admin/commands';
import { loadDotEnv } from './config';

async function main(): Promise<void> {
  try {
    loadDotEnv(process.cwd());
    const result = await runAdmin(process.argv.slice(2), process.env);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify(adminFailure(error))}\n`);
    process.exitCode = 1;
  }
}

void main();
