export interface TestRunState {
  serverUrl: string;
  templateName: string;
  runId: string;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The run's state, as global-setup left it in the environment (jest workers inherit it). */
export function testRunState(): TestRunState {
  const raw = process.env.KS_TEST_STATE;
  if (!raw) {
    throw new Error(
      'KS_TEST_STATE is not set: run the tests through jest (npm test), whose global setup sets it',
    );
  }
  return JSON.parse(raw) as TestRunState;
}
