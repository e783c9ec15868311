import { ApiProperty } from '@nestjs/swagger';
import type { ChainBreak, ChainProblem } from '../timeline-hash.js';

const PROBLEMS: ChainProblem[] = [
  'position-gap',
  'after-recorded-head',
  'previous-hash-mismatch',
  'hash-mismatch',
  'missing-events-at-end',
  'head-mismatch',
];

export class ChainBreakResponse {
  @ApiProperty({
    description: 'The first event that does not match; null when events are missing after the last one.',
    type: String,
    format: 'uuid',
    nullable: true,
  })
  eventId: string | null;

  @ApiProperty({ description: 'Its position on the timeline (or the first missing one).', minimum: 0 })
  position: number;

  @ApiProperty({
    description:
      'What does not match: position-gap (an event was removed), after-recorded-head (an event was added ' +
      'behind the service’s back), previous-hash-mismatch (the chain is broken here), hash-mismatch (the ' +
      'event was altered), missing-events-at-end or head-mismatch (events were cut off the end).',
    enum: PROBLEMS,
  })
  problem: ChainProblem;

  static from(problem: ChainBreak): ChainBreakResponse {
    return Object.assign(new ChainBreakResponse(), problem);
  }
}

export class TimelineVerificationResponse {
  @ApiProperty({ description: 'True when every event matches its hash and the chain is unbroken.' })
  isIntact: boolean;

  @ApiProperty({ description: 'How many events, from the first, were checked and found intact.', minimum: 0 })
  verifiedEvents: number;

  @ApiProperty({
    description: 'The first place where the chain does not match; null when it is intact.',
    type: ChainBreakResponse,
    nullable: true,
  })
  firstBreak: ChainBreakResponse | null;

  @ApiProperty({ description: 'When the check ran (ISO 8601, UTC).', format: 'date-time' })
  verifiedAt: string;
}
