import { Global, Module } from '@nestjs/common';
import { OrganiserGuard } from './organiser.guard';
import { TokensService } from './tokens.service';

@Global()
@Module({ providers: [TokensService, OrganiserGuard], exports: [TokensService, OrganiserGuard] })
export class AuthModule {}
