import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, tap } from 'rxjs';

/** Sets `Location: <collection>/<id>` on a created resource, so that the handler stays a single call. */
@Injectable()
export class SignalLocationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<{ id: string }>): Observable<{ id: string }> {
    const http = context.switchToHttp();
    // The route's own path (prefix included, query string excluded).
    const collection = http.getRequest<FastifyRequest>().routeOptions.url ?? '';
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((created) => {
        void reply.header('location', `${collection.replace(/\/$/, '')}/${created.id}`);
      }),
    );
  }
}
