package io.tuplespace.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A child JVM running {@link TupleSpaceCli} (or another main class) with this process's Java, class path and module
 * flags. Its output lines go to a listener and can be awaited, lines can be sent to its input; it is stopped by PID.
 */
public final class JvmProcess implements AutoCloseable
{
    /** The flags Agrona and Aeron need on Java 17+. */
    public static final List<String> JVM_FLAGS = List.of(
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens", "java.base/java.util.zip=ALL-UNNAMED");

    /** Agrona's switch for the bounds checks of its buffers, which bin/tuplespace turns off. */
    private static final String BOUNDS_CHECKS_PROP_NAME = "agrona.disable.bounds.checks";

    private final String name;
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final Thread reader;

    private JvmProcess(final String name, final Process process, final Consumer<String> listener)
    {
        this.name = name;
        this.process = process;
        this.reader = new Thread(() -> readLines(listener), name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Start a child JVM.
     *
     * @param name             for messages.
     * @param systemProperties {@code key=value} pairs passed as {@code -D}.
     * @param listener         receives each output line (stdout and stderr merged), on a thread of its own.
     * @param args             arguments to {@link TupleSpaceCli}.
     * @return the running process.
     */
    public static JvmProcess start(
        final String name, final List<String> systemProperties, final Consumer<String> listener, final String... args)
    {
        return start(name, List.of("-XX:+UseSerialGC", "-Xmx256m"), systemProperties, listener, args);
    }

    /**
     * Start a child JVM with JVM options of its own (GC, heap size) instead of the defaults.
     *
     * @param jvmOptions options placed before the class path, after the flags Agrona needs.
     * @see #start(String, List, Consumer, String...)
     */
    public static JvmProcess start(
        final String name,
        final List<String> jvmOptions,
        final List<String> systemProperties,
        final Consumer<String> listener,
        final String... args)
    {
        return startMain(name, TupleSpaceCli.class.getName(), jvmOptions, systemProperties, listener, args);
    }

    /**
     * Start a child JVM running a main class of this process's class path (test classes included under surefire).
     *
     * @param mainClass the class whose {@code main} runs.
     * @see #start(String, List, List, Consumer, String...)
     */
    public static JvmProcess startMain(
        final String name,
        final String mainClass,
        final List<String> jvmOptions,
        final List<String> systemProperties,
        final Consumer<String> listener,
        final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_FLAGS);
        command.addAll(jvmOptions);
        // Children inherit this process's tuplespace.* settings and its choice of bounds checks; the explicit
        // settings come after and win.
        System.getProperties().stringPropertyNames().stream()
            .filter(key -> key.startsWith("tuplespace.") || BOUNDS_CHECKS_PROP_NAME.equals(key))
            .forEach(key -> command.add("-D" + key + "=" + System.getProperty(key)));
        systemProperties.forEach(property -> command.add("-D" + property));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass);
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new JvmProcess(name, process, listener);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start " + name + ": " + ex.getMessage(), ex);
        }
    }

    public String name()
    {
        return name;
    }

    public long pid()
    {
        return process.pid();
    }

    /**
     * @return true until the process has exited.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Wait for an output line.
     *
     * @param matcher the line to wait for.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return the line.
     * @throws IllegalStateException if the process exits or the time passes first; the message holds its output.
     */
    public String awaitLine(final Predicate<String> matcher, final long timeout, final TimeUnit unit)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (true)
        {
            final long remainingNs = deadlineNs - System.nanoTime();
            if (remainingNs <= 0)
            {
                throw new IllegalStateException(name + " did not print the expected line in time; output:\n" +
                    outputText());
            }
            final String line = lines.poll(Math.min(remainingNs, TimeUnit.MILLISECONDS.toNanos(100)),
                TimeUnit.NANOSECONDS);
            if (null != line && matcher.test(line))
            {
                return line;
            }
            if (null == line && !process.isAlive() && !reader.isAlive() && lines.isEmpty())
            {
                throw new IllegalStateException(name + " exited with " + process.exitValue() +
                    " before printing the expected line; output:\n" + outputText());
            }
        }
    }

    /**
     * Write a line to the process's standard input.
     *
     * @throws IllegalStateException if the process has closed its input (it has exited).
     */
    public void send(final String line)
    {
        try
        {
            final OutputStream input = process.getOutputStream();
            input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot send \"" + line + "\" to " + name + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return every line printed so far.
     */
    public String outputText()
    {
        synchronized (output)
        {
            return String.join("\n", output);
        }
    }

    /**
     * Wait for the process to exit.
     *
     * @return its exit code.
     * @throws IllegalStateException if it has not exited in time.
     */
    public int awaitExit(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        if (!process.waitFor(timeout, unit))
        {
            throw new IllegalStateException(name + " (pid " + pid() + ") did not exit in time; output:\n" +
                outputText());
        }
        reader.join(unit.toMillis(timeout));
        return process.exitValue();
    }

    /**
     * Send SIGTERM, so the process shuts down cleanly.
     */
    public void terminate()
    {
        process.destroy();
    }

    /**
     * Send SIGKILL: the process dies at once, without cleaning up.
     */
    public void kill()
    {
        process.destroyForcibly();
    }

    /**
     * Terminate, then kill if still alive after five seconds.
     */
    public void close()
    {
        if (process.isAlive())
        {
            process.destroy();
            try
            {
                if (!process.waitFor(5, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readLines(final Consumer<String> listener)
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                synchronized (output)
                {
                    output.add(line);
                }
                lines.add(line);
                listener.accept(line);
            }
        }
        catch (final IOException ignore)
        {
            // The process ended; its output ends with it.
        }
    }
}
