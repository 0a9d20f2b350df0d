package io.caravan.console;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Who may call what through the console. Everything not granted here is refused, whoever asks.
 *
 * <ul>
 *   <li>Nobody runs the JVM's diagnostic and loading MBeans (DiagnosticCommand can load native agents,
 *       HotSpotDiagnostic writes heap dumps that hold mail, MLet loads code, Flight Recorder records what
 *       passes through memory), nobody calls Jolokia's own operations, and nobody writes an attribute: the
 *       console is for looking at the gateway and acting on its queues, not for reconfiguring the JVM.</li>
 *   <li>A viewer reads attributes and the read-only operations named below: queue metadata (list and count,
 *       never browse or peek, which return message bodies), Camel's route dumps (the route diagram), thread
 *       dumps, Caravan's own listings.</li>
 *   <li>An operator may also run every operation of Caravan's MBeans and of the broker's addresses and
 *       queues (remove, move, retry, pause, resume, browse...), not the broker's own (creating or destroying
 *       queues, stopping the broker).</li>
 * </ul>
 *
 * <p>Attribute reads arrive here as their getters ({@code getMessageCount}, {@code isPaused}), the way Hawtio
 * asks. The rules are checked by Jolokia's restrictor on every request, and by Hawtio's UI to grey out what a
 * user may not do.
 */
public final class ConsolePolicy {

    private record Rule(ObjectName mbeans, Pattern methods, ConsoleRole least) {
    }

    private static final List<ObjectName> NOBODY = names(
            "com.sun.management:type=DiagnosticCommand",
            "com.sun.management:type=HotSpotDiagnostic",
            "jdk.management.jfr:*",
            "*:type=MLet,*",
            "JMImplementation:*",
            "jolokia:*");

    private static final Pattern READ = Pattern.compile("(get|is)[A-Z].*");

    private static final List<Rule> RULES = List.of(
            new Rule(name("*:type=security,area=jmx,*"), Pattern.compile("canInvoke"), ConsoleRole.VIEWER),
            // the JMX tree Hawtio's UI shows, each MBean marked with what this user may call on it
            new Rule(name("hawtio:type=security,name=RBACRegistry"), Pattern.compile("list"), ConsoleRole.VIEWER),
            new Rule(name("org.apache.activemq.artemis:component=addresses,*"),
                    Pattern.compile("(list|count)[A-Z].*"), ConsoleRole.VIEWER),
            new Rule(name("org.apache.camel:*"), Pattern.compile("dump[A-Z].*"), ConsoleRole.VIEWER),
            new Rule(name("java.lang:type=Threading"), Pattern.compile("(dump|find)[A-Z].*"), ConsoleRole.VIEWER),
            new Rule(name("io.caravan:*"), Pattern.compile("list[A-Z].*"), ConsoleRole.VIEWER),
            new Rule(name("io.caravan:*"), Pattern.compile(".*"), ConsoleRole.OPERATOR),
            new Rule(name("org.apache.activemq.artemis:component=addresses,*"), Pattern.compile(".*"),
                    ConsoleRole.OPERATOR));

    private ConsolePolicy() {
    }

    /**
     * Whether a user with the given role may call the method on the MBean. An empty role is a user the
     * console knows nothing of, who may do nothing.
     */
    public static boolean allows(Optional<ConsoleRole> role, ObjectName mbean, String method) {
        if (role.isEmpty() || allowsNothingOn(mbean) || method.startsWith("set")) {
            return false;
        }
        if (READ.matcher(method).matches()) {
            return true;
        }
        for (Rule rule : RULES) {
            if (rule.mbeans().apply(mbean) && rule.methods().matcher(method).matches()
                    && covers(role.get(), rule.least())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the MBean is closed to everyone. */
    public static boolean allowsNothingOn(ObjectName mbean) {
        return NOBODY.stream().anyMatch(pattern -> pattern.apply(mbean));
    }

    private static boolean covers(ConsoleRole held, ConsoleRole needed) {
        return held.ordinal() >= needed.ordinal();
    }

    private static List<ObjectName> names(String... patterns) {
        return Arrays.stream(patterns).map(ConsolePolicy::name).toList();
    }

    private static ObjectName name(String pattern) {
        try {
            return ObjectName.getInstance(pattern);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(pattern, e);
        }
    }
}
