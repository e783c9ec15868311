import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type Observable, tap } from 'rxjs';
import { CaseResponse } from './dto/case.response.js';
import { etagOf } from './if-match.js';

/** Sets `ETag` from the version of a case answered, so that handlers stay a single call. */
@Injectable()
export class CaseEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<unknown>): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((body) => {
        if (body instanceof CaseResponse) {
          void reply.header('etag', etagOf(body.version));
        }
      }),
    );
  }
}
