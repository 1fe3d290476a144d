// One realtime connection of the page: the unmodified @supabase/realtime-js client, plus the
// gateway's resume extension (every delivered event carries a position; keeping the latest in the
// channel's join payload makes each automatic rejoin replay what was missed).
import { RealtimeClient } from '/vendor/realtime-js.mjs';

const RECONNECT_STEPS_MS = [250, 1000, 2000, 5000];
/** Dev tokens live an hour; a fresh one is set well before, so channels never end on expiry. */
const TOKEN_REFRESH_MS = 45 * 60 * 1000;

export class Live {
  /**
   * @param {string} token  JWT for the connection and its channels
   * @param {(state: {state: string, text: string}) => void} onState  connection state for the badge
   * @param {() => Promise<string>} [renewToken]  fetches a fresh token before this one expires
   */
  constructor(token, onState, renewToken) {
    this.onState = onState;
    this.channels = new Set();
    this.everConnected = false;
    this.replayed = 0;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/realtime/v1`;
    this.client = new RealtimeClient(url, {
      params: { apikey: token },
      vsn: '2.0.0',
      reconnectAfterMs: (tries) => RECONNECT_STEPS_MS[Math.min(tries - 1, RECONNECT_STEPS_MS.length - 1)],
    });
    this.client.setAuth(token);
    this.client.socketAdapter.onOpen(() => {
      this.replayed = 0;
      this.report(this.everConnected ? 'resuming' : 'connected');
    });
    this.client.socketAdapter.onClose(() => this.report('reconnecting'));
    this.client.socketAdapter.onError(() => this.report('reconnecting'));
    this.client.socketAdapter.onMessage((msg) => this.track(msg));
    this.report('connecting');
    this.client.connect();
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

  report(state, replayed) {
    if (state === 'connected') this.everConnected = true;
    const text = {
      connecting: 'connecting…',
      connected: 'live',
      reconnecting: 'reconnecting…',
      resuming: 'reconnected, resuming…',
      resumed: `live · resumed ${replayed} missed event${replayed === 1 ? '' : 's'}`,
      error: 'not connected',
    }[state];
    this.onState({ state: state === 'resumed' || state === 'resuming' ? 'connected' : state, text });
  }

  /** Keeps each channel's resume position current, and reports what rejoining replayed. */
  track(msg) {
    const payload = msg.payload || {};
    let position = null;
    if (msg.event === 'postgres_changes') position = payload.position;
    else if (msg.event === 'broadcast') position = payload.meta && payload.meta.position;
    else if (msg.event === 'phx_reply' && payload.status === 'ok' && payload.response) {
      position = payload.response.position;
      if (payload.response.replaying !== undefined) {
        this.replayed += payload.response.replaying;
        this.report('resumed', this.replayed);
      }
    }
    if (!position) return;
    for (const channel of this.channels) {
      if (channel.topic === msg.topic) {
        channel.joinPush.payload().config.resume = { position };
      }
    }
  }

  /**
   * Joins a channel.
   * @param {string} name  e.g. "restaurant:3:redemptions"
   * @param {(channel) => void} bind  adds .on(...) bindings before subscribing
   * @param {(status: string, err?: Error) => void} [onStatus]
   */
  join(name, bind, onStatus) {
    const channel = this.client.channel(name, { config: {} });
    bind(channel);
    this.channels.add(channel);
    channel.subscribe((status, err) => {
      if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
        console.warn(`channel ${name}: ${status}${err ? ' ' + err.message : ''}`);
      }
      if (onStatus) onStatus(status, err);
    });
    return channel;
  }

  close() {
    clearInterval(this.renewal);
    for (const channel of this.channels) this.client.removeChannel(channel);
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
  const response = await fetch('/rest/v1/rpc/get_live_deal_performance', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', apikey: token, Authorization: `Bearer ${token}` },
    body: JSON.stringify({ p_restaurant_id: restaurantId }),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`get_live_deal_performance: ${response.status}`);
  return response.json();
}
