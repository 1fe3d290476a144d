// Runs the platform's supabase-js and node-postgres code for the harness's Java integration tests.
// One JSON command per line on stdin, one JSON event per line on stdout. The tests' logic (rows
// written in PostgreSQL, processes killed, assertions) lives in Java; this file only creates clients
// the way an application configures them, runs the seed's snippets (seed/*.js) unchanged with their
// free names bound, opens channels and calls their methods (track, send, httpSend...) as an app does,
// and reports what the callbacks were given and what the calls resolved to.
//   usage: node driver.mjs latest|2.109
import { createInterface } from 'node:readline';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const flavour = process.argv[2] || 'latest';
const { createClient } = await import(flavour === 'latest' ? '@supabase/supabase-js' : 'supabase-js-2.109');
const AsyncFunction = (async () => {}).constructor;

const clients = new Map();     // id -> supabase client
const pools = new Map();       // run -> pg clients a snippet opened, closed on 'stop'

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function options(cmd) {
  const opts = { db: { schema: 'menuca_v3' }, auth: { persistSession: false, autoRefreshToken: false } };
  if (cmd.accessToken) opts.accessToken = async () => cmd.accessToken;
  // Node 22 has a WebSocket of its own; on Node 20 realtime-js needs one given, as any Node app on 20 does.
  if (typeof globalThis.WebSocket === 'undefined') opts.realtime = { transport: WebSocket };
  return opts;
}

function connect(cmd) {
  const supabase = createClient(cmd.url, cmd.key, options(cmd));
  clients.set(cmd.client, supabase);
  emit({ ev: 'client', client: cmd.client, flavour, node: process.version });
}

// Reports each channel's state as it changes (joining, joined, errored, closed), as an app's status
// indicator would see it, for every channel of the client.
function watchChannels(clientId, supabase, run) {
  const seen = new Map();
  const timer = setInterval(() => {
    for (const channel of supabase.getChannels()) {
      if (seen.get(channel.topic) !== channel.state) {
        seen.set(channel.topic, channel.state);
        emit({ ev: 'channel', client: clientId, run, topic: channel.topic, state: channel.state });
      }
    }
  }, 20);
  return timer;
}

// The seed's snippets are fragments of application code: their free names (supabase, ids, UI
// callbacks, a listening pg client, console, setInterval) are bound here; each UI callback reports
// its arguments ('console.log' binds console with a reporting log).
const intervals = new Map();   // run -> functions the snippet gave setInterval, run by 'tick'
function callbackScope(run, names) {
  const scope = {};
  for (const name of names) {
    const report = (...args) => emit({ ev: 'callback', run, fn: name, args });
    const [head, member] = name.split('.');
    if (member) (scope[head] ||= {})[member] = report;
    else scope[head] = report;
  }
  return scope;
}

// supabase.channel() as the app calls it, with each channel's subscribe statuses (SUBSCRIBED,
// CHANNEL_ERROR and its reason, TIMED_OUT) reported: the seed's snippets pass no status callback.
function reportingStatuses(supabase, run) {
  const channelOf = supabase.channel;
  supabase.channel = function (...args) {
    const channel = channelOf.apply(this, args);
    const subscribe = channel.subscribe;
    channel.subscribe = function (callback, timeout) {
      return subscribe.call(this, (status, err) => {
        emit({ ev: 'status', run, topic: channel.topic, status, error: err ? String(err.message || err) : null });
        if (callback) callback(status, err);
      }, timeout);
    };
    return channel;
  };
  return () => { supabase.channel = channelOf; };
}

async function snippet(cmd) {
  const supabase = clients.get(cmd.client);
  const source = await readFile(join(here, 'seed', cmd.file), 'utf8');
  const scope = { supabase, ...(cmd.scope || {}), ...callbackScope(cmd.run, cmd.callbacks || []) };
  const opened = [];
  if (cmd.pg) {
    // the backend's node-postgres client, connected and listening as the seed's relay presumes
    const client = new pg.Client({ connectionString: cmd.pg.url });
    await client.connect();
    for (const channel of cmd.pg.channels) await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    opened.push(client);
    scope.pg = client;
  }
  if (cmd.clock) {
    // the test's clock: setInterval records the period and the function, 'tick' runs it
    const timers = [];
    intervals.set(cmd.run, timers);
    scope.setInterval = (fn, ms) => {
      timers.push(fn);
      emit({ ev: 'interval', run: cmd.run, ms });
      return timers.length;
    };
  }
  // a backend snippet (the relay) may have no supabase client of its own
  const watcher = supabase ? watchChannels(cmd.client, supabase, cmd.run) : null;
  const restore = supabase ? reportingStatuses(supabase, cmd.run) : () => {};
  try {
    await new AsyncFunction(...Object.keys(scope), source)(...Object.values(scope));
  } finally {
    restore();
  }
  pools.set(cmd.run, { opened, watcher });
  for (const client of opened) {
    client.on('notification', (msg) => emit({ ev: 'notification', run: cmd.run, channel: msg.channel, payload: msg.payload }));
  }
  emit({ ev: 'started', run: cmd.run });
}

