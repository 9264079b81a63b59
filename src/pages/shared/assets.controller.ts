import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { asset } from './assets';

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  /** Versioned URLs never change their bytes, so they are cached for a year; others revalidate. */
  @Get(':name')
  serve(@Param('name') name: string, @Query('v') v: string | undefined, @Res() reply: FastifyReply) {
    const a = asset(name);
    if (!a) throw new NotFoundException(`No asset ${name}`);
    const etag = `"${a.version}"`;
    reply.header('content-type', a.type).header('etag', etag)
      .header('cache-control', v === a.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (reply.request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(a.body);
  }
}
