package io.caravan.feedback;

import io.caravan.config.Values;
import io.caravan.jmx.Beans;
import java.time.Clock;
import java.time.Instant;
import javax.management.JMException;
import javax.management.ObjectName;

/** The {@link SuppressionsMBean} of a node, registered for as long as the node runs. */
public final class Suppressions implements SuppressionsMBean, AutoCloseable {

    /** The MBean's name, which the queue tool asks for (io.caravan.queue.SuppressionOperations). */
    public static final String NAME = "io.caravan:type=Suppressions";

    private final SuppressionList list;
    private final Clock clock;
    private final ObjectName name;

    private Suppressions(SuppressionList list, Clock clock, ObjectName name) {
        this.list = list;
        this.clock = clock;
        this.name = name;
    }

    public static Suppressions register(SuppressionList list, Clock clock) {
        try {
            ObjectName name = new ObjectName(NAME);
            Suppressions bean = new Suppressions(list, clock, name);
            Beans.show(name, bean, SuppressionsMBean.class);
            return bean;
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the suppressions MBean", e);
        }
    }

    @Override
    public String[] getEntries() {
        return list.list("").stream().map(Suppressions::line).toArray(String[]::new);
    }

    @Override
    public int getCount() {
        return list.size();
    }

    @Override
    public String suppress(String scope, String recipient, String expires, String note) {
        Instant now = clock.instant();
        Instant until = expires == null || expires.isBlank() ? null : now.plus(Values.duration(expires));
        Suppression s = new Suppression(scope, recipient, Suppression.Reason.MANUAL,
                note == null || note.isBlank() ? "by an operator" : note, now, until);
        list.add(s);
        return s.recipient() + " suppressed for " + s.scope() + (until == null ? "" : " until " + until);
    }

    @Override
    public String unsuppress(String scope, String recipient) {
        boolean was = list.remove(scope, recipient);
        return was ? recipient + " no longer suppressed for " + scope
                : recipient + " was not suppressed for " + scope;
    }

    static String line(Suppression s) {
        return String.join("\t", s.scope(), s.recipient(), s.reason().name().toLowerCase(java.util.Locale.ROOT),
                s.created().toString(), s.expires() == null ? "never" : s.expires().toString(), s.detail());
    }

    @Override
    public void close() {
        Beans.hide(name, this);
    }
}
