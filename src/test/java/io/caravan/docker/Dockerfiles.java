package io.caravan.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The instructions of docker/Dockerfile as Docker reads them: comments dropped, continuation lines joined. */
final class Dockerfiles {

    static final Path DOCKERFILE = Path.of("docker/Dockerfile");

    private Dockerfiles() {
    }

    static List<String> instructions() {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try {
            for (String line : Files.readAllLines(DOCKERFILE)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                } else {
                    instructions.add(current.append(trimmed).toString());
                    current.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return instructions;
    }

    /** The arguments of every instruction with this keyword, in order. */
    static List<String> arguments(String keyword) {
        String prefix = keyword.toUpperCase(Locale.ROOT) + " ";
        return instructions().stream().filter(i -> i.toUpperCase(Locale.ROOT).startsWith(prefix))
                .map(i -> i.substring(prefix.length()).strip()).toList();
    }

    /** The shell command of the HEALTHCHECK, what Docker runs with /bin/sh -c. */
    static String healthCommand() {
        List<String> checks = arguments("HEALTHCHECK");
        if (checks.size() != 1) {
            throw new AssertionError("expected one HEALTHCHECK in " + DOCKERFILE + ", found " + checks);
        }
        int cmd = checks.get(0).indexOf("CMD ");
        if (cmd < 0 || checks.get(0).substring(cmd + 4).strip().startsWith("[")) {
            throw new AssertionError("HEALTHCHECK is not in shell form (CMD command): " + checks.get(0));
        }
        return checks.get(0).substring(cmd + 4).strip();
    }
}
