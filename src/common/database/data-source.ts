import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import { entities } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * Session settings for every connection of ours. No JIT: it is meant for long analytical queries and is
 * switched on by cost estimates; one bad estimate (the stream pump's, for hundreds of organisations at up to
 * a thousand rows each) spent 200 ms compiling a query that runs in 4.
 */
export const SESSION_OPTIONS = '-c jit=off';

/** The one description of our database, for the application, the CLI and the tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    namingStrategy: new SnakeNamingStrategy(),
    // The schema is owned by migrations/, in every environment, tests included.
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: { max: poolSize, application_name: 'kiessignaal', options: SESSION_OPTIONS },
  };
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
