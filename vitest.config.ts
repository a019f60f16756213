import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spin up real HTTP servers on free ports; keep files isolated but parallel.
    pool: 'forks',
    testTimeout: 20_000,
    // The CLI tests spawn bin/dealcoach.js: make it run the sources, never a dist/ build.
    env: { DEALCOACH_FROM_SOURCE: '1' },
    hookTimeout: 20_000,
  },
});
