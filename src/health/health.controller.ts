import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /** Liveness: the process answers. Never touches the database, so an outage does not restart it. */
  @Get()
  live() {
    return { status: 'ok' };
  }

  /** Readiness: the database answers within 1.5 s (503 otherwise, naming what is down). */
  @Get('ready')
  @HealthCheck()
  async ready() {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]);
    } catch (e) {
      // Terminus puts the failing checks in the response object, which the error filter reduces to
      // {statusCode, error, message}: carry them in the message so the 503 says what is down.
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const failed = (e.getResponse() as { error?: Record<string, { status?: string; message?: string }> }).error ?? {};
      throw new ServiceUnavailableException(
        Object.entries(failed).map(([name, r]) => `${name} is ${r.status ?? 'down'}${r.message ? `: ${r.message}` : ''}`),
      );
    }
  }
}
