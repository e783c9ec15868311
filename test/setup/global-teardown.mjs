/** Jest's global teardown (the loader hooks registered by global-setup.mjs are still in place). */
export default async function globalTeardown() {
  const { tearDownTestRun } = await import('./test-run.ts');
  await tearDownTestRun();
}
