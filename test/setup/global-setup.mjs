import { register } from 'node:module';

/** Jest's global setup: see ts-loader.mjs for why it is plain JavaScript, and test-run.ts for what it does. */
export default async function globalSetup() {
  register('./ts-loader.mjs', import.meta.url);
  const { setUpTestRun } = await import('./test-run.ts');
  await setUpTestRun();
}
