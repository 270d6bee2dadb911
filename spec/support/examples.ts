// The example folders of rules/: one folder per example (its routing file, test file and requests), and the
// shared on-call data (`oncall.example.yaml`, `oncall.mixed.example.yaml`) at the top, so examples that must
// not be loaded together are never found together.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const rulesDir = fileURLToPath(new URL('../../rules/', import.meta.url));

/** Every example file whose name ends with `suffix` (`.routing.yaml`, `.test.yaml`), as absolute paths, sorted. */
export function exampleFiles(suffix: string): string[] {
  return readdirSync(rulesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((dir) =>
      readdirSync(join(rulesDir, dir))
        .filter((n) => n.endsWith(suffix))
        .sort()
        .map((n) => join(rulesDir, dir, n)),
    );
}

/** An example's file by its name: `p0-style.routing.yaml` is `rules/p0-style/p0-style.routing.yaml`. */
export function examplePath(name: string): string {
  const folder = name.replace(/\.(routing|test)\.yaml$/, '');
  return join(rulesDir, folder, name);
}
