import { Module } from '@nestjs/common';
import { SignalsController } from './signals.controller.js';
import { SignalsRepository } from './signals.repository.js';
import { SignalsService } from './signals.service.js';

@Module({
  controllers: [SignalsController],
  providers: [SignalsService, SignalsRepository],
  exports: [SignalsService],
})
export class SignalsModule {}
