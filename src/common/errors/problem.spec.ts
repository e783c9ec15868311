import { HttpStatus, NotFoundException } from '@nestjs/common';
import { AppError } from './app-error.js';
import { toProblem } from './problem.js';

describe(toProblem.name, () => {
  it('answers a domain error with its code, status and field errors', () => {
    const error = new AppError('validation_failed', 'bad', {
      errors: [{ field: 'title', messages: ['too long'] }],
    });

    expect(toProblem(error, 'req-1')).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ field: 'title', messages: ['too long'] }],
      correlationId: 'req-1',
    });
  });

  it('keeps the message of a client error from the framework', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'), 'r')).toMatchObject({
      status: 404,
      detail: 'Cannot GET /x',
    });
  });

  it.each([
    { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
    { code: '57P01', message: 'terminating connection due to administrator command' },
    { code: '08006', message: 'connection failure' },
    { message: 'Connection terminated unexpectedly' },
    { driverError: { code: '57P03', message: 'the database system is starting up' } },
  ])('answers 503 when the database is unreachable (%p)', (error) => {
    expect(toProblem(error, 'r')).toMatchObject({
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'unavailable',
    });
  });

  it('answers anything else with a bare 500 that reveals nothing', () => {
    const problem = toProblem(new Error('relation "secret_table" does not exist'), 'r');

    expect(problem).toMatchObject({ status: 500, code: 'internal' });
    expect(JSON.stringify(problem)).not.toContain('secret_table');
  });
});
