import { Module } from '@nestjs/common';
import { TimelineWriter } from './timeline-writer.js';

/**
 * Writing case timeline events, on its own so that signals and alerts can record changes on the cases that
 * link a signal without depending on the cases module (which itself reads signals and writes alerts).
 */
@Module({ providers: [TimelineWriter], exports: [TimelineWriter] })
export class TimelineWriterModule {}
