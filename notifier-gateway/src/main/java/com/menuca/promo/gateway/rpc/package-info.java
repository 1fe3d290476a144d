/**
 * Functions served the way PostgREST serves a database function at {@code /rest/v1/rpc/<name>}, so
 * {@code supabase.rpc(name, args)} works unchanged: arguments from a JSON body ({@code POST}) or the
 * query string ({@code GET}, {@code rpc(..., { get: true })}), the schema headers, PostgREST's
 * {@code select}/{@code order}/{@code limit}/{@code offset} and simple filters on functions that
 * return rows, and errors in PostgREST's shape ({@code code}, {@code message}, {@code details},
 * {@code hint}) with its status codes.
 */
package com.menuca.promo.gateway.rpc;
