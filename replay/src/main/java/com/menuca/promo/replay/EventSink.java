package com.menuca.promo.replay;

import java.io.IOException;

/** Where replayed events go, one at a time, in the order read. */
public interface EventSink extends AutoCloseable {

    void accept(ReplayedEvent event) throws IOException;

    /** Flushes what is buffered; does not close the underlying writer (it may be stdout). */
    @Override
    void close() throws IOException;
}
