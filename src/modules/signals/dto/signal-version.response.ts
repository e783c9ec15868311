import { ApiProperty } from '@nestjs/swagger';
import type { Member } from '../../../common/auth/member.js';
import { changedFields, contentOf, type SignalContent } from '../signal-content.js';
import type { SignalView } from '../signal-view.js';
import type { SupersededVersion } from '../signals.repository.js';
import { SignalContentResponse } from './signal-content.response.js';
import { SubmitterResponse } from './submitter.response.js';

const CHANGES = ['submitted', 'amended', 'withdrawn'] as const;
type Change = (typeof CHANGES)[number];

/** One version of a signal, and the change that made it. */
export class SignalVersionResponse {
  @ApiProperty({ description: 'The version number: 1 is the signal as submitted.', minimum: 1 })
  version: number;

  @ApiProperty({ description: 'Whether this is the signal as it stands now.' })
  isCurrent: boolean;

  @ApiProperty({ description: 'What made this version.', enum: CHANGES })
  change: Change;

  @ApiProperty({
    description:
      'The fields that differ from the previous version; empty for the first and for a withdrawal.',
    type: [String],
    example: ['severity', 'addressees'],
  })
  changedFields: string[];

  @ApiProperty({
    description: 'The reason given for a withdrawal; null otherwise.',
    type: String,
    nullable: true,
  })
  reason: string | null;

  @ApiProperty({ description: 'When this version was made (ISO 8601, UTC).', format: 'date-time' })
  changedAt: string;

  @ApiProperty({
    description: 'The member who made it: shown only to members of the reporting organisation, else null.',
    type: SubmitterResponse,
    nullable: true,
  })
  changedBy: SubmitterResponse | null;

  @ApiProperty({ description: 'What this version said.', type: SignalContentResponse })
  content: SignalContentResponse;

  /**
   * Every version, oldest first: the superseded ones (1 … n-1) and the signal as it stands (n). Version k+1
   * was made by the change recorded with version k.
   */
  static listFrom(
    signal: SignalView,
    superseded: readonly SupersededVersion[],
    viewer: Member,
  ): SignalVersionResponse[] {
    const contents: SignalContent[] = [...superseded.map((version) => version.content), contentOf(signal)];
    const isReporter = viewer.organisationId === signal.organisationId;
    return contents.map((content, index) => {
      const madeBy = superseded[index - 1];
      const made = madeBy
        ? {
            change: madeBy.change,
            at: madeBy.at,
            id: madeBy.memberId,
            name: madeBy.memberName,
            reason: madeBy.reason,
          }
        : {
            change: 'submitted' as const,
            at: signal.createdAt,
            id: signal.submittedByMemberId,
            name: signal.submittedByName,
            reason: null,
          };
      const previous = contents[index - 1];
      return {
        version: index + 1,
        isCurrent: index === contents.length - 1,
        change: made.change,
        changedFields: previous ? changedFields(previous, content) : [],
        reason: made.reason,
        changedAt: made.at.toISOString(),
        // As for submittedBy: who inside an organisation changed a signal is that organisation's business.
        changedBy: isReporter ? { id: made.id, name: made.name } : null,
        content: SignalContentResponse.from(content),
      };
    });
  }
}
