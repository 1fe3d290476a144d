// One realtime connection of the page: the unmodified @supabase/realtime-js client, plus the
// gateway's resume extension (every delivered event carries a position; keeping the latest in the
// channel's join payload makes each automatic rejoin replay what was missed).
import { RealtimeClient } from '/vendor/realtime-js.mjs';

const RECONNECT_STEPS_MS = [250, 1000, 2000, 5000];
/**
 * How often the page asks the gateway for a heartbeat reply. A socket that closes is noticed at
 * once; one that silently stops answering (a frozen server, a dropped network) is noticed when a
 * heartbeat goes unanswered for this long, so the badge never says "live" for longer than that.
 */
export const HEARTBEAT_MS = 10000;
/** Dev tokens live an hour; a fresh one is set well before, so channels never end on expiry. */
const TOKEN_REFRESH_MS = 45 * 60 * 1000;

const TEXT = {
  connecting: () => 'connecting…',
  live: (missed) => (missed > 0 ? `live · resumed ${missed} missed event${missed === 1 ? '' : 's'}` : 'live'),
  reconnecting: () => 'reconnecting…',
  resuming: () => 'resuming…',
};

/**
 * A socket and its channels, and what the connection badge should say about them:
 * - "connecting…" until the socket first opens and every channel has joined;
 * - "live" while the socket is open and every channel is joined;
 * - "reconnecting…" while the socket is down (closed, failed to open, or a heartbeat went unanswered);
 * - "resuming…" once it is back, while the channels rejoin and the gateway replays what they missed
 *   (the join reply says `replaying`; a `system` message with extension `resume` ends the replay);
 * - "error" while the gateway refuses a channel (with the reason).
 * After {@link close} it reports nothing: a view's old socket never touches the badge.
 */
