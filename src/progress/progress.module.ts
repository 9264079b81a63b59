import { Module } from '@nestjs/common';
import { ProgressCache } from './progress-cache.service';
import { ProgressHttp } from './progress-http.service';
import { ProgressListener } from './progress-listener.service';
import { ProgressLoader } from './progress-loader';
import { ProgressStreams } from './progress-streams.service';
import { ProgressRoutes } from './progress.routes';
import { SupportersFeed } from './supporters-feed.service';
import { SupportersHttp } from './supporters-http.service';

/** Live progress: the cached read model, its NOTIFY listener, the SSE fan-out and their routes. */
@Module({
  providers: [
    ProgressLoader,
    ProgressCache,
    ProgressListener,
    ProgressStreams,
    ProgressHttp,
    ProgressRoutes,
    SupportersFeed,
    SupportersHttp,
  ],
  exports: [ProgressCache, ProgressHttp, ProgressStreams, ProgressListener, SupportersFeed, SupportersHttp],
})
export class ProgressModule {}
