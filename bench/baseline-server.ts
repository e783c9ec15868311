import Fastify from 'fastify';
import pg from 'pg';

/**
 * The ceiling the product is measured against: no framework, one JSON schema, one pooled connection per
 * request and ONE set-based statement doing the same writes as the product's POST /api/v1/signals (the
 * signal, its observables, one alert per matching organisation, and the NOTIFY), in one implicit
 * transaction. It skips what only the product does (authentication, reference checks, idempotency,
 * addressees, escalation deadlines, queueing the alerts for the sequencer, and after the commit the
 * sequencer's numbering and webhook deliveries), so the ratio shows what those cost.
 */
const SIGNAL_SCHEMA = {
  type: 'object',
  required: [
    'title',
    'description',
    'category',
    'severity',
    'tlp',
    'classification',
    'election',
    'observedAt',
  ],
  properties: {
    title: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 20000 },
    category: { type: 'string', maxLength: 48 },
    severity: { enum: ['low', 'moderate', 'high', 'critical'] },
    tlp: { enum: ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] },
    classification: { enum: ['unclassified', 'departmental-confidential'] },
    election: { type: 'string', maxLength: 32 },
    phase: { type: 'string', maxLength: 16 },
    municipalities: { type: 'array', maxItems: 400, items: { type: 'string', maxLength: 6 } },
    observedAt: { type: 'string', format: 'date-time' },
    source: { type: 'string', maxLength: 32 },
    confidence: { type: 'integer', minimum: 0, maximum: 100 },
    observables: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['type', 'value'],
        properties: { type: { type: 'string', maxLength: 16 }, value: { type: 'string', maxLength: 2048 } },
      },
    },
    addressees: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 16 } },
  },
} as const;

interface Body {
  title: string;
  description: string;
  category: string;
  severity: string;
  tlp: string;
  classification: string;
  election: string;
  phase?: string;
  municipalities?: string[];
  observedAt: string;
  source?: string;
  confidence?: number;
  observables?: { type: string; value: string }[];
}

const INSERT = `
  WITH signal AS (
    INSERT INTO signals (organisation_id, submitted_by_member_id, title, description, category, severity, tlp,
                         classification, election, phase, municipalities, observed_at, source, confidence)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
    RETURNING id, category, severity
  ), observable AS (
    INSERT INTO signal_observables (signal_id, type, value)
    SELECT DISTINCT signal.id, given.type, lower(given.value) FROM signal, unnest($15::text[], $16::text[]) given (type, value)
  ), recipient AS (
    SELECT s.organisation_id, jsonb_agg(jsonb_build_object('type', 'subscription', 'subscriptionId', s.id, 'name', s.name)) AS reasons
      FROM subscriptions s, signal
     WHERE NOT s.is_paused AND s.organisation_id <> $1
       AND (cardinality(s.categories) = 0 OR signal.category = ANY (s.categories))
     GROUP BY s.organisation_id
  ), alert AS (
    INSERT INTO alerts (organisation_id, kind, signal_id, signal_version, severity, election, reasons)
    SELECT recipient.organisation_id, 'signal', signal.id, 1, signal.severity, $9, recipient.reasons
      FROM signal, recipient
    RETURNING organisation_id
  )
  SELECT signal.id, pg_notify('alerts', (SELECT string_agg(organisation_id::text, ',') FROM alert))
    FROM signal`;

export async function startBaseline(options: {
  databaseUrl: string;
  port: number;
  organisationId: string;
  memberId: string;
}): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 20 });
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
  app.post<{ Body: Body }>('/signals', { schema: { body: SIGNAL_SCHEMA } }, async (request, reply) => {
    const b = request.body;
    const observables = b.observables ?? [];
    const result = await pool.query<{ id: string }>({
      name: 'baseline-insert-signal',
      text: INSERT,
      values: [
        options.organisationId,
        options.memberId,
        b.title,
        b.description,
        b.category,
        b.severity,
        b.tlp,
        b.classification,
        b.election,
        b.phase ?? null,
        b.municipalities ?? [],
        b.observedAt,
        b.source ?? 'open-source',
        b.confidence ?? 50,
        observables.map((o) => o.type),
        observables.map((o) => o.value),
      ],
    });
    return reply.code(201).send({ id: result.rows[0]?.id });
  });
  await app.listen({ port: options.port, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${options.port}`,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}

/** Run as its own process by the bench, like the product, so that both are measured alike. */
if (process.argv[1]?.endsWith('baseline-server.js')) {
  const { BASELINE_DATABASE_URL, BASELINE_PORT, BASELINE_ORGANISATION_ID, BASELINE_MEMBER_ID } = process.env;
  startBaseline({
    databaseUrl: BASELINE_DATABASE_URL ?? '',
    port: Number(BASELINE_PORT),
    organisationId: BASELINE_ORGANISATION_ID ?? '',
    memberId: BASELINE_MEMBER_ID ?? '',
  }).then(
    () => process.stdout.write('baseline ready\n'),
    (error: unknown) => {
      process.stderr.write(`baseline failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