export class Live {
  /**
   * @param {string} token  JWT for the connection and its channels
   * @param {(state: {state: string, text: string}) => void} onState  called when the badge should change
   * @param {() => Promise<string>} [renewToken]  fetches a fresh token before this one expires
   */
  constructor(token, onState, renewToken) {
    this.onState = onState;
    /** channel → {state: 'joining'|'joined'|'replaying'|'refused', reason, missed} */
    this.channels = new Map();
    this.socket = 'connecting'; // 'connecting' | 'open' | 'down'
    this.everOpen = false;
    this.missed = 0;
    this.closed = false;
    this.shown = null;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/realtime/v1`;
    this.client = new RealtimeClient(url, {
      params: { apikey: token },
      vsn: '2.0.0',
      heartbeatIntervalMs: HEARTBEAT_MS,
      // realtime-js tears a socket down when a heartbeat goes unanswered, without a close event.
      heartbeatCallback: (status) => { if (status === 'timeout') this.socketDown(); },
      reconnectAfterMs: (tries) => RECONNECT_STEPS_MS[Math.min(tries - 1, RECONNECT_STEPS_MS.length - 1)],
    });
    this.client.setAuth(token);
    this.client.socketAdapter.onOpen(() => {
      if (this.everOpen) this.missed = 0; // counted afresh for each resume
      this.socket = 'open';
      this.render();
    });
    this.client.socketAdapter.onClose(() => this.socketDown());
    this.client.socketAdapter.onError(() => this.socketDown());
    this.client.socketAdapter.onMessage((msg) => this.track(msg));
    this.client.connect();
    this.render();
    if (renewToken) {
      this.renewal = setInterval(async () => {
        try {
          this.client.setAuth(await renewToken());
        } catch (e) {
          console.warn(`token renewal failed: ${e.message}`);
        }
      }, TOKEN_REFRESH_MS);
    }
  }

  socketDown() {
    if (this.socket === 'open') this.everOpen = true;
    this.socket = 'down';
    for (const st of this.channels.values()) st.state = 'joining';
    this.render();
  }

  /** The badge's state from the socket and every channel; reported only when it changes. */
  render() {
    if (this.closed) return;
    const states = [...this.channels.values()];
    let state;
    let text;
    const refused = states.find((st) => st.state === 'refused');
    if (this.socket !== 'open') {
      state = this.socket === 'down' ? 'reconnecting' : 'connecting';
    } else if (refused) {
      state = 'error';
      text = `channel ${refused.name} refused: ${refused.reason}`;
    } else if (states.length === 0 || states.some((st) => st.state !== 'joined')) {
      state = this.everOpen ? 'resuming' : 'connecting';
    } else {
      state = 'live';
    }
    text = text || TEXT[state](this.missed);
    const key = `${state}|${text}`;
    if (key === this.shown) return;
    this.shown = key;
    this.onState({ state: state === 'live' ? 'connected' : state, text });
  }

  /** Keeps each channel's resume position current, and follows join replies and replays. */
  track(msg) {
    const payload = msg.payload || {};
    const entry = [...this.channels].find(([channel]) => channel.topic === msg.topic);
    if (!entry) return;
    const [channel, st] = entry;
    let position = null;
    if (msg.event === 'postgres_changes' || msg.event === 'broadcast') {
      position = msg.event === 'broadcast' ? payload.meta && payload.meta.position : payload.position;
      if (st.state === 'replaying') st.missed++;
    } else if (msg.event === 'phx_reply' && payload.status === 'ok' && payload.response) {
      position = payload.response.position;
      if (payload.response.replaying > 0) {
        st.state = 'replaying';
        st.missed = 0;
        this.render();
      }
    } else if (msg.event === 'system' && payload.extension === 'resume' && st.state === 'replaying') {
      this.missed += st.missed;
      st.state = 'joined';
      this.render();
    }
    if (position) channel.joinPush.payload().config.resume = { position };
  }

  /**
   * Joins a channel.
   * @param {string} name  e.g. "restaurant:3:redemptions"
   * @param {(channel) => void} bind  adds .on(...) bindings before subscribing
   * @param {(status: string) => void} [onStatus]  realtime-js's subscribe statuses (SUBSCRIBED on every join)
   */
  join(name, bind, onStatus) {
    const channel = this.client.channel(name, { config: {} });
    bind(channel);
    const st = { name, state: 'joining', reason: null, missed: 0 };
    this.channels.set(channel, st);
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') {
        if (st.state !== 'replaying') st.state = 'joined';
      } else if (status === 'CHANNEL_ERROR') {
        // Channels also error when their socket goes: only a refusal on an open socket is the channel's own.
        if (this.socket === 'open' && this.client.isConnected()) {
          st.state = 'refused';
          st.reason = err ? err.message : 'refused';
          console.warn(`channel ${name} refused: ${st.reason}`);
        } else {
          st.state = 'joining';
        }
      } else if (status === 'TIMED_OUT') {
        st.state = 'joining';
      }
      this.render();
      if (onStatus) onStatus(status);
    });
    this.render();
    return channel;
  }

  /** Leaves every channel and closes the socket, silently: the badge belongs to whoever is current. */
  close() {
    this.closed = true;
    clearInterval(this.renewal);
    for (const channel of this.channels.keys()) this.client.removeChannel(channel);
    this.channels.clear();
    this.client.disconnect();
  }
}

/** A demo token from the dev server (only `promo dev` serves these). */
export async function devToken(params) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`/dev/token?${query}`);
  if (!response.ok) throw new Error(`dev token refused (${response.status}): ${await response.text()}`);
  return (await response.json()).access_token;
}

/** The RPC the dashboards used to poll: same numbers as the live performance channel. */
export async function livePerformance(token, restaurantId) {
  return rpc('get_live_restaurant_performance', token, { p_restaurant_id: restaurantId });
}

/** A customer's savings and latest redemptions, read together (the count and the list agree). */
export async function customerRedemptions(token, customerId) {
  return rpc('get_customer_redemptions', token, { p_customer_id: customerId });
}

/** POST /rest/v1/rpc/<name> as supabase-js sends it; null when the gateway has no answer yet (404). */
async function rpc(name, token, body) {
  const response = await fetch(`/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', apikey: token, Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${name}: ${response.status}`);
  return response.json();
}
