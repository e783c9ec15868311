import { ApiProperty } from '@nestjs/swagger';
import { SEVERITIES, type Severity, TLPS, type Tlp } from '../signal.enums.js';
import type { RelatedSignalView } from '../signal-view.js';
import { ObservableResponse } from './observable.response.js';

/** Another signal the caller may see that shares observables with the one read. */
export class RelatedSignalResponse {
  @ApiProperty({
    description: 'The related signal id (GET /api/v1/signals/{id} reads it in full).',
    format: 'uuid',
  })
  id: string;

  @ApiProperty({ description: 'Its headline.' })
  title: string;

  @ApiProperty({ description: 'Its category (a taxonomy code).' })
  category: string;

  @ApiProperty({ description: 'Its severity.', enum: SEVERITIES })
  severity: Severity;

  @ApiProperty({ description: 'Its TLP marking.', enum: TLPS })
  tlp: Tlp;

  @ApiProperty({ description: 'Code of its reporting organisation.' })
  reporter: string;

  @ApiProperty({ description: 'When it was observed (ISO 8601, UTC).', format: 'date-time' })
  observedAt: string;

  @ApiProperty({ description: 'When it was submitted (ISO 8601, UTC).', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'The normalised observables both signals share.', type: [ObservableResponse] })
  sharedObservables: ObservableResponse[];

  static from(related: RelatedSignalView): RelatedSignalResponse {
    return {
      id: related.id,
      title: related.title,
      category: related.category,
      severity: related.severity,
      tlp: related.tlp,
      reporter: related.reporterCode,
      observedAt: related.observedAt.toISOString(),
      createdAt: related.createdAt.toISOString(),
      sharedObservables: ObservableResponse.listFrom(related.sharedObservables),
    };
  }
}
