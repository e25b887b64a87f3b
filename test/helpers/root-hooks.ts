// Mocha root hooks: per-test cleanup (pass or fail) and the suite-level residue check.
import {rmdirSync} from 'node:fs';
import {cleanup} from './cleanup.js';
import {assertNoResidue, snapshot, TEST_BPFFS_ROOT} from './residue.js';

let before: Awaited<ReturnType<typeof snapshot>>;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(10_000);
    before = await snapshot();
  },
  async afterEach(this: Mocha.Context) {
    this.timeout(30_000);
    const errors = await cleanup.run();
    if (errors.length) throw new Error(`cleanup failed: ${errors.map((e) => e.message).join('; ')}`);
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await cleanup.run();
    try {
      rmdirSync(TEST_BPFFS_ROOT); // only if empty: pins left inside are residue
    } catch {
      // absent, or not empty (reported below)
    }
    await assertNoResidue(before);
    console.log('  residue check: no netns, links, pins or programs left behind');
  },
};
