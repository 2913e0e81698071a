// Test runner configuration (runs under plain Node).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Integration tests start real tor processes; give them room but keep the
    // suite bounded.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2 cores: run files in parallel but not so many that tor processes starve.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