async function tick(cmd) {
  for (const fn of intervals.get(cmd.run) || []) await fn();
  emit({ ev: 'ticked', run: cmd.run });
}

// The test's own channels, by client and subscription name: subscribe() creates one, call() acts on it.
const channels = new Map();    // `${client}/${name}` -> channel

// supabase.channel(name, { config }) as an app creates it, once per client and subscription name.
function channelOf(cmd) {
  const key = `${cmd.client}/${cmd.name}`;
  let channel = channels.get(key);
  if (!channel) {
    if (!cmd.channel) throw new Error(`no channel ${key}: subscribe first or name the channel`);
    channel = clients.get(cmd.client).channel(cmd.channel, cmd.config ? { config: cmd.config } : undefined);
    channels.set(key, channel);
  }
  return channel;
}

function subscribe(cmd) {
  const channel = channelOf(cmd);
  const report = (ev, fields) => emit({ ev, client: cmd.client, name: cmd.name, ...fields });
  for (const binding of cmd.bindings) {
    if (binding.type === 'postgres_changes') {
      const filter = { event: binding.event, schema: 'menuca_v3', table: binding.table };
      if (binding.filter) filter.filter = binding.filter;
      channel.on('postgres_changes', filter, (payload) => report('change', { payload }));
    } else if (binding.type === 'presence') {
      // what a presence callback is given, and presenceState() as the callback would read it then
      channel.on('presence', { event: binding.event }, (payload) =>
        report('presence', { event: binding.event, payload: payload ?? null, state: channel.presenceState() }));
    } else {
      channel.on('broadcast', { event: binding.event }, (message) => report('broadcast', { binding: binding.event, message }));
    }
  }
  channel.subscribe((status, err) => report('status', { status, error: err ? String(err.message || err) : null }));
}

// A method of a channel, awaited as an app awaits it (track, untrack, send, httpSend, presenceState):
// what it resolved to, or the message of the error it rejected with. A channel the test never
// subscribed is created (cmd.channel, cmd.config) and stays unsubscribed, as a backend's that only sends.
async function call(cmd) {
  const channel = channelOf(cmd);
  try {
    const value = await channel[cmd.method](...(cmd.args || []));
    emit({ ev: 'result', id: cmd.id, value: value === undefined ? null : value });
  } catch (e) {
    emit({ ev: 'result', id: cmd.id, rejected: String((e && e.message) || e) });
  }
}

// Closes a client's socket, as a tab closing does (its channels' presences leave).
function disconnect(cmd) {
  clients.get(cmd.client).realtime.disconnect();
  emit({ ev: 'disconnected', client: cmd.client });
}

async function rpc(cmd) {
  const supabase = clients.get(cmd.client);
  let query = supabase.rpc(cmd.fn, cmd.args, cmd.options || {});
  for (const [method, ...args] of cmd.modifiers || []) query = query[method](...args);
  const { data, error, status, count } = await query;
  emit({ ev: 'rpc', id: cmd.id, data, error, status, count });
}

// A LISTEN client of the test's own, on any channel names, as a backend written for pg_notify is.
const listeners = new Map();   // id -> pg client
async function listen(cmd) {
  const client = new pg.Client({ connectionString: cmd.url });
  await client.connect();
  client.on('notification', (msg) =>
    emit({ ev: 'notification', listener: cmd.id, channel: msg.channel, payload: msg.payload }));
  for (const channel of cmd.channels) await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
  listeners.set(cmd.id, client);
  emit({ ev: 'listening', listener: cmd.id });
}

async function stop(cmd) {
  const listener = listeners.get(cmd.run);
  if (listener) {
    await listener.end().catch(() => {});
    listeners.delete(cmd.run);
  }
  const run = pools.get(cmd.run);
  if (run) {
    if (run.watcher) clearInterval(run.watcher);
    await Promise.all(run.opened.map((client) => client.end().catch(() => {})));
    pools.delete(cmd.run);
  }
  intervals.delete(cmd.run);
  emit({ ev: 'stopped', run: cmd.run });
}

async function handle(cmd) {
  switch (cmd.cmd) {
    case 'connect': connect(cmd); break;
    case 'snippet': await snippet(cmd); break;
    case 'subscribe': subscribe(cmd); break;
    case 'call': await call(cmd); break;
    case 'disconnect': disconnect(cmd); break;
    case 'rpc': await rpc(cmd); break;
    case 'tick': await tick(cmd); break;
    case 'listen': await listen(cmd); break;
    case 'stop': await stop(cmd); break;
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
  handle(cmd).catch((e) => emit({ ev: 'error', cmd: cmd.cmd, run: cmd.run, id: cmd.id, message: String((e && e.stack) || e) }));
});
lines.on('close', () => process.exit(0));
process.on('uncaughtException', (e) => emit({ ev: 'error', message: String((e && e.stack) || e) }));
process.on('unhandledRejection', (e) => emit({ ev: 'error', message: String((e && e.stack) || e) }));
emit({ ev: 'ready', flavour, node: process.version });
