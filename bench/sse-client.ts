import http from 'node:http';

export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/** A minimal Server-Sent Events client: light enough to hold a thousand connections in one process. */
export function connectSse(
  url: string,
  token: string,
  onEvent: (event: SseEvent) => void,
): Promise<{ close: () => void }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`stream answered ${response.statusCode}`));
        response.resume();
        return;
      }
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { id: '', event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('id:')) {
              event.id = line.slice(3).trim();
            } else if (line.startsWith('event:')) {
              event.event = line.slice(6).trim();
            } else if (line.startsWith('data:')) {
              event.data += line.slice(5).trimStart();
            }
          }
          if (event.data) {
            onEvent(event);
          }
        }
      });
      resolve({ close: () => request.destroy() });
    });
  });
}
