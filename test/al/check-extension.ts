/**
 * Runs the structural AL check (al-structure.ts) over bc-extension/src and app.json:
 * `npm run al:check`. Exits 1 and lists each problem as file:line when any is found.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkFile, checkObjects, type AlObject, type AlProblem, type AppManifest } from './al-structure.ts';

export function checkExtension(root: string): { objects: AlObject[]; problems: AlProblem[] } {
  const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as AppManifest;
  const sourceDir = join(root, 'src');
  const objects: AlObject[] = [];
  const problems: AlProblem[] = [];
  for (const name of readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.al'))
    .sort()) {
    const result = checkFile(name, readFileSync(join(sourceDir, name), 'utf8'));
    problems.push(...result.problems);
    if (result.object) objects.push(result.object);
  }
  problems.push(...checkObjects(objects, app));
  return { objects, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { objects, problems } = checkExtension(resolve(import.meta.dirname, '../../bc-extension'));
  for (const problem of problems) console.error(`bc-extension/src/${problem.file}:${problem.line}: ${problem.message}`);
  console.log(`${objects.length} AL objects checked (structure only: compile with alc for types), ${problems.length} problem(s)`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
