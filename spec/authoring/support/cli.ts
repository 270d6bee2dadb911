// The authoring specs use the shared CLI runners.
export { repoRoot, runCli, spawnCli } from '../../support/cli.js';
