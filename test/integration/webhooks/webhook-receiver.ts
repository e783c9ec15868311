import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Wait this long before answering (to overlap concurrent workers, or to outlast the timeout). */
  delayMs?: number;
}

/**
 * A webhook receiver on 127.0.0.1 (port 0): records every request and answers as told. The edge that the
 * tests mock, as the style guide says: a real HTTP server, not a mocked client.
 */
export class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];
  private answerWith: (request: ReceivedRequest) => ReceiverAnswer = () => ({ status: 200 });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: ReceivedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        receiver.received.push(request);
        const answer = receiver.answerWith(request);
        const send = (): void => {
          res.writeHead(answer.status, answer.headers).end();
        };
        if (answer.delayMs) {
          setTimeout(send, answer.delayMs).unref();
        } else {
          send();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>` */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  answer(answerWith: (request: ReceivedRequest) => ReceiverAnswer): void {
    this.answerWith = answerWith;
  }

  /** The requests carrying this webhook-id. */
  for(deliveryId: string): ReceivedRequest[] {
    return this.received.filter((request) => request.headers['webhook-id'] === deliveryId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
