import type { INestApplicationContext } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { RedisConnection } from '../redis/redis-connection';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';

/**
 * socket.io for Nest's gateways, binding each `@SubscribeMessage` handler as one plain listener on
 * the socket. Nest's own IoAdapter builds an RxJS pipeline per socket and message (fromEvent →
 * mergeMap → takeUntil the disconnect): for the softphone's nine commands that is 36 subscribers and
 * some 200 closures held by every connected agent — about half the server's memory per agent with
 * 2 000 of them on. Answers go back as in Nest: `{ event, data }` is emitted, anything else acks.
 */
export class ListenerIoAdapter extends IoAdapter {
  /** With Redis (REDIS_URL), rooms span every process: an event reaches its agent's or supervisor's socket wherever it is held. */
  constructor(
    app: INestApplicationContext,
    private readonly redis?: RedisConnection,
  ) {
    super(app);
  }

  /**
   * The server's only namespace is /softphone. socket.io always has the root one; left alone it
   * accepts anyone and keeps the connection open, so it refuses every handshake instead.
   */
  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    const redis = this.redis;
    if (redis?.client)
      server.adapter(createAdapter(redis.fireAndForget(redis.client), redis.fireAndForget(redis.subscriber()), { key: `${redis.keyPrefix}:socket.io` }));
    server.of('/').use((_socket, next) => next(new Error('unknown namespace: connect to /softphone')));
    return server;
  }

  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(String(message), (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args) as { data: unknown; ack?: (response: unknown) => void };
        let answers: Observable<unknown>;
        try {
          answers = transform(callback(data, ack));
        } catch (error) {
          this.logger.error(error); // the gateway's filters answer the client; an escape is an app bug
          return;
        }
        answers.subscribe({
          next: (response) => {
            if (response === null || response === undefined) return;
            const event = (response as { event?: string }).event;
            if (event) socket.emit(event, (response as { data?: unknown }).data);
            else if (!isAckHandledManually && typeof ack === 'function') ack(response);
          },
          error: (error: unknown) => this.logger.error(error),
        });
      });
    }
  }
}
