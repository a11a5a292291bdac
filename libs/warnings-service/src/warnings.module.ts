import { Module } from '@nestjs/common';
import { DatasetsModule } from '@app/datasets-service';
import { DemandModule } from '@app/projection-service';
import { AlertsService } from './alerts.service';
import { WarningsHandler } from './warnings.handler';
import { WarningsService } from './warnings.service';
import { WebhookService } from './webhooks';

/** Matching, warnings (学位预警), alert lifecycle and webhooks. */
@Module({
  imports: [DatasetsModule, DemandModule],
  providers: [WarningsService, AlertsService, WarningsHandler, WebhookService],
  exports: [WarningsService, AlertsService, WebhookService],
})
export class WarningsModule {}
