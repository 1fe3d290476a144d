package com.menuca.promo.processor.cdc;

/** A change record that cannot be derived from; {@link #reason()} is the dead-letter reason code. */
public final class InvalidChangeException extends RuntimeException {
    /** The envelope or key is not JSON of the expected shape. */
    public static final String UNPARSEABLE = "unparseable";
    /** The envelope parses but a row breaks the table's contract (a required column missing or of the wrong type). */
    public static final String INVALID_ROW = "invalid_row";

    private final String reason;
    private final Long lsn;

    public InvalidChangeException(String reason, String message) {
        this(reason, message, (Long) null);
    }

    private InvalidChangeException(String reason, String message, Long lsn) {
        super(message);
        this.reason = reason;
        this.lsn = lsn;
    }

    public InvalidChangeException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.lsn = null;
    }

    /** The same problem, located at the change's LSN (known once the envelope was read). */
    public InvalidChangeException at(Long changeLsn) {
        InvalidChangeException located = new InvalidChangeException(reason, getMessage(), changeLsn);
        located.setStackTrace(getStackTrace());
        return located;
    }

    /** The change's LSN, null when the envelope could not be read. */
    public Long lsn() {
        return lsn;
    }

    public String reason() {
        return reason;
    }
}
