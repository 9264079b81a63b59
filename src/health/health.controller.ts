import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthCheckService, private readonly db: TypeOrmHealthIndicator) {}

  /** Liveness: the process answers. Never touches the database, so an outage does not restart it. */
  @Get()
  live() { return { status: 'ok' }; }

  /** Readiness: the database answers within 1.5 s (503 otherwise). */
  @Get('ready')
  @HealthCheck()
  ready() { return this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]); }
}
