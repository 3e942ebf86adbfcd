/**
 * For tests and the sandbox: a tiny HTTP endpoint that plays a webhook subscriber. It echoes
 * BC's validation token, records every notification body, and answers with whatever status
 * the test sets (to see BC retry on 503 or delete the subscription on 410).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  /** Notification bodies received, oldest first. */
  received: { value: Record<string, unknown>[] }[];
  handshakes: number;
  /** Status for the next notifications (default 202); the handshake answer can be spoiled too. */
  answerWith: { notifications: number; handshake: 'echo' | 'wrong' };
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const state: Omit<WebhookReceiver, 'url' | 'close'> = {
    received: [],
    handshakes: 0,
    answerWith: { notifications: 202, handshake: 'echo' },
  };
  const server: Server = createServer((request, response) => {
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('validationToken');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (token !== null) {
        state.handshakes += 1;
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(state.answerWith.handshake === 'echo' ? token : 'not-the-token');
        return;
      }
      state.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: Record<string, unknown>[] });
      response.writeHead(state.answerWith.notifications);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/webhooks/bc`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
