/**
 * Plain HTTP beside the WebSocket: routing to the functions of {@code /rest/v1/rpc/} (package
 * {@code rpc}) and static files served at {@code /} (the dashboard's home: put
 * files under {@code src/main/resources/static/} or point {@code gateway.static.dir} at a directory).
 * The operational endpoints are on their own port (common's {@code OpsHttpServer}).
 */
package com.menuca.promo.gateway.rest;
