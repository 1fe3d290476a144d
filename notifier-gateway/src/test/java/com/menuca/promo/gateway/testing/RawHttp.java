package com.menuca.promo.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain TCP socket, written byte for byte as given: for what a real
 * client library would never send (odd paths, handcrafted upgrade requests).
 */
public final class RawHttp {
    /** A response: its status code, headers (lower-case names) and what came with them. */
    public record Response(int status, String statusLine, Map<String, String> headers, String rest) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** A WebSocket upgrade request for {@code target} (path and query, as sent), with {@code extraHeaders} lines. */
    public static Response upgrade(int port, String target, String... extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        return exchange(port, request.append("\r\n").toString());
    }

    /** A plain request ({@code GET}, {@code OPTIONS}...) with {@code extraHeaders} lines. */
    public static Response request(int port, String method, String target, String... extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        return exchange(port, request.append("\r\n").toString());
    }

    /** Sends the bytes and reads the response head (and whatever arrives with it within a second). */
    public static Response exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int headEnd = -1;
            while (headEnd < 0) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                read.write(buffer, 0, n);
                headEnd = read.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
            }
            String text = read.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0) {
                throw new IOException("no HTTP response head, got: " + text);
            }
            socket.setSoTimeout(1_000);
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    read.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // an upgraded socket stays open: what came is enough
            }
            text = read.toString(StandardCharsets.ISO_8859_1);
            String[] lines = text.substring(0, headEnd).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            return new Response(Integer.parseInt(lines[0].split(" ")[1]), lines[0], headers, text.substring(headEnd + 4));
        }
    }
}
