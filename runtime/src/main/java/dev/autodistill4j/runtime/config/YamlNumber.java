package dev.autodistill4j.runtime.config;

import java.util.Objects;

/**
 * A YAML number that remembers how it was written. YAML turns {@code 1.5e400} into Infinity, {@code 0.10} into
 * 0.1 and {@code 0x1F} into 31; where a number is used as a name (a class called {@code 1.5e400}, a prompt
 * {@code 2001}), {@link #toString()} gives back the text as the user wrote it, while settings such as
 * {@code confidence: 0.5} still read it as a number.
 */
public final class YamlNumber extends Number {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final Number value;

    YamlNumber(String text, Number value) {
        this.text = Objects.requireNonNull(text);
        this.value = Objects.requireNonNull(value);
    }

    /** The number as YAML reads it (may be infinite for an out-of-range float such as {@code 1e400}). */
    public Number value() {
        return value;
    }

    @Override
    public int intValue() {
        return value.intValue();
    }

    @Override
    public long longValue() {
        return value.longValue();
    }

    @Override
    public float floatValue() {
        return value.floatValue();
    }

    @Override
    public double doubleValue() {
        return value.doubleValue();
    }

    /** The scalar exactly as written in the file. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YamlNumber n && n.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
