import { ApiProperty } from '@nestjs/swagger';
import type { SignalResponse } from '../../signals/dto/signal.response.js';
import { SEVERITIES, type Severity, TLPS, type Tlp } from '../../signals/signal.enums.js';

/** A linked signal the reader may see, in short; GET /signals/{id} has the rest. */
export class CaseSignalResponse {
  @ApiProperty({ description: 'The signal id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Short headline of what was observed.' })
  title: string;

  @ApiProperty({ description: 'The kind of signal (a taxonomy code).', example: 'disinformation' })
  category: string;

  @ApiProperty({ description: 'How serious the reporter judges it.', enum: SEVERITIES })
  severity: Severity;

  @ApiProperty({ description: 'Traffic Light Protocol 2.0 marking.', enum: TLPS })
  tlp: Tlp;

  @ApiProperty({ description: 'Code of the reporting organisation.', example: 'AIVD' })
  reporter: string;

  @ApiProperty({ description: 'When it was observed (ISO 8601, UTC).', format: 'date-time' })
  observedAt: string;

  @ApiProperty({ description: 'When it was linked to this case (ISO 8601, UTC).', format: 'date-time' })
  linkedAt: string;

  static from(signal: SignalResponse, linkedAt: Date): CaseSignalResponse {
    const response = new CaseSignalResponse();
    response.id = signal.id;
    response.title = signal.title;
    response.category = signal.category;
    response.severity = signal.severity;
    response.tlp = signal.tlp;
    response.reporter = signal.reporter;
    response.observedAt = signal.observedAt;
    response.linkedAt = linkedAt.toISOString();
    return response;
  }
}
