package com.menuca.promo.processor;

/** A problem that stops the processor and needs a person; the message says what to do. */
public final class ProcessorException extends RuntimeException {
    public ProcessorException(String message) {
        super(message);
    }

    public ProcessorException(String message, Throwable cause) {
        super(message, cause);
    }
}
