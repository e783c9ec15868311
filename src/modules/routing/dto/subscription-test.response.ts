import { ApiProperty } from '@nestjs/swagger';
import { SEVERITIES, type Severity, TLPS, type Tlp } from '../../signals/signal.enums.js';
import { ELECTION_PHASES, type ElectionPhase } from '../../taxonomy/election.entity.js';
import type { TestedSignal } from '../subscriptions.repository.js';

/** A signal the subscription would have matched: enough to recognise it; read it in full by its id. */
export class MatchedSignalResponse {
  @ApiProperty({ description: 'The signal id (GET /api/v1/signals/{id} reads it).', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Its headline.' })
  title: string;

  @ApiProperty({ description: 'Its category (a taxonomy code).' })
  category: string;

  @ApiProperty({ description: 'Its severity.', enum: SEVERITIES })
  severity: Severity;

  @ApiProperty({ description: 'Its TLP marking.', enum: TLPS })
  tlp: Tlp;

  @ApiProperty({ description: 'The election it concerns (code).' })
  election: string;

  @ApiProperty({
    description:
      'The phase it was matched with: its own, or the calendar’s when it was posted; null when neither gives one.',
    enum: ELECTION_PHASES,
    nullable: true,
  })
  phase: ElectionPhase | null;

  @ApiProperty({ description: 'Code of its reporting organisation.' })
  reporter: string;

  @ApiProperty({ description: 'When it was submitted (ISO 8601, UTC).', format: 'date-time' })
  createdAt: string;
}

/** The outcome of a dry run. */
export class SubscriptionTestResponse {
  @ApiProperty({
    description:
      'How many signals it was tried on: the latest ones your organisation may see, at most `last`. Signals ' +
      'your organisation may not see are never considered, so a dry run reveals nothing about them.',
  })
  considered: number;

  @ApiProperty({
    description:
      'Those it would have matched, newest first. As in routing, never your own signals nor RED ones. The ' +
      'subscription is tried even when paused.',
    type: [MatchedSignalResponse],
  })
  matched: MatchedSignalResponse[];

  static from(tried: readonly TestedSignal[]): SubscriptionTestResponse {
    return {
      considered: tried.length,
      matched: tried
        .filter((signal) => signal.isMatch)
        .map((signal) => ({
          id: signal.id,
          title: signal.title,
          category: signal.category,
          severity: signal.severity,
          tlp: signal.tlp,
          election: signal.election,
          phase: signal.phase,
          reporter: signal.reporterCode,
          createdAt: signal.createdAt.toISOString(),
        })),
    };
  }
}
