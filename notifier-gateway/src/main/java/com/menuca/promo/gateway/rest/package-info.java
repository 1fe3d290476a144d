/**
 * Plain HTTP beside the WebSocket: the RPC the dashboards call ({@code POST
 * /rest/v1/rpc/get_live_deal_performance}) and static files served at {@code /} (the dashboard's home: put
 * files under {@code src/main/resources/static/} or point {@code gateway.static.dir} at a directory).
 * The operational endpoints are on their own port (common's {@code OpsHttpServer}).
 */
package com.menuca.promo.gateway.rest;
