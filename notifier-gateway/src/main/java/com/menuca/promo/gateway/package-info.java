/**
 * notifier-gateway: pushes table changes and derived events from Kafka to WebSocket clients speaking
 * the Supabase Realtime protocol, with filters, JWT policies, rate limits and gap-free resume.
 */
package com.menuca.promo.gateway;
