/**
 * Who listens to what: channel sessions (one joined channel of one socket), their postgres_changes
 * bindings, and the indexes the feed matches events against (table → filter column → value →
 * bindings; channel → sessions), kept both ways so a leaving socket is removed without a scan.
 */
package com.menuca.promo.gateway.subscription;
