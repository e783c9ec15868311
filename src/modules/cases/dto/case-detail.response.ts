import { ApiProperty } from '@nestjs/swagger';
import type { CaseView } from '../case-views.js';
import { CaseSignalResponse } from './case-signal.response.js';
import { CaseResponse } from './case.response.js';
import { ClosureRequestResponse } from './closure-request.response.js';

/** A case with the linked signals the reader may see and its pending closure request. */
export class CaseDetailResponse extends CaseResponse {
  @ApiProperty({
    description:
      'The linked signals that your organisation may see, oldest link first. Other linked signals are left ' +
      'out: linking a signal to a case shows it to nobody who may not see it already.',
    type: [CaseSignalResponse],
  })
  signals: CaseSignalResponse[];

  @ApiProperty({
    description: 'The closure request awaiting a second coordinator, if any.',
    type: ClosureRequestResponse,
    nullable: true,
  })
  pendingClosureRequest: ClosureRequestResponse | null;

  static withDetails(
    view: CaseView,
    signals: CaseSignalResponse[],
    pendingClosureRequest: ClosureRequestResponse | null,
  ): CaseDetailResponse {
    return Object.assign(new CaseDetailResponse(), CaseResponse.from(view), {
      signals,
      pendingClosureRequest,
    });
  }
}
