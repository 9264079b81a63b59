import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppealsModule } from './appeals/appeals.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { loggerParams } from './common/request-logging';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrganiserModule } from './organiser/organiser.module';
import { DonationsModule } from './donations/donations.module';
import { PagesModule } from './pages/pages.module';
import { SandboxPagesModule } from './pages/sandbox/sandbox-pages.module';
import { PaymentsModule } from './payments/stripe/payments.module';
import { ProgressModule } from './progress/progress.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { WidgetsModule } from './widgets/widgets.module';
import { TeamModule } from './team/team.module';

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config.LOG_LEVEL)),
        // Each module registers its own entities with forFeature; the glob is for the CLI and tests.
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl),
          entities: [],
          autoLoadEntities: true,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        MetricsModule,
        RateLimitModule,
        AuthModule,
        HealthModule,
        AppealsModule,
        DonationsModule,
        OrganiserModule,
        TeamModule,
        PaymentsModule,
        ProgressModule,
        WidgetsModule,
        PagesModule,
        // Without a Stripe key: the sandbox's payment page and controls, on this port.
        ...(config.sandbox ? [SandboxPagesModule] : []),
      ],
    };
  }
}
