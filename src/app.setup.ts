import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { requestId } from './common/logging.js';
import { createValidationPipe } from './common/errors/validation.js';
import type { AppConfig } from './config/app-config.js';

export const API_PREFIX = 'api/v1';
export const MAX_BODY_BYTES = 1_048_576;

/**
 * Builds the whole HTTP application, for main.ts and for the e2e tests alike. Swagger UI is optional because
 * its static-file plugin cannot load inside jest on Node 20 (see the stack notes); the JSON document is
 * always served.
 */
export async function createApp(
  config: AppConfig,
  options: { swaggerUi?: boolean; logDestination?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    genReqId: requestId,
    // Requests are logged by nestjs-pino; Fastify's own errors (bad JSON, body too large) reach Nest's
    // exception filters, so HttpErrorFilter answers them as problems too.
    logger: false,
  });
  // Every answer names its request id, also those that no route handled.
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { logDestination: options.logDestination }),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kiessignaal API')
      .setDescription(
        'Sharing of signals of covert foreign influence around Dutch elections, between ministries and agencies. ' +
          'Authenticate with `Authorization: Bearer ks_…`. Errors are RFC 9457 application/problem+json.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token (ks_…)' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    ui: options.swaggerUi ?? true,
    jsonDocumentUrl: 'api/docs-json',
    raw: ['json'],
  });
  return app;
}
