package io.caravan.config;

/**
 * A configuration problem found at startup. Its message is one line that names
 * the culprit (file, key or port), because that line is all an operator sees
 * before the process exits.
 */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
