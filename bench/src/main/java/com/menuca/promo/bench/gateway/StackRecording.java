package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder recording of the stack JVM over one phase of the benchmark, started and
 * stopped with {@code jcmd}, then read back: garbage-collection pauses, bytes allocated per thread
 * role, and where the gateway's threads spent their samples and allocations. These figures hold on
 * a busy machine, where wall-clock time does not. The file stays beside the results for
 * {@code jfr print} / JDK Mission Control.
 */
final class StackRecording {
    private static final int TOP = 12;

    private final MeasuredStack dev;
    private final String name;
    private final Path file;

    private StackRecording(MeasuredStack dev, String name, Path file) {
        this.dev = dev;
        this.name = name;
        this.file = file;
    }

    /** Starts a recording with the JDK's {@code default} settings (about 1% overhead). */
    static StackRecording start(MeasuredStack dev, String name, Path file) throws IOException, InterruptedException {
        dev.jcmd("JFR.start", "name=" + name, "settings=default");
        return new StackRecording(dev, name, file);
    }

    /**
     * A short recording that starts JFR in the stack JVM and ends by itself, so that JFR's one-time set-up
     * (instrumenting the JDK's classes for its events, and the recompilation that follows) happens before
     * the phase that is measured.
     */
    static void prime(MeasuredStack dev) throws IOException, InterruptedException {
        dev.jcmd("JFR.start", "name=bench-primer", "settings=default", "duration=5s");
    }

    /** What the recording says about the phase. */
    record Figures(int gcPauses, Duration gcPauseTotal, Duration gcPauseMax, Map<ThreadCpu.Role, Long> allocatedBytes,
                   Map<String, Long> gatewayHotMethods, Map<String, Long> gatewayAllocationSites) {
    }

    Figures stop() throws IOException, InterruptedException {
        dev.jcmd("JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
        int pauses = 0;
        Duration total = Duration.ZERO;
        Duration max = Duration.ZERO;
        Map<Long, long[]> allocatedByThread = new HashMap<>();
        Map<Long, String> threadNames = new HashMap<>();
        Map<String, Long> hot = new HashMap<>();
        Map<String, Long> sites = new HashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            switch (event.getEventType().getName()) {
                case "jdk.GarbageCollection" -> {
                    pauses++;
                    total = total.plus(event.getDuration("sumOfPauses"));
                    Duration longest = event.getDuration("longestPause");
                    max = longest.compareTo(max) > 0 ? longest : max;
                }
                case "jdk.ThreadAllocationStatistics" -> {
                    RecordedThread thread = event.getThread("thread");
                    if (thread != null) {
                        long allocated = event.getLong("allocated");
                        threadNames.put(thread.getId(), String.valueOf(thread.getJavaName()));
                        allocatedByThread.merge(thread.getId(), new long[] {allocated, allocated},
                                (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                    }
                }
                case "jdk.ExecutionSample" -> {
                    if (isGateway(event.getThread("sampledThread"))) {
                        hot.merge(topFrame(event, frame -> true), 1L, Long::sum);
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    if (isGateway(event.getThread("eventThread"))) {
                        sites.merge(event.getClass("objectClass").getName() + " at "
                                + topFrame(event, StackRecording::isApplicationFrame), event.getLong("weight"), Long::sum);
                    }
                }
                default -> {
                }
            }
        }
        Map<ThreadCpu.Role, Long> allocated = new HashMap<>();
        allocatedByThread.forEach((id, range) ->
                allocated.merge(ThreadCpu.Role.of(threadNames.get(id)), range[1] - range[0], Long::sum));
        return new Figures(pauses, total, max, allocated, top(hot), top(sites));
    }

    private static boolean isGateway(RecordedThread thread) {
        return thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith("gateway-");
    }

    /** The first frame of the stack that {@code wanted} accepts (else the top frame), as Class.method. */
    private static String topFrame(RecordedEvent event, Predicate<RecordedFrame> wanted) {
        if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
            return "(no stack)";
        }
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        RecordedFrame chosen = frames.stream().filter(wanted).findFirst().orElse(frames.get(0));
        String type = chosen.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + chosen.getMethod().getName();
    }

    /** Frames of our code or Netty's, rather than of the JDK collections they call. */
    private static boolean isApplicationFrame(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.startsWith("com.menuca.") || type.startsWith("io.netty.") || type.startsWith("org.apache.kafka.")
                || type.startsWith("com.fasterxml.");
    }

    private static Map<String, Long> top(Map<String, Long> counts) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
