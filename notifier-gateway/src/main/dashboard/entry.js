// The dashboard uses the unmodified realtime-js client; this file only re-exports it for bundling.
export { RealtimeClient, REALTIME_SUBSCRIBE_STATES } from '@supabase/realtime-js';
