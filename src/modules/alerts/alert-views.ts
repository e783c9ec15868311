import { Injectable } from '@nestjs/common';
import type { SignalResponse } from '../signals/dto/signal.response.js';
import type { Severity } from '../signals/signal.enums.js';
import { SignalsService } from '../signals/signals.service.js';
import type { AlertKind, AlertReason, AlertState } from './alert.entity.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertResponse } from './dto/alert.response.js';

/** An alert as the service reads it: its row, with who responded and where it was forwarded to. */
export interface AlertView {
  id: string;
  organisationId: string;
  /** Null until AlertSequencer numbers the alert (see there). */
  seq: string | null;
  kind: AlertKind;
  signalId: string | null;
  severity: Severity | null;
  election: string | null;
  reasons: AlertReason[];
  details: Record<string, unknown> | null;
  parentAlertId: string | null;
  state: AlertState;
  respondedByName: string | null;
  respondedAt: Date | null;
  responseReason: string | null;
  forwardedToCode: string | null;
  escalatedAt: Date | null;
  createdAt: Date;
}

/** An alert that has its place in the sequence: what the inbox and the stream show. */
export type SequencedAlertView = AlertView & { seq: string };

/**
 * Renders alerts for their recipients, the same way for the API, the stream and webhooks: each alert as
 * its own recipient organisation sees it, with the signal only when that organisation may see it. Batched:
 * one query for the alerts and one for the signals, whatever the number.
 */
@Injectable()
export class AlertViews {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly signals: SignalsService,
  ) {}

  /** The alerts by id, keyed by id; unknown ids are absent. */
  async render(alertIds: string[]): Promise<Map<string, AlertResponse>> {
    const responses = await this.renderRows(await this.repo.findByIds(alertIds));
    return new Map(responses.map((response) => [response.id, response]));
  }

  /** Alert rows already read, as responses in the same order; the signals in one query. */
  async renderRows(alerts: readonly AlertView[]): Promise<AlertResponse[]> {
    const pairs = alerts.flatMap((alert) =>
      alert.signalId === null ? [] : [{ organisationId: alert.organisationId, signalId: alert.signalId }],
    );
    const visible = await this.signals.findVisibleViewsForEach(pairs);
    return alerts.map((alert) => AlertResponse.from(alert, signalFor(alert, visible)));
  }
}

function signalFor(
  alert: AlertView,
  visible: ReadonlyMap<string, ReadonlyMap<string, SignalResponse>>,
): SignalResponse | null {
  return alert.signalId === null ? null : (visible.get(alert.organisationId)?.get(alert.signalId) ?? null);
}
