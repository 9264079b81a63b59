import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProgressHttp } from '../progress/progress-http.service';

@ApiTags('appeals (public)')
@Controller('api/appeals')
export class PublicAppealsController {
  constructor(private readonly progress: ProgressHttp) {}

  /** Same cached bytes, ETag and 304 as GET /api/appeals/:slug/progress. */
  @Get(':slug')
  @ApiParam({ name: 'slug' })
  get(@Req() req: FastifyRequest<{ Params: { slug: string } }>, @Res() reply: FastifyReply) { return this.progress.sendJson(req, reply); }
}
