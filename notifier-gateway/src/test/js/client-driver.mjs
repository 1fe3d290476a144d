// Drives the unmodified @supabase/realtime-js client for the gateway's Java integration tests.
// Reads one JSON command per line on stdin, writes one JSON event per line on stdout. The test
// logic (writes to PostgreSQL, gateway restarts, assertions) lives in Java; this file only speaks
// realtime-js, exactly as an application would, plus the documented resume extension.
import { createInterface } from 'node:readline';
import { RealtimeClient } from '@supabase/realtime-js';
import WebSocket from 'ws';

const clients = new Map();   // id -> { client, channels: Map<name, channel>, positions: Map<topic, position> }

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

// The gateway's resume extension: every delivered event carries a position (postgres_changes:
// payload.position; broadcasts: meta.position; the join reply: response.position). Keeping the
// latest one in the channel's join payload makes every automatic rejoin resume from it.
function trackPositions(state, id) {
  state.client.socketAdapter.onMessage((msg) => {
    const payload = msg.payload || {};
    let position = null;
    if (msg.event === 'postgres_changes') position = payload.position;
    else if (msg.event === 'broadcast') position = payload.meta && payload.meta.position;
    else if (msg.event === 'phx_reply' && payload.status === 'ok' && payload.response) position = payload.response.position;
    if (!position) return;
    state.positions.set(msg.topic, position);
    for (const [name, channel] of state.channels) {
      if (channel.topic === msg.topic && channel.resumeEnabled) {
        channel.joinPush.payload().config.resume = { position };
      }
    }
  });
}

function connect(cmd) {
  const client = new RealtimeClient(cmd.url, {
    transport: WebSocket,
    params: { apikey: cmd.token },
    vsn: cmd.vsn,
    heartbeatIntervalMs: cmd.heartbeatIntervalMs || 25000,
    reconnectAfterMs: () => 300,
  });
  client.setAuth(cmd.token);
  const state = { client, channels: new Map(), positions: new Map() };
  clients.set(cmd.client, state);
  trackPositions(state, cmd.client);
  client.socketAdapter.onOpen(() => emit({ ev: 'socket', client: cmd.client, state: 'open' }));
  client.socketAdapter.onClose((e) => emit({ ev: 'socket', client: cmd.client, state: 'close', code: e && e.code, reason: e && e.reason }));
  client.connect();
}

function subscribe(cmd) {
  const state = clients.get(cmd.client);
  const channel = state.client.channel(cmd.channel, { config: cmd.config || {} });
  for (const binding of cmd.bindings) {
    if (binding.type === 'postgres_changes') {
      const filter = { event: binding.event, schema: binding.schema, table: binding.table };
      if (binding.filter !== undefined) filter.filter = binding.filter;
      channel.on('postgres_changes', filter, (payload) =>
        emit({ ev: 'change', client: cmd.client, name: cmd.name, payload }));
    } else if (binding.type === 'broadcast') {
      channel.on('broadcast', { event: binding.event }, (payload) => {
        const body = payload.payload instanceof ArrayBuffer
          ? { binary: Buffer.from(payload.payload).toString('base64') } : payload.payload;
        emit({ ev: 'broadcast', client: cmd.client, name: cmd.name, payload: { ...payload, payload: body } });
      });
    } else if (binding.type === 'presence') {
      // what the application sees: the callback's payload and presenceState() right after it
      channel.on('presence', { event: binding.event }, (payload) =>
        emit({ ev: 'presence', client: cmd.client, name: cmd.name, event: binding.event, payload: payload || null,
          state: channel.presenceState() }));
    }
  }
  channel.on('system', {}, (payload) => emit({ ev: 'system', client: cmd.client, name: cmd.name, payload }));
  channel.resumeEnabled = !!cmd.resume;
  state.channels.set(cmd.name, channel);
  channel.subscribe((status, err) =>
    emit({ ev: 'status', client: cmd.client, name: cmd.name, status, error: err ? String(err.message || err) : null }));
  if (cmd.resume && cmd.position) {
    channel.joinPush.payload().config.resume = { position: cmd.position };
  }
}

async function handle(cmd) {
  switch (cmd.cmd) {
    case 'connect': connect(cmd); break;
    case 'subscribe': subscribe(cmd); break;
    case 'setAuth': await clients.get(cmd.client).client.setAuth(cmd.token); emit({ ev: 'done', id: cmd.id }); break;
    case 'unsubscribe': {
      const state = clients.get(cmd.client);
      const result = await state.channels.get(cmd.name).unsubscribe();
      emit({ ev: 'unsubscribed', client: cmd.client, name: cmd.name, result });
      break;
    }
    case 'position': {
      const state = clients.get(cmd.client);
      emit({ ev: 'position', id: cmd.id, position: state.positions.get('realtime:' + cmd.channel) || null });
      break;
    }
    case 'send': {
      // channel.send({type: 'broadcast'}): 'ok' | 'error' | 'timed out' as realtime-js resolves it
      const channel = clients.get(cmd.client).channels.get(cmd.name);
      const payload = cmd.binary !== undefined ? Uint8Array.from(Buffer.from(cmd.binary, 'base64')).buffer : cmd.payload;
      const result = await channel.send({ type: 'broadcast', event: cmd.event, payload }, { timeout: cmd.timeout || 10000 });
      emit({ ev: 'done', id: cmd.id, result });
      break;
    }
    case 'httpSend': {
      const channel = clients.get(cmd.client).channels.get(cmd.name);
      try {
        emit({ ev: 'done', id: cmd.id, result: await channel.httpSend(cmd.event, cmd.payload) });
      } catch (e) {
        emit({ ev: 'done', id: cmd.id, result: { error: String(e.message || e) } });
      }
      break;
    }
    case 'track': {
      const channel = clients.get(cmd.client).channels.get(cmd.name);
      emit({ ev: 'done', id: cmd.id, result: await channel.track(cmd.payload) });
      break;
    }
    case 'untrack': {
      const channel = clients.get(cmd.client).channels.get(cmd.name);
      emit({ ev: 'done', id: cmd.id, result: await channel.untrack() });
      break;
    }
    case 'presenceState': {
      emit({ ev: 'done', id: cmd.id, result: clients.get(cmd.client).channels.get(cmd.name).presenceState() });
      break;
    }
    case 'disconnect': await clients.get(cmd.client).client.disconnect(); emit({ ev: 'done', id: cmd.id }); break;
    case 'exit': process.exit(0); break;
    default: emit({ ev: 'error', message: 'unknown command ' + cmd.cmd });
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    emit({ ev: 'error', message: 'bad command: ' + line });
    return;
  }
  handle(cmd).catch((e) => emit({ ev: 'error', message: String(e && e.stack || e) }));
});
lines.on('close', () => process.exit(0));
process.on('uncaughtException', (e) => emit({ ev: 'error', message: String(e && e.stack || e) }));
emit({ ev: 'ready', node: process.version });
