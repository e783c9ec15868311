import { ApiProperty } from '@nestjs/swagger';
import type { Observable } from '../observable-normalisation.js';
import { OBSERVABLE_TYPES, type ObservableType } from '../signal.enums.js';

/** Code-point order, the same wherever a list is built, so that equal signals serialise identically. */
function compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export class ObservableResponse {
  @ApiProperty({ description: 'What kind of observable this is.', enum: OBSERVABLE_TYPES })
  type: ObservableType;

  @ApiProperty({ description: 'The observable, normalised (see the submit body).' })
  value: string;

  /** Sorted by type, then value. */
  static listFrom(observables: readonly Observable[]): ObservableResponse[] {
    return [...observables]
      .sort((a, b) => compare(a.type, b.type) || compare(a.value, b.value))
      .map(({ type, value }) => ({ type, value }));
  }
}
