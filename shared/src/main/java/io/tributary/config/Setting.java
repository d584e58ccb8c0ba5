package io.tributary.config;

/**
 * One configuration key: its name (an app setting / environment variable), the value used when
 * none is given (null when there is none), and what it does.
 */
public record Setting(String name, String defaultValue, String doc) {
}
