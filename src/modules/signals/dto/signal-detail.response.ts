import { ApiProperty } from '@nestjs/swagger';
import type { Member } from '../../../common/auth/member.js';
import type { RelatedSignalView, SignalView } from '../signal-view.js';
import { RelatedSignalResponse } from './related-signal.response.js';
import { SignalResponse } from './signal.response.js';

/** One signal read by id: the signal, and the related signals the caller may see. */
export class SignalDetailResponse extends SignalResponse {
  @ApiProperty({
    description:
      'Up to 20 other signals you may see that share a normalised observable with this one, newest first.',
    type: [RelatedSignalResponse],
  })
  related: RelatedSignalResponse[];

  static withRelated(
    signal: SignalView,
    viewer: Member,
    related: readonly RelatedSignalView[],
  ): SignalDetailResponse {
    return Object.assign(new SignalDetailResponse(), SignalResponse.from(signal, viewer), {
      related: related.map((item) => RelatedSignalResponse.from(item)),
    });
  }
}
