package io.caravan.console;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The Jolokia access policy ({@code jolokia-access.xml}) the console's agent runs with: no attribute writes,
 * no JSR-160 proxying, the JVM's diagnostic and loading MBeans denied outright, and strict origin checking,
 * so a browser request from any page but the console's own (or an origin the operator named) is refused, not
 * merely denied a CORS grant. Role checks are {@link ConsolePolicy}'s, through Hawtio's restrictor, which
 * applies this policy first; the MBeans denied here are closed in {@link ConsolePolicy} too, so neither layer
 * alone opens them.
 */
final class JolokiaAccess {

    private JolokiaAccess() {
    }

    /** The policy document allowing exactly these origins ({@code scheme://host:port}). */
    static String policy(Collection<String> origins) {
        String allowed = origins.stream().map(o -> "    <allow-origin>" + xml(o) + "</allow-origin>")
                .collect(Collectors.joining("\n"));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- written by Caravan at each start from caravan.console.* (docs/SECURITY.md); edits are lost -->
                <restrict>
                  <commands>
                    <command>read</command>
                    <command>list</command>
                    <command>search</command>
                    <command>version</command>
                    <command>exec</command>
                  </commands>
                  <cors>
                %s
                    <strict-checking/>
                  </cors>
                </restrict>
                """.formatted(allowed);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
