package io.tuplespace.javaspaces;

import io.tuplespace.codecs.FieldType;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import net.jini.core.entry.UnusableEntryException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.rmi.MarshalException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The entry layout, without a server: class names and fields sorted by name, superclass first; builtin fields typed,
 * others marshalled; null markers that round-trip; templates as prefix templates with null wildcards.
 */
class EntryCodecTest
{
    private static final String TASK = Entries.Task.class.getName();
    private static final String URGENT = Entries.UrgentTask.class.getName();
    private static final Instant DEADLINE = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void anEntryIsItsClassNameThenItsFieldsSortedByName() throws MarshalException
    {
        final Entries.Task task = new Entries.Task(7L, "render");
        task.payload = new byte[]{ 1, 2 };

        assertThat(EntryCodec.toTuple(task)).isEqualTo(Tuple.of(TASK, 7L, "render", new byte[]{ 1, 2 }));
    }

    @Test
    void aSubclassEntryStartsWithItsSuperclassLayout() throws IOException
    {
        final Tuple tuple = EntryCodec.toTuple(new Entries.UrgentTask(7L, "render", 2, DEADLINE));

        assertThat(tuple.size()).isEqualTo(7);
        assertThat(tuple.getString(0)).isEqualTo(TASK);
        assertThat(tuple.getLong(1)).isEqualTo(7L);
        assertThat(tuple.getString(4)).isEqualTo(URGENT);
        assertThat(tuple.getBytes(5)).as("non-builtin fields are serialized").isEqualTo(serialized(DEADLINE));
        assertThat(tuple.getInt(6)).isEqualTo(2);
    }

    @Test
    void nullFieldsRoundTrip() throws Exception
    {
        final Entries.UrgentTask urgent = new Entries.UrgentTask(null, null, null, null);

        final Tuple tuple = EntryCodec.toTuple(urgent);

        assertThat(tuple.type(1)).as("a null Long is a marker of another type").isNotEqualTo(FieldType.LONG);
        assertThat(tuple.type(6)).as("a null Integer is a marker of another type").isNotEqualTo(FieldType.INT);
        assertThat(EntryCodec.toEntry(tuple, null)).isEqualTo(urgent);
    }

    @Test
    void entriesAndRecordsRoundTripAsTheirOwnClass() throws Exception
    {
        final Entries.UrgentTask urgent = new Entries.UrgentTask(1L, "a", 3, DEADLINE);
        urgent.payload = new byte[]{ 9 };
        final Entries.Job job = new Entries.Job(5, "ann");

        assertThat(EntryCodec.toEntry(EntryCodec.toTuple(urgent), null)).isEqualTo(urgent);
        assertThat(EntryCodec.toEntry(EntryCodec.toTuple(job), null)).isEqualTo(job);
    }

    @Test
    void nullTemplateFieldsAreWildcardsAndSubclassesMatch() throws MarshalException
    {
        final Template anyTask = EntryCodec.toTemplate(new Entries.Task());
        final Template namedTask = EntryCodec.toTemplate(new Entries.Task(null, "render"));

        assertThat(anyTask.isPrefix()).isTrue();
        assertThat(anyTask.matches(EntryCodec.toTuple(new Entries.Task(1L, "x")))).isTrue();
        assertThat(anyTask.matches(EntryCodec.toTuple(new Entries.Task(null, null)))).isTrue();
        assertThat(anyTask.matches(EntryCodec.toTuple(new Entries.UrgentTask(1L, "x", 1, DEADLINE)))).isTrue();
        assertThat(namedTask.matches(EntryCodec.toTuple(new Entries.Task(2L, "render")))).isTrue();
        assertThat(namedTask.matches(EntryCodec.toTuple(new Entries.Task(2L, "other")))).isFalse();
        assertThat(namedTask.matches(EntryCodec.toTuple(new Entries.Task(2L, null)))).isFalse();
        assertThat(anyTask.matches(EntryCodec.toTuple(new Entries.Result(1L, 2.0)))).isFalse();
    }

    @Test
    void aSubclassTemplateDoesNotMatchItsSuperclass() throws MarshalException
    {
        final Template anyUrgent = EntryCodec.toTemplate(new Entries.UrgentTask());

        assertThat(anyUrgent.matches(EntryCodec.toTuple(new Entries.Task(1L, "x")))).isFalse();
        assertThat(anyUrgent.matches(EntryCodec.toTuple(new Entries.UrgentTask(1L, "x", 1, null)))).isTrue();
    }

    @Test
    void marshalledFieldsMatchByTheirSerializedForm() throws MarshalException
    {
        final Template byDeadline = EntryCodec.toTemplate(new Entries.UrgentTask(null, null, null, DEADLINE));

        assertThat(byDeadline.matches(EntryCodec.toTuple(new Entries.UrgentTask(1L, "x", 1, DEADLINE)))).isTrue();
        assertThat(byDeadline.matches(
            EntryCodec.toTuple(new Entries.UrgentTask(1L, "x", 1, DEADLINE.plusSeconds(1))))).isFalse();
    }

    @Test
    void aNullTemplateMatchesEveryEntry() throws MarshalException
    {
        final Template any = EntryCodec.toTemplate(null);

        assertThat(any.matches(EntryCodec.toTuple(new Entries.Task(1L, "x")))).isTrue();
        assertThat(any.matches(EntryCodec.toTuple(new Entries.Job(1, "x")))).isTrue();
    }

    @Test
    void recordPrimitiveComponentsAreAlwaysActual() throws MarshalException
    {
        final Template job5 = EntryCodec.toTemplate(new Entries.Job(5, null));

        assertThat(job5.matches(EntryCodec.toTuple(new Entries.Job(5, "ann")))).isTrue();
        assertThat(job5.matches(EntryCodec.toTuple(new Entries.Job(6, "ann")))).isFalse();
    }

    @Test
    void invalidEntryClassesAreRefusedAsJavaSpacesDoes()
    {
        assertThatThrownBy(() -> EntryCodec.toTuple(new Entries.PrimitiveField()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primitive");
        assertThatThrownBy(() -> EntryCodec.toTemplate(new Entries.NoDefaultConstructor(1L)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-argument constructor");
        assertThatThrownBy(() -> EntryCodec.toTuple(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTupleThatIsNoEntryIsUnusable()
    {
        assertThatThrownBy(() -> EntryCodec.toEntry(Tuple.of("no.such.Entry", 1L), null))
            .isInstanceOf(UnusableEntryException.class);
        assertThatThrownBy(() -> EntryCodec.toEntry(Tuple.of(42L), null))
            .isInstanceOf(UnusableEntryException.class);
    }

    private static byte[] serialized(final Object value) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
