import { OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { PinoLogger } from 'nestjs-pino';
import { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { AccessTokenService } from '../auth/access-token.service';
import { StaffPrincipal } from '../auth/auth.decorators';
import { EventBus } from '../events/event-bus';
import { AgentPresenceService } from '../routing/agent-presence.service';
import { Ack, ClientToServerEvents, ServerToClientEvents, SoftphoneError } from './softphone.events';
import { ScreenPopService } from './screen-pop.service';
import { agentRoom, CommandError, roleRoom, SoftphoneService } from './softphone.service';
import { workOrderAudience, workOrderRooms } from './work-order-rooms';

interface SocketData {
  principal?: StaffPrincipal;
  wallboard?: Subscription;
}

type SoftphoneSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type SoftphoneNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * socket.io namespace /softphone. Authenticates the handshake's `auth.token` (the REST bearer JWT),
 * puts agents in `agent:<jobNumber>` and everyone in `role:<role>`, and relays SoftphoneService's
 * events. Commands are acknowledged `{ ok: true }` or `{ ok: false, error }` (and a bad one also
 * gets an `error` event); none can throw out of the gateway.
 */
// Presence is the session: a softphone whose network went away must be noticed in seconds, not
// after socket.io's default 25 s ping interval + 20 s timeout. A ping every 5 s, answered within 5 s.
@WebSocketGateway({ namespace: '/softphone', cors: { origin: true }, pingInterval: 5000, pingTimeout: 5000 })
export class SoftphoneGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() private server!: SoftphoneNamespace;
  private subscription?: Subscription;
  /** Quality alerts and work-order notifications go to these role rooms. */
  private static readonly MONITOR_ROOMS = [roleRoom('supervisor'), roleRoom('quality')];

  constructor(
    private readonly softphone: SoftphoneService,
    private readonly presence: AgentPresenceService,
    private readonly tokens: AccessTokenService,
    private readonly logger: PinoLogger,
    private readonly events: EventBus,
    private readonly screenPops: ScreenPopService,
  ) {
    logger.setContext('softphone-gateway');
  }

  afterInit(): void {
    // Routing events are raised in every process (each applies every routing command): each sends
    // them to its own sockets only, so an agent gets one copy wherever their socket is.
    this.subscription = this.softphone.events.subscribe((delivery) => {
      if (delivery.to === 'agent') this.server.local.to(agentRoom(delivery.jobNumber)).emit(delivery.event as 'state', delivery.payload as never);
    });
    this.subscription.add(
      this.screenPops.pops$.subscribe(({ jobNumber, pop, local }) =>
        (local ? this.server.local : this.server).to(agentRoom(jobNumber)).emit('screen-pop', pop),
      ),
    );
    this.subscription.add(
      this.presence.declaredGone.subscribe(() => {
        this.reannounceSoftphones().catch((error: unknown) => this.logger.error({ err: error }, 'could not count the softphone sockets again'));
      }),
    );
    this.subscription.add(this.events.on('quality-alert').subscribe((alert) => this.server.to(SoftphoneGateway.MONITOR_ROOMS).emit('quality-alert', alert)));
    this.subscription.add(
      this.events.on('work-order').subscribe((event) => {
        if (event.type === 'changed') {
          this.server
            .to(workOrderAudience(event))
            .emit('work-order-changed', { workOrderNumber: event.workOrderNumber, action: event.action, status: event.status, at: event.at.toISOString() });
          return;
        }
        if (event.type !== 'escalated' && event.type !== 'major-complaint') return; // only notifications (escalations, 重大投诉)
        this.server.to(SoftphoneGateway.MONITOR_ROOMS).emit('work-order-notification', {
          type: event.type,
          workOrderNumber: event.workOrderNumber,
          reason: event.reason,
          channel: event.type === 'major-complaint' ? event.channel : null,
          at: event.at.toISOString(),
          notificationId: event.notificationId,
        });
      }),
    );
    this.subscription.add(
      this.events.on('staff-access-revoked').subscribe((revoked) => {
        this.disconnectStaff(revoked.staffId, revoked.reason).catch((error: unknown) =>
          this.logger.error({ err: error, jobNumber: revoked.jobNumber }, 'could not disconnect a revoked member of staff'),
        );
      }),
    );
  }

  /**
   * The leader dropped this process's sockets taking it for dead (it had stalled): each agent's
   * socket here is counted again, which also gives back ready to one held off meanwhile. Without
   * it their agents went offline at the grace's end with their pages still open (seen under load).
   */
  private async reannounceSoftphones(): Promise<void> {
    const sockets = await this.server.local.fetchSockets();
    this.logger.warn({ sockets: sockets.length }, 'this process was taken for dead while alive; its softphone sockets are counted again');
    for (const socket of sockets) {
      const principal = socket.data.principal;
      if (principal?.roles.includes('agent')) await this.presence.softphoneConnected(principal.jobNumber, socket.id);
    }
  }

  /** Closes every socket of a member of staff whose access was withdrawn (deactivated, password or roles changed). */
  async disconnectStaff(staffId: number, reason: string): Promise<void> {
    for (const socket of await this.server.fetchSockets()) {
      if (socket.data.principal?.staffId !== staffId) continue;
      socket.emit('error', { command: 'connection', code: 'unauthorized', message: `access withdrawn (${reason}): sign in again` });
      socket.disconnect(true);
    }
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  async handleConnection(socket: SoftphoneSocket): Promise<void> {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : undefined;
    const principal = await this.tokens.verify(token);
    if (!principal) {
      socket.emit('error', {
        command: 'connection',
        code: 'unauthorized',
        message: token ? 'access token is invalid or expired' : 'missing access token (auth.token)',
      });
      socket.disconnect(true);
      return;
    }
    if (!socket.connected) return;
    socket.data.principal = principal;
    const isAgent = principal.roles.includes('agent');
    // Presence first (it counts this socket at once), so the snapshot shows the state it leads to.
    const presence = isAgent
      ? this.presence
          .softphoneConnected(principal.jobNumber, socket.id)
          .catch((error: unknown) => this.logger.error({ err: error, jobNumber: principal.jobNumber }, 'sign-in failed'))
      : undefined;
    await socket.join([...principal.roles.map(roleRoom), ...(isAgent ? [agentRoom(principal.jobNumber)] : []), ...workOrderRooms(principal)]);
    await presence;
    if (isAgent) socket.emit('snapshot', await this.softphone.snapshot(principal.jobNumber));
    if (principal.roles.some((r) => r === 'supervisor' || r === 'admin')) {
      socket.data.wallboard = this.softphone.wallboard$.subscribe((board) => socket.emit('wallboard', board));
      socket.emit('wallboard', await this.softphone.wallboard());
    }
  }

  async handleDisconnect(socket: SoftphoneSocket): Promise<void> {
    socket.data.wallboard?.unsubscribe();
    const principal = socket.data.principal;
    if (!principal?.roles.includes('agent')) return;
    try {
      await this.presence.softphoneDisconnected(principal.jobNumber, socket.id);
    } catch (error) {
      this.logger.error({ err: error, jobNumber: principal.jobNumber }, 'disconnect handling failed');
    }
  }

  /** Signing out (退出): the agent is offline at once, whatever other tabs they have open. */
  @SubscribeMessage('sign-out')
  signOut(@ConnectedSocket() socket: SoftphoneSocket): Promise<Ack> {
    return this.run(socket, 'sign-out', async (agent) => ({ state: await this.softphone.signOut(agent) }));
  }

  @SubscribeMessage('set-state')
  setState(@ConnectedSocket() socket: SoftphoneSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.run(socket, 'set-state', (agent) => this.softphone.setState(agent, body).then((state) => ({ state })));
  }

  @SubscribeMessage('wrap-up-done')
  wrapUpDone(@ConnectedSocket() socket: SoftphoneSocket): Promise<Ack> {
    return this.run(socket, 'wrap-up-done', async (agent) => ({ state: await this.softphone.wrapUpDone(agent) }));
  }

  @SubscribeMessage('decline')
  decline(@ConnectedSocket() socket: SoftphoneSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.run(socket, 'decline', (agent) => this.softphone.decline(agent, body).then(() => ({})));
  }

  @SubscribeMessage('hang-up')
  hangUp(@ConnectedSocket() socket: SoftphoneSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.run(socket, 'hang-up', (agent) => this.softphone.hangUp(agent, body).then(() => ({})));
  }

  @SubscribeMessage('transfer')
  transfer(@ConnectedSocket() socket: SoftphoneSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.run(socket, 'transfer', (agent) => this.softphone.transfer(agent, body));
  }

  @SubscribeMessage('dial')
  dial(@ConnectedSocket() socket: SoftphoneSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.run(socket, 'dial', (agent) => this.softphone.dial(agent, body));
  }

  @SubscribeMessage('hold')
  hold(@ConnectedSocket() socket: SoftphoneSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.run(socket, 'hold', (agent) => this.softphone.hold(agent, body).then(() => ({})));
  }

  @SubscribeMessage('resume')
  resume(@ConnectedSocket() socket: SoftphoneSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.run(socket, 'resume', (agent) => this.softphone.resume(agent, body).then(() => ({})));
  }

  @SubscribeMessage('disposition')
  disposition(@ConnectedSocket() socket: SoftphoneSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.run(socket, 'disposition', (agent) => this.softphone.disposition(agent, body).then((disposition) => ({ disposition })));
  }

  @SubscribeMessage('snapshot')
  snapshot(@ConnectedSocket() socket: SoftphoneSocket): Promise<Ack> {
    return this.run(socket, 'snapshot', (agent) => this.softphone.snapshot(agent.jobNumber).then((snapshot) => ({ snapshot })));
  }

  /** Runs an agent's command; every failure becomes an `error` event and a `{ ok: false }` ack. */
  private async run(
    socket: SoftphoneSocket,
    command: string,
    action: (agent: StaffPrincipal) => Record<string, unknown> | Promise<Record<string, unknown>>,
  ): Promise<Ack> {
    try {
      const principal = socket.data.principal;
      if (!principal) throw new CommandError('unauthorized', 'not signed in');
      if (!principal.roles.includes('agent')) throw new CommandError('forbidden', 'only agents use softphone commands');
      return { ok: true, ...(await action(principal)) };
    } catch (error) {
      const failure: SoftphoneError =
        error instanceof CommandError ? { command, code: error.code, message: error.message } : { command, code: 'internal', message: 'the command failed' };
      if (!(error instanceof CommandError)) this.logger.error({ err: error, command }, 'softphone command failed');
      socket.emit('error', failure);
      return { ok: false, error: failure };
    }
  }
}
