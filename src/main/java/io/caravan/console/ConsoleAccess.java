package io.caravan.console;

import io.caravan.jmx.DescribedBean;

import java.lang.management.ManagementFactory;
import java.security.AccessController;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import javax.security.auth.Subject;

/**
 * {@link ConsolePolicy} as the JMX security MBean of Hawtio's role-based access: Hawtio's Jolokia restrictor
 * calls it inside the logged-in user's {@link Subject}, so the role comes from the subject's
 * {@link RolePrincipal}. Without authentication (allowed on loopback only) there is no subject, and the local
 * user is an operator; the policy's refusals for everyone still hold.
 */
public final class ConsoleAccess implements ConsoleAccessMBean {

    public static final String NAME = "io.caravan:type=security,area=jmx,name=ConsoleAccess";

    private static final CompositeType PERMISSION;
    private static final TabularType PERMISSIONS;

    static {
        try {
            PERMISSION = new CompositeType("PermissionCompositeType", "a permission",
                    new String[] {"ObjectName", "Method", "CanInvoke"},
                    new String[] {"the MBean", "the method", "whether the caller may call it"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.BOOLEAN});
            PERMISSIONS = new TabularType("PermissionTabularType", "permissions", PERMISSION,
                    new String[] {"ObjectName", "Method"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean authenticated;

    private ConsoleAccess(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** Registers the MBean, replacing one left by an earlier console in this JVM. */
    public static ObjectName register(boolean authenticated) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = ObjectName.getInstance(NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new DescribedBean<>(new ConsoleAccess(authenticated), ConsoleAccessMBean.class), name);
            return name;
        } catch (JMException e) {
            throw new IllegalStateException("console: cannot register " + NAME + ": " + e.getMessage(), e);
        }
    }

    public static void unregister(ObjectName name) {
        if (name == null) {
            return; // never registered: Hawtio did not run
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException ignored) {
            // already gone: nothing to undo
        }
    }

    @Override
    public boolean canInvoke(String objectName) throws Exception {
        return role().isPresent() && !ConsolePolicy.allowsNothingOn(ObjectName.getInstance(objectName));
    }

    @Override
    public boolean canInvoke(String objectName, String methodName) throws Exception {
        return ConsolePolicy.allows(role(), ObjectName.getInstance(objectName), methodName);
    }

    @Override
    public boolean canInvoke(String objectName, String methodName, String[] argumentTypes) throws Exception {
        return canInvoke(objectName, methodName);
    }

    @Override
    public TabularData canInvoke(Map<String, List<String>> bulkQuery) throws Exception {
        TabularData table = new TabularDataSupport(PERMISSIONS);
        for (Map.Entry<String, List<String>> query : bulkQuery.entrySet()) {
            if (query.getValue().isEmpty()) {
                table.put(row(query.getKey(), "", canInvoke(query.getKey())));
            }
            for (String method : query.getValue()) {
                int paren = method.indexOf('(');
                String name = paren < 0 ? method : method.substring(0, paren);
                table.put(row(query.getKey(), method, canInvoke(query.getKey(), name.trim())));
            }
        }
        return table;
    }

    private static CompositeDataSupport row(String objectName, String method, boolean allowed)
            throws OpenDataException {
        return new CompositeDataSupport(PERMISSION, new String[] {"ObjectName", "Method", "CanInvoke"},
                new Object[] {objectName, method, allowed});
    }

    @SuppressWarnings("removal") // Hawtio hands the user over as the access-control context's subject
    private Optional<ConsoleRole> role() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            return authenticated ? Optional.empty() : Optional.of(ConsoleRole.OPERATOR);
        }
        return subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::role)
                .flatMap(Optional::stream).max(Enum::compareTo);
    }
}
