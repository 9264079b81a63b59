import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule, AppOptions } from './app.module';
import { frontDoorServerOptions, installBodyParsing } from './common/front-door';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { installRequestGuards } from './common/request-guards';
import { installRequestLogging, requestId } from './common/request-logging';
import { installSecurityHeaders } from './common/security-headers';
import { stringifyExact } from './common/exact-json';
import { createValidationPipe } from './common/validation';
import { parseTrustProxy } from './config/trust-proxy';
import { installConnectionCaps } from './rate-limit/connection-caps';
import { MetricsService } from './metrics/metrics.service';
import { installAssets } from './pages/shared/assets';
import { documentProgressRoutes } from './progress/progress.openapi';
import { documentWidgetRoutes } from './widgets/widgets.openapi';

/** Builds the fully configured application; main.ts and the tests both go through here. */
export async function createApp(opts: AppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // Body limit (the webhook's larger one is set per route) and socket timeouts: front-door.ts.
    ...frontDoorServerOptions(opts.config),
    // req.ip (rate limits, logs) is the socket address unless TRUST_PROXY names the proxies.
    // Fastify takes a hop count too; the adapter's option type omits it.
    trustProxy: parseTrustProxy(opts.config.TRUST_PROXY) as boolean | string[],
    // Fastify's request id is the one in every log line: the caller's X-Request-Id or a UUID.
    requestIdHeader: false,
    genReqId: requestId,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(opts), adapter, {
    rawBody: true,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  installBodyParsing(app);
  const fastify = app.getHttpAdapter().getInstance();
  installConnectionCaps(fastify.server, opts.config, () => app.get(MetricsService).connectionsRefused.inc());
  // Totals are bigint: every JSON answer writes them as exact JSON numbers.
  fastify.setReplySerializer((payload) => stringifyExact(payload));
  installRequestLogging(fastify, PinoLogger.root);
  installRequestGuards(fastify, { metrics: app.get(MetricsService) });
  installSecurityHeaders(fastify);
  // req.cookies and reply.setCookie (the dashboard's session and sign-in cookies).
  await fastify.register(fastifyCookie);
  await installAssets(fastify);
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Appeal tracker')
      .setDescription('Donations against fundraising appeals, live progress')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  documentProgressRoutes(doc);
  documentWidgetRoutes(doc);
  SwaggerModule.setup('docs', app, doc);
  return app;
}
