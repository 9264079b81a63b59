import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { WidgetsHttp } from './widgets-http.service';
import { WidgetsRoutes } from './widgets.routes';

/** Embeddable progress: the iframe page, the script embed and the SVG badge. */
@Module({
  imports: [ProgressModule],
  providers: [WidgetsHttp, WidgetsRoutes],
})
export class WidgetsModule {}
