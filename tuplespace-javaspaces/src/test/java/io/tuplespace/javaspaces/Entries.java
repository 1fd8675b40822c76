package io.tuplespace.javaspaces;

import net.jini.core.entry.Entry;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Entry classes the tests write: JavaSpaces-style classes with public fields and a subclass, and a record.
 */
final class Entries
{
    private Entries()
    {
    }

    /**
     * A JavaSpaces entry with builtin-typed fields (and a byte[]).
     */
    public static class Task implements Entry
    {
        private static final long serialVersionUID = 1L;

        public Long id;
        public String name;
        public byte[] payload;

        public Task()
        {
        }

        Task(final Long id, final String name)
        {
            this.id = id;
            this.name = name;
        }

        public boolean equals(final Object o)
        {
            if (null == o || o.getClass() != getClass())
            {
                return false;
            }
            final Task task = (Task)o;
            return Objects.equals(id, task.id) && Objects.equals(name, task.name) &&
                Arrays.equals(payload, task.payload);
        }

        public int hashCode()
        {
            return Objects.hash(id, name);
        }

        public String toString()
        {
            return getClass().getSimpleName() + "{id=" + id + ", name=" + name + "}";
        }
    }

    /**
     * A subclass entry, adding a builtin field and one of a non-builtin type (marshalled).
     */
    public static class UrgentTask extends Task
    {
        private static final long serialVersionUID = 1L;

        public Integer priority;
        public Instant deadline;

        public UrgentTask()
        {
        }

        UrgentTask(final Long id, final String name, final Integer priority, final Instant deadline)
        {
            super(id, name);
            this.priority = priority;
            this.deadline = deadline;
        }

        public boolean equals(final Object o)
        {
            return super.equals(o) && Objects.equals(priority, ((UrgentTask)o).priority) &&
                Objects.equals(deadline, ((UrgentTask)o).deadline);
        }

        public int hashCode()
        {
            return Objects.hash(super.hashCode(), priority, deadline);
        }
    }

    /**
     * Another entry class, unrelated to {@link Task}.
     */
    public static class Result implements Entry
    {
        private static final long serialVersionUID = 1L;

        public Long taskId;
        public Double value;

        public Result()
        {
        }

        Result(final Long taskId, final Double value)
        {
            this.taskId = taskId;
            this.value = value;
        }

        public boolean equals(final Object o)
        {
            return o instanceof Result && Objects.equals(taskId, ((Result)o).taskId) &&
                Objects.equals(value, ((Result)o).value);
        }

        public int hashCode()
        {
            return Objects.hash(taskId, value);
        }

        public String toString()
        {
            return "Result{taskId=" + taskId + ", value=" + value + "}";
        }
    }

    /**
     * A record entry.
     *
     * @param id    always an actual value in a template: it is primitive.
     * @param owner null in a template is a wildcard.
     */
    public record Job(long id, String owner) implements Entry
    {
    }

    /**
     * Not a valid entry: a primitive public field.
     */
    public static class PrimitiveField implements Entry
    {
        private static final long serialVersionUID = 1L;

        public long id;
    }

    /**
     * Not a valid entry: no public no-argument constructor.
     */
    public static class NoDefaultConstructor implements Entry
    {
        private static final long serialVersionUID = 1L;

        public Long id;

        NoDefaultConstructor(final Long id)
        {
            this.id = id;
        }
    }
}
