package com.menuca.promo.gateway.rest;

import com.menuca.promo.schemas.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.UncheckedIOException;

/** Writing plain HTTP responses (REST, errors, static files), with CORS for browser clients. */
public final class HttpResponses {
    private HttpResponses() {
    }

    public static void json(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, Object body,
                            boolean close) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        bytes(ctx, request, status, "application/json", Unpooled.wrappedBuffer(bytes), close);
    }

    /**
     * JSON that only pages of the gateway's own origin may read: no CORS header, so a browser keeps
     * the body from scripts of any other site (the demo tokens of {@code promo dev}).
     */
    public static void sameOriginJson(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        write(ctx, request, status, "application/json", Unpooled.wrappedBuffer(bytes), false, false);
    }

    public static void bytes(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status,
                             String contentType, ByteBuf body, boolean close) {
        write(ctx, request, status, contentType, body, close, true);
    }

    private static void write(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status,
                              String contentType, ByteBuf body, boolean close, boolean cors) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (cors) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        finish(ctx, request, response, close);
    }

    /**
     * Sends a response its caller built (status, body, content headers and any headers of its own) the
     * way every response here goes: readable by browser scripts of any origin, connection kept or closed.
     */
    public static void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        finish(ctx, request, response, false);
    }

    private static void finish(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response, boolean close) {
        boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
