import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { WidgetsHttp } from './widgets-http.service';
import { WidgetsRoutes } from './widgets.routes';
import { ShareCardRenderer } from './share-card-renderer';

/** Embeddable progress: the iframe page, the script embed, the SVG badge and the PNG share card. */
@Module({
  imports: [ProgressModule],
  providers: [WidgetsHttp, WidgetsRoutes, ShareCardRenderer],
})
export class WidgetsModule {}
