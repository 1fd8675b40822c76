package io.tuplespace.examples.bench;

import io.tuplespace.examples.JvmProcess;

import java.util.ArrayList;
import java.util.List;

/**
 * Pins the bench process to one CPU and the systems it measures to another (Linux, with {@code taskset}): the first
 * two CPUs the bench may run on, and puts every thread back on the CPUs the bench started with afterwards. Unpinned, the scheduler sometimes puts the two
 * threads of a round trip on the same CPU, where each answer waits for the other thread to yield: the median round
 * trip then jumps from about 0.2 us to 1-5 us for a while, for the baseline and the tuple space alike. Pinned, the
 * two always run side by side.
 */
final class CpuPinning implements AutoCloseable
{
    private final String originalMask;
    private final List<Long> pids;
    private final int benchCpu;
    private final int systemsCpu;

    private CpuPinning(final String originalMask, final List<Long> pids, final int benchCpu, final int systemsCpu)
    {
        this.originalMask = originalMask;
        this.pids = pids;
        this.benchCpu = benchCpu;
        this.systemsCpu = systemsCpu;
    }

    /**
     * Pin every thread of this process to the first CPU it may run on, and every thread of the systems to the
     * second.
     *
     * @throws IllegalStateException if {@code taskset} is missing or fails, or this process may use fewer than 2
     *                               CPUs.
     */
    static CpuPinning pin(final JvmProcess... systems)
    {
        final long self = ProcessHandle.current().pid();
        final String mask = afterColon(taskset("-p", Long.toString(self)));
        final List<Integer> cpus = cpuList(afterColon(taskset("-c", "-p", Long.toString(self))));
        if (cpus.size() < 2)
        {
            throw new IllegalStateException("--pin needs 2 CPUs, this process may use only " + cpus);
        }
        final List<Long> pids = new ArrayList<>();
        pids.add(self);
        for (final JvmProcess system : systems)
        {
            pids.add(system.pid());
        }
        final CpuPinning pinning = new CpuPinning(mask, pids, cpus.get(0), cpus.get(1));
        try
        {
            for (final JvmProcess system : systems)
            {
                taskset("-a", "-p", "-c", Integer.toString(pinning.systemsCpu), Long.toString(system.pid()));
            }
            taskset("-a", "-p", "-c", Integer.toString(pinning.benchCpu), Long.toString(self));
        }
        catch (final RuntimeException ex)
        {
            pinning.close();
            throw ex;
        }
        return pinning;
    }

    /**
     * @return where the threads went, for the report: e.g. "bench on CPU 0, pong and server on CPU 1".
     */
    String describe(final String systems)
    {
        return "bench on CPU " + benchCpu + ", " + systems + " on CPU " + systemsCpu;
    }

    /**
     * @param list as taskset prints it, e.g. {@code 0,2-3}.
     * @return the CPUs, in order.
     */
    static List<Integer> cpuList(final String list)
    {
        final List<Integer> cpus = new ArrayList<>();
        for (final String part : list.trim().split(","))
        {
            final String[] range = part.trim().split("-");
            final int first = Integer.parseInt(range[0].trim());
            final int last = range.length > 1 ? Integer.parseInt(range[1].trim()) : first;
            for (int cpu = first; cpu <= last; cpu++)
            {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    private static String afterColon(final String tasksetOutput)
    {
        return tasksetOutput.substring(tasksetOutput.lastIndexOf(':') + 1).trim();
    }

    /**
     * Put every thread of the bench and of the systems still running back on the bench's original CPUs, so the
     * JVMs started afterwards inherit all of them.
     */
    public void close()
    {
        for (final long pid : pids)
        {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                taskset("-a", "-p", originalMask, Long.toString(pid));
            }
        }
    }

    private static String taskset(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add("taskset");
        command.addAll(List.of(args));
        return SystemCommand.run("--pin needs taskset (util-linux)", command);
    }
}
