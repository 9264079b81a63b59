import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { StripeGateway } from '../../payments/stripe/stripe-gateway';
import { AssetName } from './assets';
import { Html } from './html';
import { renderPage } from './layout';

export interface PageContent {
  title: string;
  main: Html;
  scripts?: AssetName[];
  header?: Html;
  narrow?: boolean;
  head?: Html;
}

/** Sends a full HTML page; knows whether to show the TEST MODE banner. */
@Injectable()
export class PageRenderer {
  constructor(private readonly gateway: StripeGateway) {}

  get sandbox(): boolean {
    return !!this.gateway.sandbox;
  }

  html(content: PageContent): string {
    return renderPage({ ...content, sandbox: this.sandbox });
  }

  /** Pages carry donor or organiser data or a CSRF token: never stored by a shared cache. */
  send(reply: FastifyReply, status: number, content: PageContent): FastifyReply {
    return reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(this.html(content));
  }
}
