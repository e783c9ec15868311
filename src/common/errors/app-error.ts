import type { ErrorCode } from './error-codes.js';

export interface FieldError {
  field: string;
  messages: string[];
}

/** A domain error: services and workers throw these, never HttpException. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { errors?: FieldError[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'AppError';
  }
}
