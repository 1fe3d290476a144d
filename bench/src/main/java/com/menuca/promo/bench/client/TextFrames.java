package com.menuca.promo.bench.client;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A JDK WebSocket listener that hands over whole text messages (frames may arrive in parts). */
final class TextFrames implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final Consumer<String> onMessage;

    TextFrames(Consumer<String> onMessage) {
        this.onMessage = onMessage;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last && partial.isEmpty()) {
            onMessage.accept(data.toString());
        } else {
            partial.append(data);
            if (last) {
                onMessage.accept(partial.toString());
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }
}
