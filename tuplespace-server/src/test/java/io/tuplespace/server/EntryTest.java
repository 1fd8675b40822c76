package io.tuplespace.server;

import io.tuplespace.client.TupleSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records and JavaSpaces-style entry classes through a real server: no mapping code, null fields as wildcards,
 * subtype matching, and marshalled fields matched by equality.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EntryTest
{
    /**
     * A record entry.
     */
    public record Task(long id, String name)
    {
    }

    /**
     * A JavaSpaces-style entry: public fields, public no-argument constructor.
     */
    public static class Animal
    {
        public String name;
        public Integer legs;

        public Animal()
        {
        }

        Animal(final String name, final Integer legs)
        {
            this.name = name;
            this.legs = legs;
        }
    }

    /**
     * A subclass entry, with a field of a non-builtin type.
     */
    public static class Dog extends Animal
    {
        public String breed;
        public Instant born;

        public Dog()
        {
        }

        Dog(final String name, final String breed, final Instant born)
        {
            super(name, 4);
            this.breed = breed;
            this.born = born;
        }
    }

    private ServerFixture fixture;
    private TupleSpace space;

    @BeforeEach
    void start()
    {
        fixture = new ServerFixture();
        space = fixture.connect();
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void aRecordGoesInAndComesBackByValue()
    {
        space.out(new Task(42, "x"));

        assertThat(space.rdp(new Task(42, "x"))).contains(new Task(42, "x"));
        assertThat(space.inp(new Task(42, null))).contains(new Task(42, "x"));
        assertThat(space.inp(new Task(42, null))).isEmpty();
    }

    @Test
    void nullFieldsAreWildcardsAndASupertypeTemplateTakesASubtypeEntryAsItsOwnClass()
    {
        final Instant born = Instant.parse("2020-01-01T00:00:00Z");
        space.out(new Dog("rex", "collie", born));
        space.out(new Animal("tom", 4));

        final Animal first = space.in(new Animal(null, 4), Duration.ofSeconds(5)).orElseThrow();
        assertThat(first).isInstanceOf(Dog.class);
        assertThat(((Dog)first).breed).isEqualTo("collie");
        assertThat(((Dog)first).born).isEqualTo(born);

        assertThat(space.rdp(new Dog(null, null, null))).isEmpty();
        assertThat(space.inp(new Animal("tom", null)).orElseThrow().legs).isEqualTo(4);
    }

    @Test
    void aMarshalledFieldMatchesByEquality()
    {
        final Instant born = Instant.parse("2021-06-01T12:00:00Z");
        space.out(new Dog("rex", "collie", born));

        final Dog template = new Dog();
        template.born = Instant.parse("2021-06-01T12:00:00Z");
        assertThat(space.rdp(template)).isPresent();
        template.born = Instant.parse("2022-06-01T12:00:00Z");
        assertThat(space.rdp(template)).isEmpty();
    }
}
