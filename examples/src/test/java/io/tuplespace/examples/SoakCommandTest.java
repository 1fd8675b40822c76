package io.tuplespace.examples;

import io.aeron.CommonContext;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/tuplespace soak} as a user runs it: a soak JVM that starts a server, a producer and workers, and
 * kills workers with SIGKILL while they work.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SoakCommandTest
{
    private static final Pattern SUMMARY = Pattern.compile(
        "tasks=(\\d+) results=(\\d+) lost=(\\d+) duplicated=(\\d+) kills=(\\d+)");

    private final String dir = CommonContext.generateRandomDirName();
    private final List<JvmProcess> processes = new ArrayList<>();

    @AfterEach
    void stopAll()
    {
        processes.forEach(JvmProcess::close);
        processes.forEach(soak -> IoUtil.delete(soakDir(soak), true));
    }

    @Test
    void killedWorkersLoseNoTaskAndDoNoneTwice() throws InterruptedException
    {
        // 400 tasks of at least 2 ms on 2 workers take at least 400 ms, so the chaos kills at least once.
        final JvmProcess soak = startSoak(
            "--tasks", "400", "--workers", "2", "--kill-every", "200", "--work-us", "2000", "--timeout", "240s");

        assertThat(soak.awaitExit(280, TimeUnit.SECONDS)).as(soak.outputText()).isZero();
        final List<String> lines = soak.outputText().lines().toList();
        final Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
        assertThat(summary.matches()).as(soak.outputText()).isTrue();
        assertThat(summary.group(1)).isEqualTo("400");
        assertThat(summary.group(2)).isEqualTo("400");
        assertThat(summary.group(3)).isEqualTo("0");
        assertThat(summary.group(4)).isEqualTo("0");
        assertThat(Long.parseLong(summary.group(5))).isPositive();
        assertThat(lines).contains("soak passed: every task has exactly one committed result");
        assertNothingLeftBehind(soak);
    }

    @Test
    void interruptedSoakStopsEveryChildAndDeletesItsDirectory() throws InterruptedException
    {
        final JvmProcess soak = startSoak("--tasks", "1000000", "--workers", "2", "--kill-every", "200");
        soak.awaitLine(line -> line.contains(" tasks done, "), 120, TimeUnit.SECONDS);
        assertThat(soakDir(soak)).exists();
        assertThat(processesUsingTheDirectoryOf(soak)).hasSizeGreaterThanOrEqualTo(3);

        // SIGTERM runs the same JVM shutdown hooks as Ctrl-C's SIGINT.
        soak.terminate();

        assertThat(soak.awaitExit(60, TimeUnit.SECONDS)).isNotZero();
        assertNothingLeftBehind(soak);
    }

    private JvmProcess startSoak(final String... options)
    {
        final List<String> args = new ArrayList<>(List.of("soak"));
        args.addAll(List.of(options));
        final JvmProcess soak = JvmProcess.start(
            "soak", List.of("tuplespace.dir=" + dir), line -> {}, args.toArray(String[]::new));
        processes.add(soak);
        return soak;
    }

    private File soakDir(final JvmProcess soak)
    {
        return new File(dir + "-soak-" + soak.pid());
    }

    private void assertNothingLeftBehind(final JvmProcess soak)
    {
        assertThat(soakDir(soak)).doesNotExist();
        assertThat(processesUsingTheDirectoryOf(soak)).as("processes still running in " + soakDir(soak)).isEmpty();
    }

    /**
     * @return the PIDs of the processes started with the soak's directory: its server, producer and workers.
     */
    private List<Long> processesUsingTheDirectoryOf(final JvmProcess soak)
    {
        final String dirFlag = "-Dtuplespace.dir=" + soakDir(soak).getPath();
        return ProcessHandle.allProcesses()
            .filter(process -> process.info().arguments().map(args -> Arrays.asList(args).contains(dirFlag))
                .orElse(false))
            .map(ProcessHandle::pid)
            .toList();
    }
}
