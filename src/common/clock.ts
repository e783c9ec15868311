import { Injectable } from '@nestjs/common';

/** The time, injectable so that tests can control it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
